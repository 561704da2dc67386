/// The Snowball Russian stemmer (snowballstem.org/algorithms/russian), ported so that search works the same on
/// SQLite, where we stem in Swift, and on PostgreSQL, whose `russian` configuration (`russian_stem`) runs the
/// same algorithm in C. Checked word for word against PostgreSQL 15's `ts_lexize('russian_stem', …)`.
public enum RussianStemmer {
    /// The stem of one word, lowercased. Words with non-Cyrillic letters come back lowercased and otherwise
    /// unchanged: stripping Russian endings from Latin words would only damage them.
    public static func stem(_ word: String) -> String {
        var letters: [Character] = []
        for character in word.lowercased() {
            if let index = alphabet.firstIndex(of: character) {
                // Storing the alphabet's own (precomposed) letter makes a decomposed «й» or «ё» stem to the same
                // bytes as a typed one; Snowball itself folds ё into е.
                letters.append(alphabet[index] == "ё" ? "е" : alphabet[index])
            } else if character.isLetter {
                return word.lowercased()
            } else {
                letters.append(character)
            }
        }
        let (rv, r2) = regions(letters)
        var w = Word(letters: letters, rv: rv)

        // Step 1: one class of ending. A perfective gerund excludes the rest; otherwise a reflexive «ся»/«сь»
        // may come off first, and then the first of adjectival, verb or noun endings that is present.
        if !w.remove(Suffixes.perfectiveGerund) {
            _ = w.remove(Suffixes.reflexive)
            if w.remove(Suffixes.adjective) {
                _ = w.remove(Suffixes.participle)
            } else if !w.remove(Suffixes.verb) {
                _ = w.remove(Suffixes.noun)
            }
        }
        // Step 2: a final «и» (the noun ending «ию» was taken above as the verb ending «ю»).
        _ = w.remove(Suffixes.i)
        // Step 3: «ость»/«ост» only when it lies wholly in R2, i.e. leaves a stem of some substance:
        // «ответственность» → «ответствен», but «радость» → «радост».
        if let ending = w.longest(Suffixes.derivational), w.letters.count - ending.length >= r2 {
            w.letters.removeLast(ending.length)
        }
        // Step 4: the superlative «ейш(е)», then «нн» → «н», or else a soft sign.
        if w.remove(Suffixes.superlative) || w.endsInRV(["н", "н"]) {
            if w.endsInRV(["н", "н"]) { w.letters.removeLast() }
        } else {
            _ = w.remove(Suffixes.softSign)
        }
        return String(w.letters)
    }

    private static let alphabet = Array("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
    private static let vowels: Set<Character> = ["а", "е", "и", "о", "у", "ы", "э", "ю", "я"]

    /// RV starts after the first vowel; R2 is R1 of R1, where R1 starts after the first non-vowel following a vowel.
    /// Either is the end of the word when there is no such place, which is what keeps stems from vanishing.
    private static func regions(_ w: [Character]) -> (rv: Int, r2: Int) {
        func past(_ isVowel: Bool, from start: Int) -> Int? {
            guard start <= w.count, let i = w[start...].firstIndex(where: { vowels.contains($0) == isVowel })
            else { return nil }
            return i + 1
        }
        guard let rv = past(true, from: 0) else { return (w.count, w.count) }
        guard let r1 = past(false, from: rv), let v = past(true, from: r1), let r2 = past(false, from: v)
        else { return (rv, w.count) }
        return (rv, r2)
    }

    /// A word being stemmed: endings are only ever taken from its end, and only from within RV.
    private struct Word {
        var letters: [Character]
        let rv: Int

        func endsInRV(_ ending: [Character]) -> Bool {
            letters.count - ending.count >= rv && letters.suffix(ending.count).elementsEqual(ending)
        }

        /// Snowball's `among`: the longest listed ending present in RV. A shorter one is never tried instead,
        /// even when the longest one's condition then fails.
        func longest(_ list: Suffixes) -> (length: Int, afterAOrYa: Bool)? {
            let a = list.afterAOrYa.filter(endsInRV).map(\.count).max() ?? 0
            let b = list.anywhere.filter(endsInRV).map(\.count).max() ?? 0
            return a == 0 && b == 0 ? nil : (max(a, b), a > b)
        }

        /// Removes the longest listed ending; one of the first group only when «а» or «я» (also in RV) precede it.
        mutating func remove(_ list: Suffixes) -> Bool {
            guard let ending = longest(list) else { return false }
            if ending.afterAOrYa {
                let before = letters.count - ending.length - 1
                guard before >= rv, letters[before] == "а" || letters[before] == "я" else { return false }
            }
            letters.removeLast(ending.length)
            return true
        }
    }

    /// The ending lists of the Snowball source, split by whether they need a preceding «а»/«я».
    private struct Suffixes: Sendable {
        let afterAOrYa: [[Character]]
        let anywhere: [[Character]]

        init(afterAOrYa: [String] = [], _ anywhere: [String]) {
            self.afterAOrYa = afterAOrYa.map(Array.init)
            self.anywhere = anywhere.map(Array.init)
        }

        static let perfectiveGerund = Suffixes(
            afterAOrYa: ["в", "вши", "вшись"], ["ив", "ивши", "ившись", "ыв", "ывши", "ывшись"])
        static let adjective = Suffixes([
            "ее", "ие", "ые", "ое", "ими", "ыми", "ей", "ий", "ый", "ой", "ем", "им", "ым", "ом", "его", "ого",
            "ему", "ому", "их", "ых", "ую", "юю", "ая", "яя", "ою", "ею",
        ])
        // Participle suffixes before an adjective ending; «им», «уем», «енн» are left alone as too error-prone.
        static let participle = Suffixes(afterAOrYa: ["ем", "нн", "вш", "ющ", "щ"], ["ивш", "ывш", "ующ"])
        static let reflexive = Suffixes(["ся", "сь"])
        static let verb = Suffixes(
            afterAOrYa: ["ла", "на", "ете", "йте", "ли", "й", "л", "ем", "н", "ло", "но", "ет", "ют", "ны", "ть",
                         "ешь", "нно"],
            ["ила", "ыла", "ена", "ейте", "уйте", "ите", "или", "ыли", "ей", "уй", "ил", "ыл", "им", "ым", "ен",
             "ило", "ыло", "ено", "ят", "ует", "уют", "ит", "ыт", "ены", "ить", "ыть", "ишь", "ую", "ю"])
        static let noun = Suffixes([
            "а", "ев", "ов", "ие", "ье", "е", "иями", "ями", "ами", "еи", "ии", "и", "ией", "ей", "ой", "ий", "й",
            "иям", "ям", "ием", "ем", "ам", "ом", "о", "у", "ах", "иях", "ях", "ы", "ь", "ию", "ью", "ю", "ия",
            "ья", "я",
        ])
        static let i = Suffixes(["и"])
        static let derivational = Suffixes(["ост", "ость"])
        static let superlative = Suffixes(["ейш", "ейше"])
        static let softSign = Suffixes(["ь"])
    }
}
