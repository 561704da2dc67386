import Foundation

/// When a roadmap item is due, read from the document's own words.
public enum RoadmapDue: Sendable, Equatable {
    /// «28 января», «До 30 апреля».
    case date(CalendarDate)
    /// «С 18 января по 4 февраля», «февраль-май 2021»; a month alone («март») is its first to last day.
    case range(CalendarDate, CalendarDate)
    /// Several deadlines: «До 1 марта 2022г., до 15 ноября 2022г.», «29.04 16.05 01.06 …».
    case dates([CalendarDate])
    case weekly, monthly, everyTwoMonths, quarterly, halfYearly
    /// «В течение года», «В течение всего периода».
    case throughoutYear
    /// Anything else («По графику ФИОКО»), kept as written.
    case text(String)

    /// The date by which the item is due: the day, the end of the range, the last of several deadlines
    /// (the item is done only when all of them are met). nil for periodic items and free text.
    public var dueDate: CalendarDate? {
        switch self {
        case .date(let day): day
        case .range(_, let end): end
        case .dates(let days): days.max()
        case .weekly, .monthly, .everyTwoMonths, .quarterly, .halfYearly, .throughoutYear, .text: nil
        }
    }
}

// MARK: - Reading Russian due texts

extension RoadmapDue {
    /// Reads the due texts of the seeds' roadmaps; what it does not recognise stays `.text`.
    /// Days and months without a year belong to `cycleYear`.
    public static func parse(_ text: String, cycleYear: Int) -> RoadmapDue {
        let written = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let lowered = written.lowercased().replacingOccurrences(of: "ё", with: "е")
        if let periodic = periodic.first(where: { lowered.hasPrefix($0.phrase) }) { return periodic.due }
        var reader = DueReader(tokens: DueToken.split(lowered), cycleYear: cycleYear)
        return reader.read() ?? .text(written)
    }

    /// Phrases that start a periodic due text («Еженедельно, пятница, 15.00» is weekly).
    private static let periodic: [(phrase: String, due: RoadmapDue)] = [
        ("еженедельно", .weekly), ("раз в неделю", .weekly),
        ("ежемесячно", .monthly), ("раз в месяц", .monthly),
        ("раз в два месяца", .everyTwoMonths),
        ("ежеквартально", .quarterly), ("раз в квартал", .quarterly), ("раз в четверть", .quarterly),
        ("в конце четверти", .quarterly), ("в конце каждой четверти", .quarterly),
        ("не реже одного в четверть", .quarterly), ("не реже одного раза в четверть", .quarterly),
        ("раз в полугодие", .halfYearly), ("раз в полгода", .halfYearly),
        ("в течение года", .throughoutYear), ("в течение всего периода", .throughoutYear),
        ("в течение учебного года", .throughoutYear),
    ]
}

private enum DueToken: Equatable {
    /// Digits, with dots inside: "28", "2022", "10.03", "24.03.2022".
    case number(String)
    case word(String)
    case dash
    /// "," or ";" between several due dates.
    case separator

    static func split(_ text: String) -> [DueToken] {
        var tokens: [DueToken] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isNumber {
                var j = i
                while j < chars.count, chars[j].isNumber || (chars[j] == "." && j + 1 < chars.count && chars[j + 1].isNumber) { j += 1 }
                tokens.append(.number(String(chars[i..<j])))
                i = j
            } else if c.isLetter {
                var j = i
                while j < chars.count, chars[j].isLetter { j += 1 }
                tokens.append(.word(String(chars[i..<j])))
                i = j
            } else {
                if "-–—−".contains(c) { tokens.append(.dash) }
                if ",;".contains(c) { tokens.append(.separator) }
                i += 1  // spaces, dots after «г», quotes: nothing to read
            }
        }
        return tokens
    }
}

/// A tiny recursive-descent reader over the tokens:
///   due   := item (separator? item)*
///   item  := label* ( "до" point | "по" point | "с" (point | day) ("по" | "-") point | day "-" point | point ("-" point)? )
///   point := "dd.mm[.yyyy]" | day month-genitive [year] | month-nominative [year]
/// Labels are words such as «весенняя сессия» in front of a date.
private struct DueReader {
    let tokens: [DueToken]
    let cycleYear: Int
    var position = 0

