import Foundation

/// CSV that a Russian Excel opens with a double click: UTF-8 with a BOM (without it Excel
/// assumes Windows-1251 and shows mojibake), ";" because "," is the decimal separator there,
/// CRLF line ends. Content is never altered, only quoted where RFC 4180 requires it.
public enum CSVWriter {
    public static func write(_ rows: [[String]], separator: Character = ";") -> Data {
        var out = "\u{FEFF}"
        for row in rows {
            out += row.map { field($0, separator: separator) }.joined(separator: String(separator))
            out += "\r\n"
        }
        return Data(out.utf8)
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
