import Foundation

/// Why an uploaded spreadsheet could not be turned into rows.
public enum SheetError: Error, Equatable, Sendable {
    /// No rows with content, or zero bytes.
    case empty
    /// CSV that is neither valid UTF-8 nor plausibly Windows-1251.
    case unreadableEncoding
    /// The zip or its XML is broken; the value is a technical detail for logs (English).
    case unreadableXLSX(String)
    /// Neither CSV nor XLSX, e.g. an old binary .xls or a PDF.
    case unsupportedFormat
    /// A quoted CSV field opened on `line` (1-based) never closes.
    case unterminatedQuote(line: Int)
    /// More rows (the header included) than the caller takes; reading stopped there.
    case tooManyRows(limit: Int)
}

/// Reads the tables officials export from Excel or LibreOffice into rows of trimmed strings.
///
/// Every reader trims each cell (including non-breaking spaces) and drops rows whose cells
/// are all empty, so callers can treat the result uniformly whatever the source format was.
public enum SheetReader {
    /// Chooses the format by content, never by file name: users rename files freely,
    /// and browsers report unreliable MIME types.
    public static func read(_ data: Data, maxRows: Int = .max) throws(SheetError) -> [[String]] {
        guard !data.isEmpty else { throw .empty }
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return try XLSXReader.read(data, maxRows: maxRows) }
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) || data.starts(with: Array("%PDF".utf8)) {
            throw .unsupportedFormat
        }
        // Excel's "Unicode text" export is UTF-16 with a BOM, full of NULs yet still text.
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) { return try CSVReader.read(data, maxRows: maxRows) }
        // NUL never occurs in an 8-bit text export, so it marks some other binary format.
        if data.contains(0) { throw .unsupportedFormat }
        return try CSVReader.read(data, maxRows: maxRows)
    }

    public static func readCSV(_ data: Data) throws(SheetError) -> [[String]] {
        try CSVReader.read(data)
    }

    public static func readXLSX(_ data: Data) throws(SheetError) -> [[String]] {
        try XLSXReader.read(data)
    }
}

extension String {
    /// Trims Unicode whitespace (which includes U+00A0, common in Excel data pasted from the web)
    /// plus zero-width characters that White_Space does not cover but that are just as invisible.
    var trimmedCell: String {
        func isBlank(_ s: Unicode.Scalar) -> Bool {
            s.isASCII ? s == " " || (0x09...0x0D).contains(s.value)
                : s.properties.isWhitespace || s == "\u{200B}" || s == "\u{FEFF}"
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isBlank($0) }),
              let last = scalars.lastIndex(where: { !isBlank($0) })
        else { return "" }
        if first == scalars.startIndex && last == scalars.index(before: scalars.endIndex) { return self }
        return String(scalars[first...last])
    }
}
