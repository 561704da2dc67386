import Foundation
import ZIPFoundation

/// Writes reports as a minimal but complete .xlsx that Excel, LibreOffice and openpyxl open
/// without repair prompts: bold frozen header, sized columns, real number/percent/date cells.
public struct XLSXWriter: Sendable {
    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(Double)
        /// A fraction: 0.42 is displayed as 42,0% (in a Russian locale) via the "0.0%" format.
        case percent(Double)
        case integer(Int)
        /// Displayed as dd.mm.yyyy; stored as an Excel date so it sorts and filters as a date.
        case date(year: Int, month: Int, day: Int)
        case empty
    }

    public struct Sheet: Sendable {
        /// Sanitised on writing to Excel's rules (≤ 31 characters, none of []:*?/\, unique).
        public var name: String
        /// Written as a bold row 1 that stays frozen while scrolling; empty means no header row.
        public var header: [String]
        public var rows: [[Cell]]
        /// In Excel character units; nil sizes each column to its longest content, within 8...60.
        public var columnWidths: [Double]?

        public init(name: String, header: [String], rows: [[Cell]], columnWidths: [Double]? = nil) {
            self.name = name
            self.header = header
            self.rows = rows
            self.columnWidths = columnWidths
        }
    }

    public var sheets: [Sheet]

    public init(sheets: [Sheet]) {
        self.sheets = sheets
    }

    public func data() throws -> Data {
        // Excel refuses a workbook without sheets.
        let sheets = self.sheets.isEmpty ? [Sheet(name: "", header: [], rows: [])] : self.sheets
        let names = Self.sheetNames(sheets.map(\.name))
        var parts: [(path: String, xml: String)] = [
            ("[Content_Types].xml", Self.contentTypes(sheetCount: sheets.count)),
            ("_rels/.rels", Self.rootRelationships),
            ("xl/workbook.xml", Self.workbook(names: names)),
            ("xl/_rels/workbook.xml.rels", Self.workbookRelationships(sheetCount: sheets.count)),
            ("xl/styles.xml", Self.styles),
        ]
        for (index, sheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(index + 1).xml", Self.worksheet(sheet, isFirst: index == 0)))
        }

        let archive = try Archive(data: Data(), accessMode: .create)
        for part in parts {
            let bytes = Data(part.xml.utf8)
            try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(bytes.count),
                                 compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    // MARK: - Sheet names

    /// Excel rejects the whole file over one bad tab name, so names are repaired rather than refused.
    static func sheetNames(_ requested: [String]) -> [String] {
        var used = Set<String>()
        return requested.enumerated().map { index, raw in
            let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]
            var name = String(raw.compactMap { char -> Character? in
                if forbidden.contains(char) { return "_" }
                return char.unicodeScalars.contains { $0.value < 0x20 } ? nil : char
            })
            name = trimmedSheetName(name)
            // "History" is reserved by Excel's change tracking.
            if name.isEmpty || name.lowercased() == "history" { name = "Лист\(index + 1)" }
            name = truncated(name, to: 31)
            var candidate = name
            var counter = 2
            // Excel compares sheet names case-insensitively.
            while used.contains(candidate.lowercased()) {
                let suffix = " (\(counter))"
                candidate = truncated(name, to: 31 - suffix.utf16.count) + suffix
                counter += 1
            }
            used.insert(candidate.lowercased())
            return candidate
        }
    }

    /// Excel also forbids an apostrophe at either end of a sheet name.
    private static func trimmedSheetName(_ name: String) -> String {
        var name = name.trimmedCell
        while name.hasPrefix("'") { name = String(name.dropFirst()).trimmedCell }
        while name.hasSuffix("'") { name = String(name.dropLast()).trimmedCell }
        return name
    }

    private static func truncated(_ name: String, to limit: Int) -> String {
        trimmedSheetName(ExcelText.prefix(name, utf16Units: limit))
    }

    // MARK: - Worksheet

    private static func worksheet(_ sheet: Sheet, isFirst: Bool) -> String {
        let hasHeader = !sheet.header.isEmpty
        let columnCount = max(sheet.header.count, sheet.rows.map(\.count).max() ?? 0)
        let rowCount = sheet.rows.count + (hasHeader ? 1 : 0)

        var xml = xmlDeclaration + "<worksheet xmlns=\"\(mainNamespace)\" xmlns:r=\"\(relationshipsNamespace)\">"
        let lastCell = columnCount > 0 && rowCount > 0 ? ":\(ExcelText.columnName(columnCount - 1))\(rowCount)" : ""
        xml += "<dimension ref=\"A1\(lastCell)\"/>"
        xml += "<sheetViews><sheetView workbookViewId=\"0\"\(isFirst ? " tabSelected=\"1\"" : "")>"
        if hasHeader {
            xml += "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
            xml += "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>"
        }
        xml += "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>"

        let widths = (sheet.columnWidths ?? computedWidths(sheet, columnCount: columnCount))
            .enumerated().filter { $0.element.isFinite && $0.element > 0 }
        if !widths.isEmpty {
            xml += "<cols>"
            for (index, width) in widths {
                xml += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(width)\" customWidth=\"1\"/>"
            }
            xml += "</cols>"
        }

        xml += "<sheetData>"
        var rowNumber = 1
        if hasHeader {
            xml += "<row r=\"1\">"
            for (column, title) in sheet.header.enumerated() where !title.isEmpty {
                xml += inlineString(title, ref: "\(ExcelText.columnName(column))1", style: Style.header)
            }
            xml += "</row>"
            rowNumber += 1
        }
        for row in sheet.rows {
            let cells = row.enumerated().map { cell($0.element, ref: "\(ExcelText.columnName($0.offset))\(rowNumber)") }.joined()
            if !cells.isEmpty { xml += "<row r=\"\(rowNumber)\">\(cells)</row>" }
            rowNumber += 1
        }
        xml += "</sheetData></worksheet>"
        return xml
    }

    /// Indices into cellXfs of `styles`.
    private enum Style {
        static let header = 1, percent = 2, date = 3
    }

    /// Empty cells are simply omitted, which is how Excel itself stores them.
    private static func cell(_ cell: Cell, ref: String) -> String {
        switch cell {
        case .text(let text):
            return text.isEmpty ? "" : inlineString(text, ref: ref, style: nil)
        case .number(let value):
            return value.isFinite ? "<c r=\"\(ref)\"><v>\(value)</v></c>" : ""
        case .percent(let value):
            return value.isFinite ? "<c r=\"\(ref)\" s=\"\(Style.percent)\"><v>\(value)</v></c>" : ""
        case .integer(let value):
            return "<c r=\"\(ref)\"><v>\(value)</v></c>"
        case .date(let year, let month, let day):
            guard let serial = ExcelDate.serial(year: year, month: month, day: day) else {
                // Excel has no value for it; keep what the caller meant visible as text.
                return inlineString(displayedDate(year, month, day), ref: ref, style: nil)
            }
            return "<c r=\"\(ref)\" s=\"\(Style.date)\"><v>\(serial)</v></c>"
        case .empty:
            return ""
        }
    }

    private static func inlineString(_ text: String, ref: String, style: Int?) -> String {
        let styleAttribute = style.map { " s=\"\($0)\"" } ?? ""
        let content = ExcelText.escapeXML(ExcelText.escapeOOXML(fittingInACell(text)))
        return "<c r=\"\(ref)\"\(styleAttribute) t=\"inlineStr\"><is><t xml:space=\"preserve\">\(content)</t></is></c>"
    }

    /// Excel declares the whole file corrupt if a cell holds more than 32 767 characters.
    private static func fittingInACell(_ text: String) -> String {
        ExcelText.prefix(text, utf16Units: 32_767)
    }

    private static func displayedDate(_ year: Int, _ month: Int, _ day: Int) -> String {
        ExcelDate.pad(day) + "." + ExcelDate.pad(month) + "." + String(year)
    }

    /// Roughly what Excel's "autofit" would pick, without measuring fonts: characters + padding.
    private static func computedWidths(_ sheet: Sheet, columnCount: Int) -> [Double] {
        (0..<columnCount).map { column in
            var longest = column < sheet.header.count ? displayLength(sheet.header[column]) : 0
            for row in sheet.rows where column < row.count {
                longest = max(longest, displayLength(row[column]))
            }
            return min(max(Double(longest) + 2, 8), 60)
        }
    }

    private static func displayLength(_ text: String) -> Int {
        text.split(separator: "\n").map(\.count).max() ?? 0
    }

    private static func displayLength(_ cell: Cell) -> Int {
        switch cell {
        case .text(let text): displayLength(text)
        case .number(let value): ExcelText.formatNumber(String(value)).count
        case .percent(let value): String(format: "%.1f%%", value * 100).count
        case .integer(let value): String(value).count
        case .date: 10
        case .empty: 0
        }
    }

    // MARK: - Fixed parts

    private static let xmlDeclaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    private static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let packageRelationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"

    private static func contentTypes(sheetCount: Int) -> String {
        let spreadsheetML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        var xml = xmlDeclaration + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        xml += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        xml += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        xml += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(spreadsheetML).sheet.main+xml\"/>"
        xml += "<Override PartName=\"/xl/styles.xml\" ContentType=\"\(spreadsheetML).styles+xml\"/>"
        for index in 1...sheetCount {
            xml += "<Override PartName=\"/xl/worksheets/sheet\(index).xml\" ContentType=\"\(spreadsheetML).worksheet+xml\"/>"
        }
        return xml + "</Types>"
    }

    private static let rootRelationships = xmlDeclaration + """
        <Relationships xmlns="\(packageRelationshipsNamespace)">\
        <Relationship Id="rId1" Type="\(relationshipsNamespace)/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>
        """

    private static func workbook(names: [String]) -> String {
        var xml = xmlDeclaration + "<workbook xmlns=\"\(mainNamespace)\" xmlns:r=\"\(relationshipsNamespace)\">"
        xml += "<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
        for (index, name) in names.enumerated() {
            xml += "<sheet name=\"\(ExcelText.escapeXML(name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        return xml + "</sheets></workbook>"
    }

    private static func workbookRelationships(sheetCount: Int) -> String {
        var xml = xmlDeclaration + "<Relationships xmlns=\"\(packageRelationshipsNamespace)\">"
        for index in 1...sheetCount {
            xml += "<Relationship Id=\"rId\(index)\" Type=\"\(relationshipsNamespace)/worksheet\" Target=\"worksheets/sheet\(index).xml\"/>"
        }
        xml += "<Relationship Id=\"rId\(sheetCount + 1)\" Type=\"\(relationshipsNamespace)/styles\" Target=\"styles.xml\"/>"
        return xml + "</Relationships>"
    }

    /// cellXfs order must match `Style`: 0 default, 1 bold header, 2 percent "0.0%", 3 date "dd.mm.yyyy".
    /// The fills and border entries are the boilerplate Excel requires even when unused.
    private static let styles = xmlDeclaration + """
        <styleSheet xmlns="\(mainNamespace)">\
        <numFmts count="2">\
        <numFmt numFmtId="164" formatCode="0.0%"/>\
        <numFmt numFmtId="165" formatCode="dd.mm.yyyy"/>\
        </numFmts>\
        <fonts count="2">\
        <font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
        <font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
        </fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="4">\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        <xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
        </cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """
}
