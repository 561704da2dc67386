/// Full-text search over practices: what is indexed and what is asked are both reduced to Snowball stems, so
/// «программы» finds «программа». SQLite (FTS5) gets the stems from `document`; PostgreSQL can stem with its
/// own `russian` configuration, and both are queried with the same `prefixes`.
public enum PracticeSearch {
    /// The words of a text: runs of letters and digits (anything else, hyphens included, separates them),
    /// lowercased, with ё read as е.
    public static func tokens(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        // Stress marks (´ `) sometimes written over Russian vowels are dropped rather than allowed to split or
        // spoil a word.
        let unstressed = String(String.UnicodeScalarView(text.unicodeScalars.filter {
            $0 != "\u{301}" && $0 != "\u{300}"
        }))
        for character in unstressed.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character == "ё" ? "е" : character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// The stems of all the words of a text, separated by single spaces: the column FTS5 indexes.
    public static func document(_ text: String) -> String {
        tokens(text).map(RussianStemmer.stem).joined(separator: " ")
    }

    /// A search box's text as at most 8 prefixes, one per distinct word, stop words and one-letter words left out.
    /// Each is the word's stem shortened a little, because Russian forms related words by changing the stem's
    /// tail: «наставничество» (stem «наставничеств») becomes «наставниче», which also begins «наставническ»,
    /// the stem of «наставнического». Only letters and digits survive, so nothing a user types can act as
    /// FTS5 or tsquery syntax.
    public static func prefixes(_ query: String) -> [String] {
        var result: [String] = []
        for word in tokens(query) where word.count >= 2 && !stopWords.contains(word) {
            let stem = RussianStemmer.stem(word)
            // Numbers and codes are matched as typed: shortening «2024» or «500» would find other numbers.
            let cut = !stem.allSatisfy(\.isLetter) ? 0 : stem.count >= 8 ? 3 : stem.count >= 6 ? 1 : 0
            let prefix = String(stem.dropLast(cut))
            if !result.contains(prefix) { result.append(prefix) }
            if result.count == 8 { break }
        }
        return result
    }

    /// An FTS5 MATCH expression requiring every prefix: `"p1"* AND "p2"*`.
    public static func fts5Match(_ prefixes: [String]) -> String {
        safe(prefixes).map { "\"\($0)\"*" }.joined(separator: " AND ")
    }

    /// A query for PostgreSQL's `to_tsquery('simple', …)` requiring every prefix: `p1:* & p2:*`.
    public static func tsquery(_ prefixes: [String]) -> String {
        safe(prefixes).map { "\($0):*" }.joined(separator: " & ")
    }

    /// `prefixes` already holds only letters and digits; this keeps hand-made lists just as harmless.
    private static func safe(_ prefixes: [String]) -> [String] {
        prefixes.map { String($0.lowercased().filter { $0.isLetter || $0.isNumber }) }.filter { !$0.isEmpty }
    }

    /// PostgreSQL's `russian.stop`, which its `russian` configuration drops from documents and queries alike.
    static let stopWords: Set<String> = [
        "и", "в", "во", "не", "что", "он", "на", "я", "с", "со", "как", "а", "то", "все", "она", "так", "его", "но",
        "да", "ты", "к", "у", "же", "вы", "за", "бы", "по", "только", "ее", "мне", "было", "вот", "от", "меня", "еще",
        "нет", "о", "из", "ему", "теперь", "когда", "даже", "ну", "вдруг", "ли", "если", "уже", "или", "ни", "быть",
        "был", "него", "до", "вас", "нибудь", "опять", "уж", "вам", "ведь", "там", "потом", "себя", "ничего", "ей",
        "может", "они", "тут", "где", "есть", "надо", "ней", "для", "мы", "тебя", "их", "чем", "была", "сам", "чтоб",
        "без", "будто", "чего", "раз", "тоже", "себе", "под", "будет", "ж", "тогда", "кто", "этот", "того", "потому",
        "этого", "какой", "совсем", "ним", "здесь", "этом", "один", "почти", "мой", "тем", "чтобы", "нее", "сейчас",
        "были", "куда", "зачем", "всех", "никогда", "можно", "при", "наконец", "два", "об", "другой", "хоть",
        "после", "над", "больше", "тот", "через", "эти", "нас", "про", "всего", "них", "какая", "много", "разве",
        "три", "эту", "моя", "впрочем", "хорошо", "свою", "этой", "перед", "иногда", "лучше", "чуть", "том",
        "нельзя", "такой", "им", "более", "всегда", "конечно", "всю", "между",
    ]
}
