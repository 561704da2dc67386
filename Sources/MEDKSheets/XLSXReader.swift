import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads the first worksheet of an Office Open XML workbook as Excel or LibreOffice save it.
enum XLSXReader {
    /// Uploads are small lists; anything bigger once unpacked is a zip bomb or a mistake.
    static let partSizeLimit = 50 * 1024 * 1024
    /// Rows are dense, so a few bytes like `<c r="XFD1"><v>1</v></c>` become 16 384 cells;
    /// this caps what a small but hostile sheet can make us allocate.
    static let cellLimit = 5_000_000

    static func read(_ data: Data, partSizeLimit: Int = partSizeLimit,
                     cellLimit: Int = cellLimit, maxRows: Int = .max) throws(SheetError) -> [[String]] {
        // ZIPFoundation's in-memory archive traps (a negative range) when a corrupted zip makes it
        // seek past the end of the data; the file-backed archive reads zero bytes there instead,
        // so a hostile upload is refused rather than crashing the server.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("medk-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: file) }
        let archive: Archive
        do {
            try data.write(to: file)
            archive = try Archive(url: file, accessMode: .read)
        } catch {
            throw .unreadableXLSX("not a zip archive: \(error)")
        }
        let package = ZipPackage(archive: archive, limit: partSizeLimit)

        // Follow the relationships instead of assuming file names: generators differ,
        // and the first tab is not necessarily sheet1.xml once sheets were reordered.
        let rootRels = try package.relationships(of: "")
        let workbookPath = rootRels.first { $0.type.hasSuffix("/officeDocument") }?.target ?? "xl/workbook.xml"
        // A zip without a workbook is a .docx, an .ods or an archive of something else.
        guard let workbookXML = try package.part(workbookPath) else { throw .unsupportedFormat }
        let workbook = try Workbook(xml: workbookXML, path: workbookPath)
        guard workbook.isSpreadsheet else { throw .unsupportedFormat }
        let workbookRels = try package.relationships(of: workbookPath)

        let worksheets = Dictionary(
            workbookRels.filter { $0.type.hasSuffix("/worksheet") }.map { ($0.id, $0.target) },
            uniquingKeysWith: { first, _ in first })
        guard let sheetPath = workbook.sheetIDs.lazy.compactMap({ worksheets[$0] }).first,
              let sheetXML = try package.part(sheetPath)
        else { throw .unreadableXLSX("workbook has no worksheet") }

        var sharedStrings: [String] = []
        if let path = workbookRels.first(where: { $0.type.hasSuffix("/sharedStrings") })?.target,
           let xml = try package.part(path) {
            sharedStrings = try parseSharedStrings(xml, path: path)
        }
        var dateStyles: [Bool] = []
        if let path = workbookRels.first(where: { $0.type.hasSuffix("/styles") })?.target,
           let xml = try package.part(path) {
            dateStyles = try parseDateStyles(xml, path: path)
        }

        let rows = try parseWorksheet(sheetXML, path: sheetPath, sharedStrings: sharedStrings,
                                      dateStyles: dateStyles, date1904: workbook.date1904, cellLimit: cellLimit,
                                      maxRows: maxRows)
        guard !rows.isEmpty else { throw .empty }
        return rows
    }

    // MARK: - Parts

    private struct Workbook {
        var isSpreadsheet = false
        var sheetIDs: [String] = []
        var date1904 = false

        init(xml: Data, path: String) throws(SheetError) {
            var isSpreadsheet = false
            var sheetIDs: [String] = []
            var date1904 = false
            try XMLWalker.walk(xml, path: path, start: { name, attributes in
                if name == "workbook" {
                    isSpreadsheet = true
                } else if name == "sheet", let id = attributes.first(where: { $0.key.hasSuffix(":id") })?.value {
                    sheetIDs.append(id)
                } else if name == "workbookPr", let flag = attributes["date1904"] {
                    date1904 = flag == "1" || flag == "true"
                }
            })
            self.isSpreadsheet = isSpreadsheet
            self.sheetIDs = sheetIDs
            self.date1904 = date1904
        }
    }

    /// The shared string table; rich text runs are concatenated, phonetic hints (`rPh`) skipped.
    private static func parseSharedStrings(_ xml: Data, path: String) throws(SheetError) -> [String] {
        var strings: [String] = []
        var current = ""
        var inText = false, inPhonetic = false
        try XMLWalker.walk(xml, path: path, start: { name, _ in
            switch name {
            case "si": current = ""
            case "t": inText = true
            case "rPh": inPhonetic = true
            default: break
            }
        }, end: { name in
            switch name {
            case "si": strings.append(ExcelText.unescapeOOXML(current))
            case "t": inText = false
            case "rPh": inPhonetic = false
            default: break
            }
        }, text: { text in
            if inText && !inPhonetic { current += text }
        })
        return strings
    }

