import Foundation
import Testing
import ZIPFoundation
@testable import MEDKSheets

/// Builds a zip from (path, text) parts, in order, the way a test fixture would look on disk.
func makeZip(_ parts: [(String, String)]) throws -> Data {
    let archive = try Archive(data: Data(), accessMode: .create)
    for (path, text) in parts {
        let bytes = Data(text.utf8)
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count),
                             compressionMethod: .deflate) { position, size in
            bytes.subdata(in: Int(position)..<Int(position) + size)
        }
    }
    return try #require(archive.data)
}

func unzip(_ data: Data) throws -> [String: String] {
    let archive = try Archive(data: data, accessMode: .read)
    var parts: [String: String] = [:]
    for entry in archive {
        var bytes = Data()
        _ = try archive.extract(entry) { bytes.append($0) }
        parts[entry.path] = String(decoding: bytes, as: UTF8.self)
    }
    return parts
}

let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
let pkgNS = "http://schemas.openxmlformats.org/package/2006/relationships"

@Suite("Exporting reports as XLSX")
struct XLSXWritingTests {
    static let report = XLSXWriter(sheets: [
        .init(
            name: "Школы <&> 2024/2025",
            header: ["Название", "Учеников", "Доля", "Дата", "Примечание"],
            rows: [
                [.text("Школа №1 <&> \"Лицей\""), .integer(1250), .percent(0.425), .date(year: 2024, month: 9, day: 1), .text("  пробелы  ")],
                [.text("Гимназия"), .empty, .number(2.5), .empty, .text("строка 1\nстрока 2")],
                [.empty, .empty, .empty],
                [.text("_x0041_ как есть"), .number(1_234_567_890), .empty, .date(year: 1900, month: 1, day: 1)],
            ]),
        .init(name: "Итоги", header: ["Всего"], rows: [[.integer(2)]], columnWidths: [20]),
    ])

    @Test func readsBackTheFirstSheetOfAWrittenReport() throws {
        let rows = try SheetReader.read(try Self.report.data())
        #expect(rows == [
            ["Название", "Учеников", "Доля", "Дата", "Примечание"],
            ["Школа №1 <&> \"Лицей\"", "1250", "0.425", "01.09.2024", "пробелы"],
            ["Гимназия", "", "2.5", "", "строка 1\nстрока 2"],
            ["_x0041_ как есть", "1234567890", "", "01.01.1900"],
        ])
    }

    @Test func writesAllPartsWithBoldFrozenHeaderAndPercentAndDateFormats() throws {
        let parts = try unzip(try Self.report.data())
        #expect(Set(parts.keys) == [
            "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
            "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
        ])
        let styles = try #require(parts["xl/styles.xml"])
        #expect(styles.contains("<numFmt numFmtId=\"164\" formatCode=\"0.0%\"/>"))
        #expect(styles.contains("formatCode=\"dd.mm.yyyy\""))
        #expect(styles.contains("<font><b/>"))

        let workbook = try #require(parts["xl/workbook.xml"])
        #expect(workbook.contains("name=\"Школы &lt;&amp;&gt; 2024_2025\""))
        #expect(workbook.contains("name=\"Итоги\""))

        let sheet = try #require(parts["xl/worksheets/sheet1.xml"])
        #expect(sheet.contains("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        #expect(sheet.contains("<c r=\"A1\" s=\"1\" t=\"inlineStr\">"))
        #expect(sheet.contains("<c r=\"C2\" s=\"2\"><v>0.425</v></c>"))
        #expect(sheet.contains("<c r=\"D2\" s=\"3\"><v>45536</v></c>")) // 01.09.2024
        #expect(sheet.contains("_x005F_x0041_"))
        #expect(!sheet.contains("r=\"A4\""), "a row of empty cells is not written")
        #expect(sheet.contains("<cols>"))
        #expect(parts["xl/worksheets/sheet2.xml"]?.contains("<col min=\"1\" max=\"1\" width=\"20.0\" customWidth=\"1\"/>") == true)
        #expect(parts["[Content_Types].xml"]?.contains("/xl/worksheets/sheet2.xml") == true)
    }

    @Test func sizesColumnsByContentWithinLimits() throws {
        let sheet = XLSXWriter.Sheet(name: "A", header: ["№", "Название"],
                                     rows: [[.integer(1), .text(String(repeating: "ш", count: 100))]])
        let xml = try #require(try unzip(XLSXWriter(sheets: [sheet]).data())["xl/worksheets/sheet1.xml"])
        #expect(xml.contains("<col min=\"1\" max=\"1\" width=\"8.0\" customWidth=\"1\"/>"))
        #expect(xml.contains("<col min=\"2\" max=\"2\" width=\"60.0\" customWidth=\"1\"/>"))
    }

    @Test func repairsSheetNamesToExcelRules() {
        let names = XLSXWriter.sheetNames([
            "Отчёт: [июнь] *итог*?", "'Школы'", "", "History",
            String(repeating: "Я", count: 40), String(repeating: "я", count: 40), "итоги", "ИТОГИ",
        ])
        #expect(names == [
            "Отчёт_ _июнь_ _итог__", "Школы", "Лист3", "Лист4",
            String(repeating: "Я", count: 31), String(repeating: "я", count: 27) + " (2)", "итоги", "ИТОГИ (2)",
        ])
        #expect(names.allSatisfy { $0.utf16.count <= 31 })
    }

    @Test func cutsTextToExcelsCellLimitWithoutSplittingCharacters() throws {
        let long = String(repeating: "я", count: 32_766) + "👍👍"
        let sheet = XLSXWriter.Sheet(name: "👍 отзывы", header: [], rows: [[.text(long)]])
        let rows = try SheetReader.read(try XLSXWriter(sheets: [sheet]).data())
        #expect(rows == [[String(repeating: "я", count: 32_766)]])
        #expect(XLSXWriter.sheetNames([String(repeating: "👍", count: 20)]) == [String(repeating: "👍", count: 15)])
    }

    @Test func writesAWorkbookEvenWithoutSheets() throws {
        let parts = try unzip(try XLSXWriter(sheets: []).data())
        #expect(parts["xl/workbook.xml"]?.contains("name=\"Лист1\"") == true)
    }
}