    init(tokens: [DueToken], cycleYear: Int) {
        self.tokens = tokens
        self.cycleYear = cycleYear
    }

    /// A day, or a whole month when `day` is nil; a bare day has no month until its range gives it one.
    struct Point {
        var day: Int?
        var month: Int?
        var year: Int?
    }

    enum Item {
        case deadline(Point)
        case single(Point)
        case range(Point, Point)
    }

    mutating func read() -> RoadmapDue? {
        var items: [Item] = []
        while position < tokens.count {
            guard let item = item() else { return nil }
            items.append(item)
            while peek == .separator { position += 1 }
        }
        guard let first = items.first else { return nil }
        if items.count == 1 { return due(first) }
        let deadlines = items.compactMap { due($0)?.dueDate }
        return deadlines.count == items.count ? .dates(deadlines.sorted()) : nil
    }

    private var peek: DueToken? { position < tokens.count ? tokens[position] : nil }

    private mutating func take(word: String) -> Bool {
        guard peek == .word(word) else { return false }
        position += 1
        return true
    }

    private mutating func item() -> Item? {
        while case .word(let w)? = peek, Self.month(w) == nil, !["до", "по", "с"].contains(w) { position += 1 }
        if take(word: "до") || take(word: "по") { return point().map(Item.deadline) }
        if take(word: "с") {
            guard let from = point() ?? bareDay(before: [.word("по"), .dash]), take(word: "по") || takeDash(),
                  let to = point() else { return nil }
            return .range(from, to)
        }
        if let from = bareDay(before: [.dash]), takeDash() { return point().map { .range(from, $0) } }
        guard let from = point() else { return nil }
        if takeDash() { return point().map { .range(from, $0) } }
        return .single(from)
    }

    /// «1» in «с 1 по 12 июля» or «1 – 12 июля»: a day that takes its month from the end of the range.
    private mutating func bareDay(before next: [DueToken]) -> Point? {
        guard case .number(let text)? = peek, let day = Int(text), (1...31).contains(day), position + 1 < tokens.count,
              next.contains(tokens[position + 1]) else { return nil }
        position += 1
        return Point(day: day, month: nil, year: nil)
    }

    private mutating func takeDash() -> Bool {
        guard peek == .dash else { return false }
        position += 1
        return true
    }

    private mutating func point() -> Point? {
        switch peek {
        case .number(let text)? where text.contains("."):
            let parts = text.split(separator: ".").map { Int($0) }
            guard parts.count == 2 || parts.count == 3, let day = parts[0], let month = parts[1] else { return nil }
            position += 1
            if parts.count == 3 {
                guard let year = parts[2], year >= 1000 else { return nil }
                skipYearWord()
                return Point(day: day, month: month, year: year)
            }
            return Point(day: day, month: month, year: year())
        case .number(let text)?:
            guard let day = Int(text), position + 1 < tokens.count,
                  case .word(let w) = tokens[position + 1], case let (month, genitive)? = Self.month(w), genitive
            else { return nil }
            position += 2
            return Point(day: day, month: month, year: year())
        case .word(let w)?:
            guard case let (month, genitive)? = Self.month(w), !genitive else { return nil }
            position += 1
            return Point(day: nil, month: month, year: year())
        default:
            return nil
        }
    }

    /// An optional four-digit year after a date, with its «г.», «гг.» or «года».
    private mutating func year() -> Int? {
        guard case .number(let text)? = peek, text.count == 4, let year = Int(text) else { return nil }
        position += 1
        skipYearWord()
        return year
    }

    private mutating func skipYearWord() {
        while case .word(let w)? = peek, ["г", "гг", "год", "года"].contains(w) { position += 1 }
    }

