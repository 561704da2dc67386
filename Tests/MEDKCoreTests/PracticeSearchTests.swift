import Testing
@testable import MEDKCore

@Suite("Searching practices")
struct PracticeSearchTests {
    /// What a document's stems make of a prefix: does some word of it begin with the prefix?
    private func finds(_ query: String, in text: String) -> Bool {
        let words = PracticeSearch.document(text).split(separator: " ")
        return PracticeSearch.prefixes(query).allSatisfy { prefix in words.contains { $0.hasPrefix(prefix) } }
    }

    @Test func textFallsApartIntoLowercaseWordsAtAnythingButLettersAndDigits() {
        #expect(PracticeSearch.tokens("Школа-интернат №5: ЁЛКИ и ёжики!") == ["школа", "интернат", "5", "елки", "и", "ежики"])
        #expect(PracticeSearch.tokens("  ,,, ") == [])
        // A stress mark over a vowel neither splits the word nor spoils its stem.
        #expect(PracticeSearch.tokens("учи\u{301}тель") == ["учитель"])
    }

    @Test func theIndexedColumnHoldsStemsSeparatedBySingleSpaces() {
        #expect(PracticeSearch.document("Программы наставничества — для ШНОР, 2024 год")
            == "программ наставничеств для шнор 2024 год")
    }

    @Test func someoneLookingForProgrammesFindsAProgramme() {
        #expect(finds("программы", in: "Программа перехода школы в эффективный режим"))
        #expect(finds("Программа", in: "Все программы школы"))
    }

    @Test func aSearchForMentorshipFindsTheMentoringProgramme() {
        #expect(PracticeSearch.prefixes("наставничество") == ["наставниче"])
        #expect(RussianStemmer.stem("наставнического").hasPrefix("наставниче"))
        #expect(finds("наставничество", in: "Программа наставнического сопровождения молодых педагогов"))
    }

    @Test func longStemsLoseThreeLettersMiddlingOnesOneShortOnesNone() {
        #expect(PracticeSearch.prefixes("программы") == ["прогр"])   // «программ», 8 letters
        #expect(PracticeSearch.prefixes("учителя") == ["учите"])     // «учител», 6 letters
        #expect(PracticeSearch.prefixes("школы") == ["школ"])        // 4 letters
        // Numbers are looked for as typed, not as any number beginning the same way.
        #expect(PracticeSearch.prefixes("20240101") == ["20240101"])
    }

    @Test func stopWordsAndSingleLettersVanish() {
        #expect(PracticeSearch.prefixes("и в на для всех школ") == ["школ"])
        #expect(PracticeSearch.prefixes("что было, то и будет") == [])
        #expect(PracticeSearch.prefixes("a б 5 Я") == [])
    }

    @Test func eachWordCountsOnceAndAtMostEightAreKept() {
        #expect(PracticeSearch.prefixes("школы школа ШКОЛ") == ["школ"])
        let many = PracticeSearch.prefixes("один1 два2 три3 четыре4 пять5 шесть6 семь7 восемь8 девять9 десять10")
        #expect(many.count == 8)
        #expect(many.first == "один1")
    }

    @Test func whateverIsTypedOnlyLettersAndDigitsComeThrough() {
        let hostile = #"" OR "x"* NEAR(a b, 3) AND NOT c:d & e | !f <-> '; DROP TABLE practices; -- {col}: ^g"#
        let prefixes = PracticeSearch.prefixes(hostile)
        #expect(prefixes == ["or", "near", "and", "not", "drop", "table", "practi", "col"])
        #expect(prefixes.allSatisfy { $0.allSatisfy { $0.isLowercase || $0.isNumber } })
        #expect(PracticeSearch.fts5Match(prefixes)
            == #""or"* AND "near"* AND "and"* AND "not"* AND "drop"* AND "table"* AND "practi"* AND "col"*"#)
    }

    @Test func theFTS5QueryAsksForEveryPrefix() {
        #expect(PracticeSearch.fts5Match(["наставниче", "прогр"]) == #""наставниче"* AND "прогр"*"#)
        #expect(PracticeSearch.fts5Match(PracticeSearch.prefixes("наставничество программы"))
            == #""наставниче"* AND "прогр"*"#)
        #expect(PracticeSearch.fts5Match([]) == "")
    }

    @Test func thePostgreSQLQueryAsksForEveryPrefix() {
        #expect(PracticeSearch.tsquery(["наставниче", "прогр"]) == "наставниче:* & прогр:*")
        #expect(PracticeSearch.tsquery([]) == "")
    }

    @Test func handMadePrefixListsAreCleanedToo() {
        #expect(PracticeSearch.fts5Match([#"a"b"#, "*", "Школ"]) == #""ab"* AND "школ"*"#)
        #expect(PracticeSearch.tsquery(["x & y", ":*"]) == "xy:*")
    }
}