@Suite("Importing XLSX saved by Excel and LibreOffice")
struct XLSXReadingTests {
    static func workbook(sheets: String, rels: String, extra: [(String, String)]) throws -> Data {
        try makeZip([
            ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
            ("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="\(pkgNS)"><Relationship Id="rId1" Type="\(relNS)/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """),
            ("xl/workbook.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="\(mainNS)" xmlns:r="\(relNS)"><sheets>\(sheets)</sheets></workbook>
                """),
            ("xl/_rels/workbook.xml.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="\(pkgNS)">\(rels)</Relationships>
                """),
        ] + extra)
    }

    @Test func readsExcelWorkbookWithSharedRichTextSparseCellsAndReorderedSheets() throws {
        let data = try Self.workbook(
            sheets: "<sheet name=\"Школы\" sheetId=\"2\" r:id=\"rId7\"/><sheet name=\"Старое\" sheetId=\"1\" r:id=\"rId1\"/>",
            rels: """
                <Relationship Id="rId1" Type="\(relNS)/worksheet" Target="worksheets/sheet1.xml"/>\
                <Relationship Id="rId7" Type="\(relNS)/worksheet" Target="/xl/worksheets/sheet2.xml"/>\
                <Relationship Id="rId3" Type="\(relNS)/sharedStrings" Target="sharedStrings.xml"/>\
                <Relationship Id="rId4" Type="\(relNS)/styles" Target="styles.xml"/>
                """,
            extra: [
                ("xl/worksheets/sheet1.xml", "<worksheet xmlns=\"\(mainNS)\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>не тот лист</t></is></c></row></sheetData></worksheet>"),
                ("xl/sharedStrings.xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <sst xmlns="\(mainNS)" count="3" uniqueCount="3">\
                    <si><t>Название</t></si>\
                    <si><t xml:space="preserve"> ИНН </t></si>\
                    <si><r><rPr><b/><sz val="11"/></rPr><t>Мер</t></r><r><t>линская</t></r><rPh sb="0" eb="1"><t>фонетика</t></rPh></si>\
                    </sst>
                    """),
                ("xl/styles.xml", """
                    <styleSheet xmlns="\(mainNS)"><numFmts count="1"><numFmt numFmtId="164" formatCode="[$-419]d\\ mmmm\\ yyyy&quot;г.&quot;"/></numFmts>\
                    <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>\
                    <cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="4"/></cellXfs></styleSheet>
                    """),
                ("xl/worksheets/sheet2.xml", """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <worksheet xmlns="\(mainNS)" xmlns:r="\(relNS)"><dimension ref="A1:D5"/><sheetData>\
                    <row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="C1" s="0" t="s"><v>1</v></c></row>\
                    <row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" s="3"><v>1234567890</v></c><c r="D2"><v>2.5</v></c></row>\
                    <row r="3"><c r="A3" s="1"/><c r="B3" t="s"><v>1</v></c><c r="C3"><f>SUM(B2:B2)</f></c></row>\
                    <row r="5"><c r="B5" s="1"><v>45292</v></c><c r="C5" s="2"><v>45292.75</v></c><c r="E5" t="str"><v> </v></c></row>\
                    </sheetData></worksheet>
                    """),
            ])
        let rows = try SheetReader.read(data)
        #expect(rows == [
            ["Название", "", "ИНН"],
            ["Мерлинская", "1234567890", "", "2.5"],
            ["", "ИНН"],
            ["", "01.01.2024", "01.01.2024 18:00"],
        ])
    }

    @Test func readsCellsWithoutReferencesInlineStringsBooleansAndFormulaResults() throws {
        // Some generators omit r attributes and use a namespace prefix; there is also no _rels/.rels here.
        let data = try makeZip([
            ("xl/workbook.xml", "<x:workbook xmlns:x=\"\(mainNS)\" xmlns:rel=\"\(relNS)\"><x:sheets><x:sheet name=\"S\" sheetId=\"1\" rel:id=\"a\"/></x:sheets></x:workbook>"),
            ("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"\(pkgNS)\"><Relationship Id=\"a\" Type=\"\(relNS)/worksheet\" Target=\"sheets/s.xml\"/></Relationships>"),
            ("xl/sheets/s.xml", """
                <x:worksheet xmlns:x="\(mainNS)"><x:sheetData>\
                <x:row><x:c t="inlineStr"><x:is><x:t>Школа_x000D_№1</x:t></x:is></x:c><x:c t="b"><x:v>1</x:v></x:c>\
                <x:c t="str"><x:f>A1&amp;"!"</x:f><x:v>Школа!</x:v></x:c><x:c><x:v>-0.5</x:v></x:c><x:c t="b"><x:v>0</x:v></x:c></x:row>\
                <x:row><x:c t="inlineStr"><x:is><x:t><![CDATA[<CDATA & co>]]></x:t></x:is></x:c><x:c t="e"><x:v>#N/A</x:v></x:c>\
                <x:c t="d"><x:v>2024-09-01T00:00:00</x:v></x:c></x:row>\
                </x:sheetData></x:worksheet>
                """),
        ])
        #expect(try SheetReader.read(data) == [
            ["Школа\r№1", "TRUE", "Школа!", "-0.5", "FALSE"],
            ["<CDATA & co>", "#N/A", "01.09.2024"],
        ])
    }

    @Test func refusesAWorksheetThatUnpacksBeyondTheSizeLimit() throws {
        let bigSheet = "<worksheet xmlns=\"\(mainNS)\"><sheetData>" + String(repeating: " ", count: 10_000) + "</sheetData></worksheet>"
        let data = try Self.workbook(
            sheets: "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>",
            rels: "<Relationship Id=\"rId1\" Type=\"\(relNS)/worksheet\" Target=\"worksheets/sheet1.xml\"/>",
            extra: [("xl/worksheets/sheet1.xml", bigSheet)])
        #expect(throws: SheetError.unreadableXLSX("too large")) { try XLSXReader.read(data, partSizeLimit: 5_000) }
        #expect(throws: SheetError.empty) { try XLSXReader.read(data) }
        #expect(XLSXReader.partSizeLimit == 50 * 1024 * 1024)
    }

    @Test func refusesASheetWhoseSparseCellsWouldExpandIntoMillionsOfBlanks() throws {
        let row = "<row><c r=\"XFD1\"><v>1</v></c></row>"
        let data = try Self.workbook(
            sheets: "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>",
            rels: "<Relationship Id=\"rId1\" Type=\"\(relNS)/worksheet\" Target=\"worksheets/sheet1.xml\"/>",
            extra: [("xl/worksheets/sheet1.xml", "<worksheet xmlns=\"\(mainNS)\"><sheetData>\(String(repeating: row, count: 10))</sheetData></worksheet>")])
        #expect(throws: SheetError.unreadableXLSX("too large")) { try XLSXReader.read(data, cellLimit: 100_000) }
        #expect(try XLSXReader.read(data, cellLimit: 200_000).count == 10)
    }

    @Test func readsAWorksheetLargerThanTenMegabytes() throws {
        // libxml2 refuses documents over 10 MB when handed them in one piece; big lists get there.
        let row = "<row><c t=\"inlineStr\"><is><t>Школа</t></is></c><c><v>1</v></c></row>"
        let count = 11_000_000 / row.utf8.count + 1
        let sheet = "<worksheet xmlns=\"\(mainNS)\"><sheetData>" + String(repeating: row, count: count) + "</sheetData></worksheet>"
        let data = try Self.workbook(
            sheets: "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>",
            rels: "<Relationship Id=\"rId1\" Type=\"\(relNS)/worksheet\" Target=\"worksheets/sheet1.xml\"/>",
            extra: [("xl/worksheets/sheet1.xml", sheet)])
        let rows = try SheetReader.read(data)
        #expect(rows.count == count)
        #expect(rows.last == ["Школа", "1"])
    }

    @Test func reportsBrokenZipAndMalformedXMLAndRejectsOtherZipDocuments() throws {
        let truncated = Data([0x50, 0x4B, 0x03, 0x04]) + Data(repeating: 0x41, count: 100)
        #expect(throws: SheetError.self) { try SheetReader.read(truncated) }
        #expect(Self.error(of: truncated)?.isUnreadableXLSX == true)

        let mismatched = "<worksheet xmlns=\"\(mainNS)\"><sheetData><row><c><v>1</v></row></sheetData></worksheet>"
        let truncatedXML = "<worksheet xmlns=\"\(mainNS)\"><sheetData><row><c><v>1</v></c>"
        for sheet in [mismatched, truncatedXML] {
            let malformed = try Self.workbook(
                sheets: "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>",
                rels: "<Relationship Id=\"rId1\" Type=\"\(relNS)/worksheet\" Target=\"worksheets/sheet1.xml\"/>",
                extra: [("xl/worksheets/sheet1.xml", sheet)])
            let error = Self.error(of: malformed)
            #expect(error?.isUnreadableXLSX == true, "got \(String(describing: error))")
        }

        let docx = try makeZip([
            ("_rels/.rels", "<Relationships xmlns=\"\(pkgNS)\"><Relationship Id=\"rId1\" Type=\"\(relNS)/officeDocument\" Target=\"word/document.xml\"/></Relationships>"),
            ("word/document.xml", "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"/>"),
        ])
        #expect(throws: SheetError.unsupportedFormat) { try SheetReader.read(docx) }
        let plainZip = try makeZip([("readme.txt", "hello")])
        #expect(throws: SheetError.unsupportedFormat) { try SheetReader.read(plainZip) }
    }

    @Test func refusesAWorkbookMangledInTransitInsteadOfCrashing() throws {
        // A real workbook passed through a text decoder, as a careless mail gateway would: every
        // offset in the zip now points past the data. Reading it once crashed the process.
        let report = try XLSXWriter(sheets: [.init(name: "Школы", header: ["Код", "Наименование"],
                                                   rows: [[.integer(1), .text("Гусинская СШ")]])]).data()
        let mangled = Data(String(decoding: report, as: UTF8.self).utf8)
        #expect(throws: SheetError.self) { try SheetReader.read(mangled) }
        for cut in stride(from: 30, to: report.count, by: max(1, report.count / 40)) {
            #expect(throws: SheetError.self) { try SheetReader.read(report.prefix(cut)) }
        }
    }

    static func error(of data: Data) -> SheetError? {
        do { _ = try SheetReader.read(data); return nil } catch { return error }
    }
}

