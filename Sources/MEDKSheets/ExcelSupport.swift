import Foundation

/// Excel's date serial numbers, done with integer calendar arithmetic so that no
/// `Calendar`/`TimeZone` setting of the server can shift a date by a day.
enum ExcelDate {
    /// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's `days_from_civil`).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static let epoch1900 = days(year: 1899, month: 12, day: 30)
    private static let epoch1904 = days(year: 1904, month: 1, day: 1)
    private static let lastSerial = 2_958_465 // 31.12.9999, Excel's upper limit

    /// nil for impossible dates and dates Excel cannot represent (before 1900).
    static func serial(year: Int, month: Int, day: Int) -> Int? {
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        let d = days(year: year, month: month, day: day)
        guard civil(days: d) == (year, month, day) else { return nil } // e.g. 31.02
        let serial = d - epoch1900
        guard serial >= 2, serial <= lastSerial else { return nil }
        // Excel counts the non-existent 29.02.1900 (a Lotus 1-2-3 bug), so serials before March shift by one.
        return serial < 61 ? serial - 1 : serial
    }

    /// "dd.mm.yyyy", plus " HH:mm" or " HH:mm:ss" when the serial carries a time of day.
    static func format(serial: Double, date1904: Bool) -> String? {
        guard serial.isFinite, serial >= 1, serial <= Double(lastSerial) + 1 else { return nil }
        var whole = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(whole)) * 86_400).rounded())
        if seconds == 86_400 { whole += 1; seconds = 0 }
        let date: (year: Int, month: Int, day: Int)
        if date1904 {
            date = civil(days: epoch1904 + whole)
        } else if whole == 60 {
            date = (1900, 2, 29) // the phantom day Excel displays
        } else {
            date = civil(days: epoch1900 + (whole < 60 ? whole + 1 : whole))
        }
        var text = pad(date.day) + "." + pad(date.month) + "." + String(date.year)
        if seconds > 0 {
            text += " " + pad(seconds / 3600) + ":" + pad(seconds / 60 % 60)
            if seconds % 60 != 0 { text += ":" + pad(seconds % 60) }
        }
        return text
    }

    static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}

enum ExcelText {
    /// 0 → "A", 25 → "Z", 26 → "AA".
    static func columnName(_ index: Int) -> String {
        var n = index + 1
        var name = ""
        while n > 0 {
            n -= 1
            name = String(UnicodeScalar(UInt8(65 + n % 26))) + name
            n /= 26
        }
        return name
    }

    /// "C5" → 2. nil for anything that is not a column reference within Excel's 16 384 columns.
    static func columnIndex(ofReference ref: String) -> Int? {
        var index = 0
        var letters = 0
        for scalar in ref.unicodeScalars {
            let value = Int(scalar.value)
            if (65...90).contains(value) {
                index = index * 26 + value - 64
            } else if (97...122).contains(value) {
                index = index * 26 + value - 96
            } else {
                break
            }
            letters += 1
            if letters > 3 { return nil }
        }
        guard letters > 0, index <= 16_384 else { return nil }
        return index - 1
    }

    /// Excel's length limits count UTF-16 units; whole characters are kept so that no emoji
    /// or letter with a combining accent is cut in half.
    static func prefix(_ text: String, utf16Units limit: Int) -> String {
        guard text.utf16.count > limit else { return text }
        var units = 0
        var end = text.startIndex
        for index in text.indices {
            units += text[index].utf16.count
            if units > limit { break }
            end = text.index(after: index)
        }
        return String(text[..<end])
    }

    /// XML 1.0 cannot carry most control characters, so OOXML spells them `_xHHHH_`;
    /// a literal "_xHHHH_" in the text must then have its underscore escaped as `_x005F_`.
    static func escapeOOXML(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        for (i, scalar) in scalars.enumerated() {
            let isControl = scalar.value < 0x20 && scalar != "\t" && scalar != "\n"
            if isControl || scalar.value == 0xFFFE || scalar.value == 0xFFFF
                || (scalar == "_" && hexEscape(in: scalars, at: i) != nil) {
                out.append(contentsOf: "_x\(hex4(scalar.value))_".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    static func unescapeOOXML(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if let value = hexEscape(in: scalars, at: i), let scalar = Unicode.Scalar(value) {
                out.append(scalar)
                i += 7
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return String(out)
    }

    /// The code point of a `_xHHHH_` sequence starting at `i`, if there is one.
    private static func hexEscape(in scalars: [Unicode.Scalar], at i: Int) -> UInt32? {
        guard i + 6 < scalars.count, scalars[i] == "_", scalars[i + 1] == "x", scalars[i + 6] == "_" else { return nil }
        let hex = String(String.UnicodeScalarView(scalars[(i + 2)...(i + 5)]))
        guard hex.allSatisfy(\.isHexDigit) else { return nil }
        return UInt32(hex, radix: 16)
    }

    private static func hex4(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    static func escapeXML(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Numbers as an official expects to see them: "1234567890", not "1.23456789E9" or
    /// "1234567890.0", and "0.3" rather than binary noise like "0.30000000000000004".
    /// Rounding to 15 significant digits matches the precision Excel itself displays.
    static func formatNumber(_ raw: String) -> String {
        let trimmed = raw.trimmedCell
        guard let parsed = Double(trimmed), parsed.isFinite else { return trimmed }
        let value = Double(String(format: "%.15g", parsed)) ?? parsed
        if value == value.rounded(), abs(value) < 1e18 { return String(Int64(value)) }
        return plainDecimal(value.description)
    }

    /// Expands Swift's exponent notation ("1.5e-05") into plain digits ("0.000015").
    static func plainDecimal(_ text: String) -> String {
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }),
              let exponent = Int(text[text.index(after: e)...])
        else { return text }
        var mantissa = text[..<e]
        let negative = mantissa.first == "-"
        if negative { mantissa = mantissa.dropFirst() }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let integer = parts[0], fraction = parts.count > 1 ? parts[1] : ""
        var digits = String(integer + fraction)
        var point = integer.count + exponent
        if point <= 0 {
            digits = String(repeating: "0", count: 1 - point) + digits
            point = 1
        } else if point > digits.count {
            digits += String(repeating: "0", count: point - digits.count)
        }
        var whole = String(digits.prefix(point))
        var decimals = String(digits.dropFirst(point))
        while decimals.hasSuffix("0") { decimals.removeLast() }
        while whole.count > 1 && whole.hasPrefix("0") { whole.removeFirst() }
        return (negative ? "-" : "") + whole + (decimals.isEmpty ? "" : "." + decimals)
    }
}
