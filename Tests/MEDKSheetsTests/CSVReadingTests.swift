import Foundation
import Testing
@testable import MEDKSheets

@Suite("Importing CSV exported by officials")
struct CSVReadingTests {
    @Test func readsSemicolonCSVWithBOMSavedByExcelAsUTF8() throws {
        let csv = "\u{FEFF}ФИО;Школа;Комментарий\r\n"
            + "Иванов Иван Иванович;\"Школа №1; корпус 2\";\"строка 1\r\nстрока \"\"2\"\"\"\r\n"
        let rows = try SheetReader.read(Data(csv.utf8))
        #expect(rows == [
            ["ФИО", "Школа", "Комментарий"],
            ["Иванов Иван Иванович", "Школа №1; корпус 2", "строка 1\nстрока \"2\""],
        ])
    }

    @Test func readsCommaCSVExportedByRussianExcelInWindows1251() throws {
        let bytes: [UInt8] = [
            0xD8, 0xEA, 0xEE, 0xEB, 0xE0, 0x2C, 0xC3, 0xEE, 0xF0, 0xEE, 0xE4, 0x0D, 0x0A, // Школа,Город
            0xCB, 0xE8, 0xF6, 0xE5, 0xE9, 0x20, 0xB9, 0x32, 0x2C, 0xCC, 0xEE, 0xF1, 0xEA, 0xE2, 0xE0, 0x0D, 0x0A, // Лицей №2,Москва
            0x22, 0xA8, 0xEB, 0xEA, 0xE8, 0xED, 0x2C, 0x20, 0xCF, 0xB8, 0xF2, 0xF0, 0x22, 0x2C, // "Ёлкин, Пётр",
            0xAB, 0xC3, 0xE8, 0xEC, 0xED, 0xE0, 0xE7, 0xE8, 0xFF, 0xBB, 0x0D, 0x0A, // «Гимназия»
        ]
        let rows = try SheetReader.read(Data(bytes))
        #expect(rows == [["Школа", "Город"], ["Лицей №2", "Москва"], ["Ёлкин, Пётр", "«Гимназия»"]])
    }

    @Test func decodesTheWholeRussianAlphabetFromWindows1251() throws {
        let bytes = Array(UInt8(0xC0)...UInt8(0xFF)) + [0xA8, 0xB8]
        let rows = try SheetReader.readCSV(Data(bytes))
        #expect(rows == [["АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюяЁё"]])
    }

    @Test func readsTabSeparatedUnicodeTextSavedByExcel() throws {
        let text = "ФИО\tEmail\r\nПетрова Анна\tpetrova@school.ru\r\n"
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let rows = try SheetReader.read(Data(bytes))
        #expect(rows == [["ФИО", "Email"], ["Петрова Анна", "petrova@school.ru"]])
    }

    @Test func trimsNonBreakingSpacesAndDropsBlankRowsKeepingOrderAndRaggedRows() throws {
        let csv = "\u{A0}Школа 1\u{A0};  42 \n;;\n\n\u{200B} Школа 2;;x\n   \nШкола 3\n"
        let rows = try SheetReader.read(Data(csv.utf8))
        #expect(rows == [["Школа 1", "42"], ["Школа 2", "", "x"], ["Школа 3"]])
    }

    @Test func picksSeparatorFromFirstLineWithContentIgnoringQuotedText() throws {
        let addressFirst = "\n\n\"г. Москва, ул. Ленина, д. 1\";Школа\nx;y\n"
        #expect(try SheetReader.read(Data(addressFirst.utf8)) == [["г. Москва, ул. Ленина, д. 1", "Школа"], ["x", "y"]])

        let moreCommas = "name,email;phone,role\na,b;c,d\n"
        #expect(try SheetReader.read(Data(moreCommas.utf8)) == [["name", "email;phone", "role"], ["a", "b;c", "d"]])

        let singleColumn = "email\nivanov@school.ru\n"
        #expect(try SheetReader.read(Data(singleColumn.utf8)) == [["email"], ["ivanov@school.ru"]])
    }

    @Test func honoursExcelSeparatorHintLine() throws {
        let csv = "sep=,\r\nИмя;Фамилия,Роль\r\n"
        #expect(try SheetReader.read(Data(csv.utf8)) == [["Имя;Фамилия", "Роль"]])
    }

    @Test func acceptsCRLFAndLFAndOldMacCRLineEnds() throws {
        let expected = [["a", "b"], ["c", "d"]]
        #expect(try SheetReader.read(Data("a;b\r\nc;d\r\n".utf8)) == expected)
        #expect(try SheetReader.read(Data("a;b\nc;d".utf8)) == expected)
        #expect(try SheetReader.read(Data("a;b\rc;d\r".utf8)) == expected)
        #expect(try SheetReader.read(Data("a;b\r\n\r\n\r\nc;d".utf8)) == expected)
    }

    @Test func keepsStrayQuotesInsideUnquotedFields() throws {
        let csv = "ООО \"Ромашка\";7701234567\n"
        #expect(try SheetReader.read(Data(csv.utf8)) == [["ООО \"Ромашка\"", "7701234567"]])
    }
}

