import Foundation

/// RFC 4180 CSV as Excel and LibreOffice actually write it, in whatever encoding the
/// official's copy of Excel happened to use.
enum CSVReader {
    static func read(_ data: Data, maxRows: Int = .max) throws(SheetError) -> [[String]] {
        var text = try decode(data).unicodeScalars[...]
        let separator: Unicode.Scalar
        // Excel honours a "sep=;" first line and so do we: it is the only explicit signal a CSV can carry.
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r" }
        if firstLine.count == 5, let last = firstLine.last, Substring(firstLine).lowercased().hasPrefix("sep=") {
            separator = last
            text = text[firstLine.endIndex...].drop { $0 == "\r" || $0 == "\n" }
        } else {
            separator = detectSeparator(text)
        }
        let rows = try parse(text, separator: separator, maxRows: maxRows)
        guard !rows.isEmpty else { throw .empty }
        return rows
    }

    static func decode(_ data: Data) throws(SheetError) -> String {
        if data.starts(with: [0xFF, 0xFE]) { return utf16(data.dropFirst(2), littleEndian: true) }
        if data.starts(with: [0xFE, 0xFF]) { return utf16(data.dropFirst(2), littleEndian: false) }
        let bytes = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...]
        // Foundation's UTF-8 decoding refuses invalid input instead of repairing it (unlike
        // `String(decoding:as:)`), which is what lets Windows-1251 files reach their own decoder.
        if let text = String(data: bytes, encoding: .utf8) ?? CP1251.decode(bytes) { return text }
        throw .unreadableEncoding
    }

    private static func utf16(_ bytes: Data, littleEndian: Bool) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var iterator = bytes.makeIterator()
        while let a = iterator.next(), let b = iterator.next() {
            units.append(littleEndian ? UInt16(b) << 8 | UInt16(a) : UInt16(a) << 8 | UInt16(b))
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// Russian Excel writes ";" (the comma is the decimal separator there), other tools ",";
    /// "Unicode text" exports use tabs. Only the first line with content is inspected, and
    /// quoted text is skipped because addresses like "г. Москва, ул. Ленина" contain commas.
    static func detectSeparator(_ text: Substring.UnicodeScalarView) -> Unicode.Scalar {
        var semicolons = 0, commas = 0, tabs = 0
        var inQuotes = false, hasContent = false
        for scalar in text {
            if scalar == "\"" { inQuotes.toggle(); hasContent = true; continue }
            if inQuotes { continue }
            if scalar == "\n" || scalar == "\r" {
                if hasContent { break }
                continue
            }
            switch scalar {
            case ";": semicolons += 1
            case ",": commas += 1
            case "\t": tabs += 1
            default: break
            }
            if scalar == "\t" || !scalar.properties.isWhitespace { hasContent = true }
        }
        if semicolons > commas { return ";" }
        if semicolons == 0 && commas == 0 && tabs > 0 { return "\t" }
        return ","
    }

    private enum State { case quoted, quoteInQuoted, unquoted }

    static func parse(_ text: Substring.UnicodeScalarView, separator: Unicode.Scalar,
                      maxRows: Int = .max) throws(SheetError) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = String.UnicodeScalarView()
        var state = State.unquoted
        var line = 1, quoteLine = 1
        var previousWasCR = false

        func endField() {
            row.append(String(field).trimmedCell)
            field = String.UnicodeScalarView()
        }
        func endRow() throws(SheetError) {
            endField()
            if row.contains(where: { !$0.isEmpty }) { rows.append(row) }
            row = []
            if rows.count > maxRows { throw .tooManyRows(limit: maxRows) }
        }

        for scalar in text {
            // CRLF is one line break; its LF was already accounted for by the CR.
            let isLFAfterCR = previousWasCR && scalar == "\n"
            previousWasCR = scalar == "\r"
            if isLFAfterCR { continue }
            let isLineBreak = scalar == "\r" || scalar == "\n"

            switch state {
            case .quoted:
                if scalar == "\"" {
                    state = .quoteInQuoted
                } else if isLineBreak {
                    // Normalised to LF, which is what Excel uses for line breaks inside a cell.
                    field.append("\n")
                    line += 1
                } else {
                    field.append(scalar)
                }
            case .quoteInQuoted:
                if scalar == "\"" {
                    field.append("\"")
                    state = .quoted
                    continue
                }
                state = .unquoted
                fallthrough
            case .unquoted:
                if scalar == separator {
                    endField()
                } else if isLineBreak {
                    try endRow()
                    line += 1
                } else if scalar == "\"" && field.allSatisfy({ $0.properties.isWhitespace }) {
                    // Quotes only open a field; a stray quote mid-field is kept literally, as Excel does.
                    field = String.UnicodeScalarView()
                    state = .quoted
                    quoteLine = line
                } else {
                    field.append(scalar)
                }
            }
        }
        if state == .quoted { throw .unterminatedQuote(line: quoteLine) }
        try endRow()
        return rows
    }
}