    /// For each cell style index, whether its number format shows a date. Everything else
    /// about styles is ignored; dates matter because their raw value is a meaningless serial.
    private static func parseDateStyles(_ xml: Data, path: String) throws(SheetError) -> [Bool] {
        var customFormats: [Int: String] = [:]
        var formatIDs: [Int] = []
        var inCellXfs = false
        try XMLWalker.walk(xml, path: path, start: { name, attributes in
            switch name {
            case "numFmt":
                if let id = attributes["numFmtId"].flatMap({ Int($0) }) { customFormats[id] = attributes["formatCode"] ?? "" }
            case "cellXfs": inCellXfs = true
            case "xf" where inCellXfs: formatIDs.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
            default: break
            }
        }, end: { name in
            if name == "cellXfs" { inCellXfs = false }
        })
        // Built-in date formats; 18–21 and 45–47 are times of day and stay numbers.
        let builtInDates: Set<Int> = [14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58]
        return formatIDs.map { id in
            if let code = customFormats[id] { return isDateFormat(code) }
            return builtInDates.contains(id)
        }
    }

    /// A format shows a date if it has day or year tokens outside quoted literals,
    /// escapes and [bracketed] locale/colour sections ("m" alone could be minutes).
    static func isDateFormat(_ code: String) -> Bool {
        var inQuotes = false, inBrackets = false, skipNext = false
        for char in code {
            if skipNext { skipNext = false; continue }
            if inQuotes { if char == "\"" { inQuotes = false }; continue }
            if inBrackets { if char == "]" { inBrackets = false }; continue }
            switch char {
            case "\"": inQuotes = true
            case "[": inBrackets = true
            case "\\", "_", "*": skipNext = true
            case "d", "D", "y", "Y": return true
            default: break
            }
        }
        return false
    }

    private static func parseWorksheet(_ xml: Data, path: String, sharedStrings: [String],
                                       dateStyles: [Bool], date1904: Bool, cellLimit: Int,
                                       maxRows: Int) throws(SheetError) -> [[String]] {
        var rows: [[String]] = []
        var cells: [String] = []
        var cellCount = 0
        var column = 0, type = "n", style = 0
        var value = "", inlineText = ""
        var inValue = false, inText = false, inPhonetic = false

        func cellText() throws -> String {
            switch type {
            case "s":
                guard let index = Int(value.trimmedCell), sharedStrings.indices.contains(index) else {
                    throw SheetError.unreadableXLSX("shared string index \(value) out of range in \(path)")
                }
                return sharedStrings[index]
            case "inlineStr": return ExcelText.unescapeOOXML(inlineText)
            case "str", "e": return ExcelText.unescapeOOXML(value)
            case "b": return value.isEmpty ? "" : (value.trimmedCell == "0" ? "FALSE" : "TRUE")
            case "d": return isoDate(value)
            default:
                guard !value.trimmedCell.isEmpty else { return "" }
                if dateStyles.indices.contains(style), dateStyles[style],
                   let serial = Double(value.trimmedCell), let date = ExcelDate.format(serial: serial, date1904: date1904) {
                    return date
                }
                return ExcelText.formatNumber(value)
            }
        }

        try XMLWalker.walk(xml, path: path, start: { name, attributes in
            switch name {
            case "row":
                cells = []
                column = 0
            case "c":
                if let ref = attributes["r"] {
                    guard let index = ExcelText.columnIndex(ofReference: ref) else {
                        throw SheetError.unreadableXLSX("bad cell reference \(ref) in \(path)")
                    }
                    column = index
                }
                type = attributes["t"] ?? "n"
                style = attributes["s"].flatMap { Int($0) } ?? 0
                value = ""
                inlineText = ""
            case "v": inValue = true
            case "t": inText = true
            case "rPh": inPhonetic = true
            default: break
            }
        }, end: { name in
            switch name {
            case "c":
                let text = try cellText().trimmedCell
                // Empty cells are not stored, so rows end at their last non-empty cell.
                if !text.isEmpty {
                    if column >= cells.count { cells.append(contentsOf: repeatElement("", count: column - cells.count + 1)) }
                    cells[column] = text
                }
                column += 1 // where a cell without an r attribute goes
            case "row":
                cellCount += cells.count
                if cellCount > cellLimit { throw SheetError.unreadableXLSX("too large") }
                if !cells.isEmpty { rows.append(cells) }
                // Stops reading at once: a 200,000-row file is refused in the time it takes to read the limit.
                if rows.count > maxRows { throw SheetError.tooManyRows(limit: maxRows) }
            case "v": inValue = false
            case "t": inText = false
            case "rPh": inPhonetic = false
            default: break
            }
        }, text: { text in
            if inValue { value += text } else if inText && !inPhonetic { inlineText += text }
        })
        return rows
    }

    /// Cells of type "d" hold ISO 8601 text ("2024-09-01T00:00:00"); shown like other dates.
    private static func isoDate(_ text: String) -> String {
        let parts = text.prefix(10).split(separator: "-")
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else {
            return text
        }
        return ExcelDate.pad(day) + "." + ExcelDate.pad(month) + "." + String(year)
    }
}