extension SheetError {
    var isUnreadableXLSX: Bool {
        if case .unreadableXLSX = self { return true }
        return false
    }
}

@Suite("Cell values shown the way officials typed them")
struct CellValueTests {
    @Test func printsNumbersWithoutExponentsOrBinaryNoise() {
        #expect(ExcelText.formatNumber("1234567890") == "1234567890")
        #expect(ExcelText.formatNumber("1.23456789E9") == "1234567890")
        #expect(ExcelText.formatNumber("1234567890.0") == "1234567890")
        #expect(ExcelText.formatNumber("2.5") == "2.5")
        #expect(ExcelText.formatNumber("-0") == "0")
        #expect(ExcelText.formatNumber("0.30000000000000004") == "0.3")
        #expect(ExcelText.formatNumber("1E-05") == "0.00001")
        #expect(ExcelText.formatNumber("-1.25E-7") == "-0.000000125")
        #expect(ExcelText.formatNumber("1E+20") == "100000000000000000000")
        #expect(ExcelText.formatNumber("79161234567") == "79161234567")
        #expect(ExcelText.formatNumber("abc") == "abc")
    }

    @Test func convertsDatesToAndFromExcelSerialsIncludingThe1900LeapBug() {
        #expect(ExcelDate.serial(year: 1900, month: 1, day: 1) == 1)
        #expect(ExcelDate.serial(year: 1900, month: 2, day: 28) == 59)
        #expect(ExcelDate.serial(year: 1900, month: 3, day: 1) == 61)
        #expect(ExcelDate.serial(year: 2024, month: 1, day: 1) == 45292)
        #expect(ExcelDate.serial(year: 2023, month: 2, day: 29) == nil)
        #expect(ExcelDate.serial(year: 1899, month: 12, day: 31) == nil)
        #expect(ExcelDate.format(serial: 1, date1904: false) == "01.01.1900")
        #expect(ExcelDate.format(serial: 59, date1904: false) == "28.02.1900")
        #expect(ExcelDate.format(serial: 60, date1904: false) == "29.02.1900")
        #expect(ExcelDate.format(serial: 61, date1904: false) == "01.03.1900")
        #expect(ExcelDate.format(serial: 45292.5, date1904: false) == "01.01.2024 12:00")
        #expect(ExcelDate.format(serial: 0, date1904: true) == nil)
        #expect(ExcelDate.format(serial: 1, date1904: true) == "02.01.1904")
    }

