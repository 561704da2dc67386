import Foundation
import OpenAPIRuntime

/// RFC 3339 dates of the API («2021-03-10T10:00:00Z»), written by hand: the runtime's default formats every date
/// through one ISO8601DateFormatter behind a lock, which a page of 500 events made its slowest part.
struct APIDates: DateTranscoder {
    func encode(_ date: Date) throws -> String {
        // To the millisecond first, as Foundation's formatter does: 54.9996 s is written as 55.
        var seconds = time_t(((date.timeIntervalSince1970 * 1000).rounded() / 1000).rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let year = Int(parts.tm_year) + 1900
        let paddedYear = year < 1000 ? String(repeating: "0", count: 4 - String(year).count) + String(year) : String(year)
        return "\(paddedYear)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }

    /// Reading is rare (no operation takes a date-time today): the runtime's own transcoder does it.
    func decode(_ text: String) throws -> Date { try Self.reader.decode(text) }

    private static let reader = ISO8601DateTranscoder()
}