@Suite("Rejecting uploads that are not a usable table")
struct RejectedUploadTests {
    @Test func reportsTheLineWhereAQuoteIsNeverClosed() {
        let csv = "a;b\n\"ok\";c\nd;\"не закрыта\ne;f\n"
        #expect(throws: SheetError.unterminatedQuote(line: 3)) { try SheetReader.read(Data(csv.utf8)) }
    }

    @Test func rejectsAnEmptyUploadAndOneWithoutAnyContent() {
        #expect(throws: SheetError.empty) { try SheetReader.read(Data()) }
        #expect(throws: SheetError.empty) { try SheetReader.read(Data("\u{FEFF}\r\n ; ;\r\n\u{A0}".utf8)) }
    }

    @Test func rejectsPDFAndLegacyXLSAndOtherBinaries() {
        let pdf = Data("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n".utf8)
        let ole2 = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 504))
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D])
        #expect(throws: SheetError.unsupportedFormat) { try SheetReader.read(pdf) }
        #expect(throws: SheetError.unsupportedFormat) { try SheetReader.read(ole2) }
        #expect(throws: SheetError.unsupportedFormat) { try SheetReader.read(png) }
    }

    @Test func rejectsTextThatIsNeitherUTF8NorWindows1251() {
        // 0x98 is unassigned in Windows-1251 and 0x01 never appears in a text export.
        let bytes = Data("Школа;".utf8) + Data([0xC0, 0x98, 0x01, 0x0A])
        #expect(throws: SheetError.unreadableEncoding) { try SheetReader.read(bytes) }
    }
}

@Suite("Exporting CSV for Excel")
struct CSVWritingTests {
    @Test func writesCSVThatRussianExcelOpensWithCyrillicIntact() throws {
        let rows = [
            ["ФИО", "Школа", "Формула"],
            ["Иванов; Иван", "Лицей \"Вектор\"", "Сумма"],
            ["строка 1\nстрока 2", "", "-5"],
        ]
        let data = CSVWriter.write(rows)
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text == "ФИО;Школа;Формула\r\n"
            + "\"Иванов; Иван\";\"Лицей \"\"Вектор\"\"\";Сумма\r\n"
            + "\"строка 1\nстрока 2\";;-5\r\n")
        #expect(try SheetReader.read(data) == rows)
    }

    @Test func aNameThatLooksLikeAFormulaIsWrittenAsTextAndNumbersStayNumbers() {
        let rows = [["=HYPERLINK(\"http://evil.example\",\"Школа\")", "+7 900", "-cmd|' /C calc'!A0", "@SUM(1)",
                     "\tTAB", "\rCR", "-5", "-12,5", "+3", "42,0%", "=1+1", "Школа №1"]]
        let text = String(decoding: CSVWriter.write(rows).dropFirst(3), as: UTF8.self)
        let cells = text.dropLast(1).components(separatedBy: ";")
        #expect(cells[0].hasPrefix("\"'=HYPERLINK("))
        #expect(cells[1] == "'+7 900")
        #expect(cells[2] == "'-cmd|' /C calc'!A0")
        #expect(cells[3] == "'@SUM(1)")
        #expect(cells[4] == "'\tTAB")
        #expect(cells[5] == "\"'\rCR\"")
        #expect(Array(cells[6...9]) == ["-5", "-12,5", "+3", "42,0%"])
        #expect(cells[10] == "'=1+1")
        #expect(cells[11] == "Школа №1")
    }

    @Test func quotesFieldsContainingACustomSeparatorOrCarriageReturn() {
        let data = CSVWriter.write([["a,b", "c\r\nd", "e;f"]], separator: ",")
        #expect(String(decoding: data.dropFirst(3), as: UTF8.self) == "\"a,b\",\"c\r\nd\",e;f\r\n")
    }
}
