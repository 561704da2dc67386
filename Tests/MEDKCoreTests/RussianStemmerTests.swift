import Testing
@testable import MEDKCore

@Suite("Russian stemming (Snowball, as PostgreSQL's russian_stem)")
struct RussianStemmerTests {
    @Test func aProgrammeAndProgrammesShareOneStem() {
        #expect(RussianStemmer.stem("программы") == "программ")
        #expect(RussianStemmer.stem("программа") == RussianStemmer.stem("программы"))
        #expect(RussianStemmer.stem("наставника") == RussianStemmer.stem("наставник"))
    }

    @Test func capitalsAndTheLetterYoDoNotMatter() {
        #expect(RussianStemmer.stem("ПРОГРАММЫ") == "программ")
        #expect(RussianStemmer.stem("Учётом") == "учет")
        #expect(RussianStemmer.stem("ЁЛКИ") == "елк")
        // A «й» typed as «и» plus a combining breve stems to the same bytes as a typed «й».
        #expect(RussianStemmer.stem("задани\u{306}") == "задан")
        #expect(RussianStemmer.stem("заданий") == "задан")
    }

    @Test func wordsWithLatinLettersAreOnlyLowercased() {
        #expect(RussianStemmer.stem("Moodle") == "moodle")
        #expect(RussianStemmer.stem("NEAR") == "near")
        #expect(RussianStemmer.stem("ШНОРs") == "шнорs")
    }

    @Test func digitsRideAlongAsPostgreSQLDoes() {
        #expect(RussianStemmer.stem("2024года") == "2024год")
        #expect(RussianStemmer.stem("500") == "500")
    }

    @Test func shortWordsAndAbbreviationsKeepWhatTheyHave() {
        #expect(RussianStemmer.stem("мнц") == "мнц")
        #expect(RussianStemmer.stem("шнор") == "шнор")
        #expect(RussianStemmer.stem("а") == "а")
        #expect(RussianStemmer.stem("") == "")
    }

    @Test func ostIsTakenOnlyFromLongEnoughWords() {
        #expect(RussianStemmer.stem("ответственность") == "ответствен")
        #expect(RussianStemmer.stem("радость") == "радост")
    }

    /// Every pair was produced by PostgreSQL 15: `SELECT ts_lexize('russian_stem', word)`.
    static let postgresStems: [(word: String, stem: String)] = [
        // nouns
        ("администрация", "администрац"), ("адаптации", "адаптац"), ("аккумулирование", "аккумулирован"),
        ("акты", "акт"), ("анализе", "анализ"), ("администраторов", "администратор"),
        ("библиотеки", "библиотек"), ("взаимодействию", "взаимодейств"), ("встречу", "встреч"),
        ("документами", "документ"), ("вебинарах", "вебинар"), ("выполнением", "выполнен"),
        ("апрель", "апрел"), ("вопросам", "вопрос"), ("детей", "дет"), ("декабря", "декабр"),
        ("комментариями", "комментар"), ("потенциала", "потенциа"), ("партнёрства", "партнерств"),
        ("здоровья", "здоров"), ("опыт", "оп"), ("состав", "соста"), ("портфолио", "портфол"),
        ("учитель", "учител"), ("школы", "школ"), ("наставничество", "наставничеств"),
        // derivational -ость
        ("актуальность", "актуальн"), ("активности", "активн"), ("возможностями", "возможн"),
        ("значимостью", "значим"), ("полностью", "полност"),
        // adjectives, participles, superlatives
        ("административных", "административн"), ("абсолютной", "абсолютн"), ("базового", "базов"),
        ("аналитический", "аналитическ"), ("адресные", "адресн"), ("адресная", "адресн"),
        ("автоматическое", "автоматическ"), ("главный", "главн"), ("аналитических", "аналитическ"),
        ("групповую", "группов"), ("ключевыми", "ключев"), ("каждому", "кажд"), ("весенняя", "весен"),
        ("средняя", "средн"), ("наставнического", "наставническ"), ("включенных", "включен"),
        ("данные", "дан"), ("одарёнными", "одарен"), ("выполняемых", "выполня"),
        ("обеспечивающих", "обеспечива"), ("демонстрирующих", "демонстрир"), ("показавших", "показа"),
        ("разместивших", "размест"), ("дальнейшего", "дальн"), ("дальнейшую", "дальн"),
        // verbs, reflexives, gerunds
        ("активировать", "активирова"), ("включить", "включ"), ("включает", "включа"),
        ("анализирует", "анализир"), ("укажите", "укаж"), ("приняли", "приня"), ("вычисляется", "вычисля"),
        ("заполняются", "заполня"), ("проводятся", "провод"), ("проводилась", "провод"),
        ("обучающихся", "обуча"), ("добившихся", "доб"), ("сложившуюся", "слож"), ("изучив", "изуч"),
        ("втором", "втор"),
        // an adverb
        ("возможно", "возможн"),
    ]

    @Test(arguments: postgresStems)
    func stemsAsPostgreSQLDoes(_ pair: (word: String, stem: String)) {
        #expect(RussianStemmer.stem(pair.word) == pair.stem)
    }
}