    @Test func recognisesDateFormatsButNotNumberOrTimeFormats() {
        #expect(XLSXReader.isDateFormat("dd.mm.yyyy"))
        #expect(XLSXReader.isDateFormat("[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy"))
        #expect(!XLSXReader.isDateFormat("0.0%"))
        #expect(!XLSXReader.isDateFormat("#,##0.00\\ [$₽-419]"))
        #expect(!XLSXReader.isDateFormat("0\" дней\""))
        #expect(!XLSXReader.isDateFormat("h:mm:ss"))
        #expect(!XLSXReader.isDateFormat("General"))
    }

    @Test func escapesControlCharactersAndLiteralEscapesTheOOXMLWay() {
        let text = "a\rb\u{1}_x0041_c\td\n"
        let escaped = ExcelText.escapeOOXML(text)
        #expect(escaped == "a_x000D_b_x0001__x005F_x0041_c\td\n")
        #expect(ExcelText.unescapeOOXML(escaped) == text)
        #expect(ExcelText.columnName(0) == "A" && ExcelText.columnName(25) == "Z" && ExcelText.columnName(26) == "AA")
        #expect(ExcelText.columnIndex(ofReference: "XFD1048576") == 16_383)
        #expect(ExcelText.columnIndex(ofReference: "ZZZZ1") == nil)
    }
}
