import Foundation

/// `Date:` header values such as `Tue, 01 Jul 2025 09:05:00 +0000`.
///
/// Formatted by hand rather than with DateFormatter so that neither the process
/// locale nor Foundation differences between platforms can change the output.
enum RFC5322Date {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(_ date: Date, timeZone: TimeZone = TimeZone(secondsFromGMT: 0)!) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let offsetMinutes = timeZone.secondsFromGMT(for: date) / 60
        let sign = offsetMinutes < 0 ? "-" : "+"
        let zone = sign + pad(abs(offsetMinutes) / 60) + pad(abs(offsetMinutes) % 60)
        return "\(weekdays[c.weekday! - 1]), \(pad(c.day!)) \(months[c.month! - 1]) \(c.year!) "
            + "\(pad(c.hour!)):\(pad(c.minute!)):\(pad(c.second!)) \(zone)"
    }

    private static func pad(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
