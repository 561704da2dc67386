import Foundation

/// A calendar day with no time or zone: control dates, assignment periods. Stored as "yyyy-MM-dd"
/// so that it sorts as text on every database; shown as "дд.мм.гггг".
public struct CalendarDate: Hashable, Comparable, Sendable, TextCoded {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2200).contains(year), (1...12).contains(month),
              (1...CalendarDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Accepts the stored form "2021-02-15" and the Russian form "15.02.2021".
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let iso = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        let ru = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        let parts: [Substring]
        if iso.count == 3, iso[0].count == 4 { parts = iso }
        else if ru.count == 3, ru[2].count == 4 { parts = [ru[2], ru[1], ru[0]] }
        else { return nil }
        guard let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The day a moment falls on in the given zone (control dates are judged in the region's zone).
    public init(_ date: Date, in zone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        self.year = c.year!
        self.month = c.month!
        self.day = c.day!
    }

    /// The same day `years` later (or earlier): a control date carried into the next programme year. The 29th of
    /// February becomes the 28th in a year without it; nil past the supported years.
    public func shifted(years: Int) -> CalendarDate? {
        CalendarDate(year: year + years, month: month, day: min(day, Self.daysIn(month: month, year: year + years)))
    }

    // Built by hand: String(format:) goes through CoreFoundation and showed up in profiles of
    // pages that print a date in every cell of a large table.
    public var iso: String { Self.padded(year, 4) + "-" + Self.padded(month, 2) + "-" + Self.padded(day, 2) }
    public var russian: String { Self.padded(day, 2) + "." + Self.padded(month, 2) + "." + Self.padded(year, 4) }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
    public var description: String { iso }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// A value stored and sent as its text: `description` writes it, `init?(_:)` reads it back.
public protocol TextCoded: Codable, CustomStringConvertible {
    init?(_ text: String)
}

extension TextCoded {
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "not a \(Self.self): \(text)"))
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