/// The zip seen as an OPC package: parts by name, relationships resolved to part names.
private struct ZipPackage {
    let archive: Archive
    let limit: Int

    struct Relationship {
        var id: String
        var type: String
        var target: String
    }

    private struct TooLarge: Error {}

    /// nil when the part does not exist; throws when it cannot be unpacked or is too large.
    func part(_ path: String) throws(SheetError) -> Data? {
        let wanted = path.lowercased()
        // Some generators write backslashes or different case; Excel tolerates both.
        guard let entry = archive[path] ?? archive.first(where: {
            $0.path.replacingOccurrences(of: "\\", with: "/").lowercased() == wanted
        }) else { return nil }
        // The declared size can lie, so the consumer below also counts what it really gets.
        guard entry.uncompressedSize <= UInt64(limit) else { throw .unreadableXLSX("too large") }
        var data = Data()
        do {
            _ = try archive.extract(entry) { chunk in
                data.append(chunk)
                if data.count > limit { throw TooLarge() }
            }
        } catch is TooLarge {
            throw .unreadableXLSX("too large")
        } catch {
            throw .unreadableXLSX("cannot unpack \(path): \(error)")
        }
        return data
    }

    /// Relationships of a part ("" for the package root), with targets made absolute part names.
    func relationships(of source: String) throws(SheetError) -> [Relationship] {
        let directory = source.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let fileName = source.split(separator: "/").last.map(String.init) ?? ""
        let relsPath = (directory.isEmpty ? "" : directory + "/") + "_rels/" + fileName + ".rels"
        guard let xml = try part(relsPath) else { return [] }
        var result: [Relationship] = []
        try XMLWalker.walk(xml, path: relsPath, start: { name, attributes in
            guard name == "Relationship", attributes["TargetMode"] != "External",
                  let id = attributes["Id"], let type = attributes["Type"], let target = attributes["Target"]
            else { return }
            result.append(Relationship(id: id, type: type, target: Self.resolve(target, in: directory)))
        })
        return result
    }

    /// Targets are relative to the source part's directory unless they start with "/".
    static func resolve(_ target: String, in directory: String) -> String {
        let isAbsolute = target.hasPrefix("/")
        var components = isAbsolute ? [] : directory.split(separator: "/").map(String.init)
        for component in target.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(String(component))
            }
        }
        return components.joined(separator: "/")
    }
}

/// SAX parsing with closures, so each part's parser is a few lines of local state.
/// The delegate is a local, non-Sendable object used synchronously on the calling thread.
private final class XMLWalker: NSObject, XMLParserDelegate {
    typealias Start = (_ name: String, _ attributes: [String: String]) throws -> Void
    typealias End = (_ name: String) throws -> Void
    typealias Text = (_ text: String) -> Void

    private let start: Start
    private let end: End
    private let text: Text
    private var failure: (any Error)?
    private var xmlError: (any Error)?
    private var depth = 0
    private var sawElement = false

    private init(start: @escaping Start, end: @escaping End, text: @escaping Text) {
        self.start = start
        self.end = end
        self.text = text
    }

    static func walk(_ xml: Data, path: String, start: @escaping Start,
                     end: @escaping End = { _ in }, text: @escaping Text = { _ in }) throws(SheetError) {
        let walker = XMLWalker(start: start, end: end, text: text)
        // Fed as a stream: given one Data, libxml2 (2.9 at least) rejects documents over 10 MB
        // with an internal "huge input" error, and worksheets of big lists are larger than that.
        let parser = XMLParser(stream: InputStream(data: xml))
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = walker
        let finished = parser.parse()
        if let failure = walker.failure {
            throw failure as? SheetError ?? .unreadableXLSX("\(failure)")
        }
        // swift-corelibs' parser recovers from errors and may still return true, and reports
        // nothing at all for a truncated document, hence the extra checks.
        let problem = walker.xmlError ?? parser.parserError
        guard finished, problem == nil, walker.depth == 0, walker.sawElement else {
            let detail = problem.map { "XMLParser error \(($0 as NSError).code)" } ?? "truncated document"
            throw .unreadableXLSX("malformed XML in \(path) at line \(parser.lineNumber): \(detail)")
        }
    }

    /// Names are compared without namespace prefixes because some writers emit "x:row".
    private static func localName(_ name: String) -> String {
        name.firstIndex(of: ":").map { String(name[name.index(after: $0)...]) } ?? name
    }

    private func run(_ parser: XMLParser, _ body: () throws -> Void) {
        guard failure == nil else { return }
        do { try body() } catch {
            failure = error
            parser.abortParsing()
        }
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        depth += 1
        sawElement = true
        run(parser) { try start(Self.localName(elementName), attributeDict) }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?) {
        depth -= 1
        run(parser) { try end(Self.localName(elementName)) }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if xmlError == nil { xmlError = parseError }
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text(string)
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        text(String(decoding: CDATABlock, as: UTF8.self))
    }
}