    private func due(_ item: Item) -> RoadmapDue? {
        switch item {
        case .deadline(let p):
            return last(p, year: p.year ?? cycleYear).map(RoadmapDue.date)
        case .single(let p):
            let year = p.year ?? cycleYear
            guard let first = first(p, year: year), let last = last(p, year: year) else { return nil }
            return first == last ? .date(first) : .range(first, last)
        case .range(var from, let to):
            // The month and year written once at the end («1 – 12 июля», «10.03-24.03.2022г.», «февраль-май 2021»)
            // serve both ends; a range that wraps the new year («ноябрь-февраль») starts the year before.
            if from.month == nil { from.month = to.month }
            let endYear = to.year ?? from.year ?? cycleYear
            guard let end = last(to, year: endYear), var start = first(from, year: from.year ?? endYear) else { return nil }
            if from.year == nil, start > end, let earlier = first(from, year: endYear - 1) { start = earlier }
            return start <= end ? .range(start, end) : nil
        }
    }

    private func first(_ p: Point, year: Int) -> CalendarDate? {
        guard let month = p.month else { return nil }
        return CalendarDate(year: year, month: month, day: p.day ?? 1)
    }

    private func last(_ p: Point, year: Int) -> CalendarDate? {
        guard let month = p.month, (1...12).contains(month) else { return nil }
        return CalendarDate(year: year, month: month, day: p.day ?? CalendarDate.daysIn(month: month, year: year))
    }

    /// Month number and whether the word is the genitive («марта») rather than the nominative («март»).
    static func month(_ word: String) -> (Int, Bool)? {
        if let m = nominative.firstIndex(of: word) { return (m + 1, false) }
        if let m = genitive.firstIndex(of: word) { return (m + 1, true) }
        return nil
    }

    private static let nominative = ["январь", "февраль", "март", "апрель", "май", "июнь",
                                     "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"]
    private static let genitive = ["января", "февраля", "марта", "апреля", "мая", "июня",
                                   "июля", "августа", "сентября", "октября", "ноября", "декабря"]
}

// MARK: - JSON

/// {"kind": "date", "date": "2022-03-01"}, {"kind": "range", "from": …, "to": …},
/// {"kind": "dates", "dates": […]}, {"kind": "quarterly"}, {"kind": "text", "text": "По графику ФИОКО"}.
extension RoadmapDue: Codable {
    private enum Kind: String, Codable { case date, range, dates, weekly, monthly, everyTwoMonths, quarterly, halfYearly, throughoutYear, text }
    private enum CodingKeys: String, CodingKey { case kind, date, from, to, dates, text }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(Kind.self, forKey: .kind) {
        case .date: self = .date(try c.decode(CalendarDate.self, forKey: .date))
        case .range: self = .range(try c.decode(CalendarDate.self, forKey: .from), try c.decode(CalendarDate.self, forKey: .to))
        case .dates: self = .dates(try c.decode([CalendarDate].self, forKey: .dates))
        case .weekly: self = .weekly
        case .monthly: self = .monthly
        case .everyTwoMonths: self = .everyTwoMonths
        case .quarterly: self = .quarterly
        case .halfYearly: self = .halfYearly
        case .throughoutYear: self = .throughoutYear
        case .text: self = .text(try c.decode(String.self, forKey: .text))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .date(let day):
            try c.encode(Kind.date, forKey: .kind)
            try c.encode(day, forKey: .date)
        case .range(let from, let to):
            try c.encode(Kind.range, forKey: .kind)
            try c.encode(from, forKey: .from)
            try c.encode(to, forKey: .to)
        case .dates(let days):
            try c.encode(Kind.dates, forKey: .kind)
            try c.encode(days, forKey: .dates)
        case .weekly: try c.encode(Kind.weekly, forKey: .kind)
        case .monthly: try c.encode(Kind.monthly, forKey: .kind)
        case .everyTwoMonths: try c.encode(Kind.everyTwoMonths, forKey: .kind)
        case .quarterly: try c.encode(Kind.quarterly, forKey: .kind)
        case .halfYearly: try c.encode(Kind.halfYearly, forKey: .kind)
        case .throughoutYear: try c.encode(Kind.throughoutYear, forKey: .kind)
        case .text(let text):
            try c.encode(Kind.text, forKey: .kind)
            try c.encode(text, forKey: .text)
        }
    }
}
