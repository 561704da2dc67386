import Foundation

/// CSV that a Russian Excel opens with a double click: UTF-8 with a BOM (without it Excel
/// assumes Windows-1251 and shows mojibake), ";" because "," is the decimal separator there,
/// CRLF line ends. Content is quoted where RFC 4180 requires it, and a text that a spreadsheet would run as
/// a formula (a school named «=HYPERLINK(…)») is written with a leading apostrophe; numbers stay numbers.
public enum CSVWriter {
    public static func write(_ rows: [[String]], separator: Character = ";") -> Data {
        var out = "\u{FEFF}"
        for row in rows {
            out += row.map { field(neutralised($0), separator: separator) }.joined(separator: String(separator))
            out += "\r\n"
        }
        return Data(out.utf8)
    }

    /// Cells that start like a formula (`=`, `+`, `-`, `@`, tab, CR) get a `'` in front, unless they are a
    /// plain number such as «-12,5» or «+3».
    static func neutralised(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first),
              !isNumber(text) else { return text }
        return "'" + text
    }

    private static func isNumber(_ text: String) -> Bool {
        var digits = text.unicodeScalars.dropFirst()
        if digits.last == "%" { digits = digits.dropLast() }
        let parts = String(digits).split(separator: ",", omittingEmptySubsequences: false)
            .flatMap { $0.split(separator: ".", omittingEmptySubsequences: false) }
        return (1...2).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
            && text.unicodeScalars.first != "=" && text.unicodeScalars.first != "@"
    }

    private static func field(_ text: String, separator: Character) -> String {
        // Scalars, not Characters: "\r\n" is a single Character and would hide a CR or LF.
        let needsQuotes = text.contains(separator)
            || text.unicodeScalars.contains { $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return text }
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        for scalar in text.unicodeScalars {
            if scalar == "\"" { quoted.append("\"") }
            quoted.append(scalar)
        }
        quoted.append("\"")
        return String(quoted)
    }
}
