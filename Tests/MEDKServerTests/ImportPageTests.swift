import Fluent
import Foundation
import MEDKCore
import MEDKSheets
import Testing
import Vapor
@testable import MEDKServer

@Suite("Importing schools and users from the files Russian Excel produces")
struct ImportPageTests {
    static let schoolsCSV = """
        Регион;Муниципалитет;Полное наименование;Краткое наименование;Адрес;Местность;Код ОО
        Смоленская область;Краснинский район;"МБОУ «Красновская СШ»; филиал";Красновская СШ;д. Красное;сельская;670501
        Смоленская область;город Смоленск;МБОУ «СШ № 40» г. Смоленска;;г. Смоленск, ул. Ленина, 1;городская;670502

        """

    @Test func aRegionalCoordinatorImportsSchoolsAndAReimportChangesNothing() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("regional")
            try await browser.get("/import")
            let before = try await School.query(on: app.db).count()
            let first = try await browser.upload("/import/schools", fileName: "школы.csv", data: Data(Self.schoolsCSV.utf8))
            #expect(first.status == .ok)
            #expect(first.contains(Strings.Import.done(created: 2, updated: 0, unchanged: 0)))
            #expect(try await School.query(on: app.db).count() == before + 2)
            let imported = try await Demo.school("МБОУ «Красновская СШ»; филиал", app)
            #expect(imported.isRural && imported.code == "670501")
            let cycle = try #require(try await CycleQueries.current(on: app.db, today: nil))
            #expect(try await SchoolQueries.participation(school: imported.id!, cycle: cycle.id!, on: app.db) != nil)

            let again = try await browser.upload("/import/schools", fileName: "школы.csv", data: Data(Self.schoolsCSV.utf8))
            #expect(again.contains(Strings.Import.done(created: 0, updated: 0, unchanged: 2)))
            #expect(try await School.query(on: app.db).count() == before + 2)
            #expect(try await Participation.query(on: app.db).count() == before + 2)
            #expect(try await browser.get("/schools?q=670501").contains("Красновская"))
        }
    }

    @Test func aWindows1251CommaSeparatedFileIsReadToo() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("municipal")
            try await browser.get("/import")
            let text = "Муниципалитет,Полное наименование,Местность\r\nКраснинский район,Школа в кодировке Windows-1251,сельская\r\n"
            let page = try await browser.upload("/import/schools", fileName: "export.csv", data: try #require(windows1251(text)))
            #expect(page.contains(Strings.Import.done(created: 1, updated: 0, unchanged: 0)))
            _ = try await Demo.school("Школа в кодировке Windows-1251", app)
        }
    }

    @Test func anXLSXFileOfSchoolsIsImported() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("federal")
            try await browser.get("/import")
            let sheet = XLSXWriter.Sheet(name: "Школы", header: ["Регион", "Муниципалитет", "Полное наименование", "Местность", "Код ОО"],
                                         rows: [[.text("Забайкальский край"), .text("Сретенский район"), .text("МОУ Сретенская СОШ № 1"),
                                                 .text("городская"), .integer(750001)]])
            let data = try XLSXWriter(sheets: [sheet]).data()
            let page = try await browser.upload("/import/schools", fileName: "Школы.xlsx", data: data,
                                                contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(page.contains(Strings.Import.done(created: 1, updated: 0, unchanged: 0)))
            #expect(try await Demo.school("МОУ Сретенская СОШ № 1", app).code == "750001")
        }
    }

    @Test func aFileWithAnyWrongRowImportsNothingAndSaysWhereEachProblemIs() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("regional")
            try await browser.get("/import")
            let csv = """
                Муниципалитет;Полное наименование;Местность
                Краснинский район;Хорошая школа;сельская
                Несуществующий район;Школа;сельская
                Краснинский район;Школа 2;посёлок
                """
            let before = try await School.query(on: app.db).count()
            let page = try await browser.upload("/import/schools", fileName: "bad.csv", data: Data(csv.utf8))
            #expect(page.status == .unprocessableEntity)
            #expect(page.contains(Strings.Import.describe(.unknownMunicipality("Несуществующий район"))))
            #expect(page.contains("Недопустимое значение «посёлок»"))
            #expect(page.body.contains("<td class=\"num\">3</td>") && page.body.contains("<td class=\"num\">4</td>"))
            #expect(try await School.query(on: app.db).count() == before)
        }
    }

    @Test func missingColumnsUnreadableFilesAndOldXLSAreExplained() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("regional")
            try await browser.get("/import")
            let noColumns = try await browser.upload("/import/schools", fileName: "x.csv", data: Data("Школа;Адрес\nА;Б\n".utf8))
            #expect(noColumns.status == .unprocessableEntity)
            #expect(noColumns.contains("Муниципалитет") && noColumns.contains(Strings.Import.describe(.missingColumn)))
            let xls = try await browser.upload("/import/schools", fileName: "old.xls",
                                               data: Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0]))
            #expect(xls.contains(Strings.Import.unsupportedFormat))
            let empty = try await browser.upload("/import/schools", fileName: "empty.csv", data: Data())
            #expect(empty.contains(Strings.Import.noFile))
            let garbled = try await browser.upload("/import/schools", fileName: "koi8.csv",
                                                   data: Data("Школа;".utf8) + Data([0xC0, 0x98, 0x01, 0x0A]))
            #expect(garbled.contains(Strings.Import.unreadableEncoding))
        }
    }

    @Test func usersAreImportedWithGeneratedPasswordsAndDuplicateLoginsAreRefused() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("regional")
            try await browser.get("/import")
            let duplicate = """
                Логин;ФИО;Роль;Регион;Муниципалитет
                ivanova;Иванова Мария Петровна;Куратор;Смоленская область;
                IVANOVA;Иванова Мария Петровна;Куратор;Смоленская область;
                """
            let refused = try await browser.upload("/import/users", fileName: "u.csv", data: Data(duplicate.utf8))
            #expect(refused.contains(Strings.Import.describe(.duplicateInFile(otherRow: 2))))
            #expect(try await User.query(on: app.db).filter(\.$login == "ivanova").count() == 0)

            let good = """
                Логин;ФИО;Роль;Регион;Муниципалитет;Пароль
                ivanova;Иванова Мария Петровна;Куратор;Смоленская область;;
                elnya;Ельнинский координатор;Муниципальный координатор;Смоленская область;Краснинский район;elnya-password
                """
            let done = try await browser.upload("/import/users", fileName: "u.csv", data: Data(good.utf8))
            #expect(done.contains(Strings.Import.done(created: 2, updated: 0, unchanged: 0)))
            #expect(done.contains(Strings.Import.generatedPasswords))
            #expect(try await Browser(app).signIn("elnya", password: "elnya-password").status == .ok)
            let again = try await browser.upload("/import/users", fileName: "u.csv", data: Data(good.utf8))
            #expect(again.contains(Strings.Import.done(created: 0, updated: 0, unchanged: 2)))
            #expect(!again.contains(Strings.Import.generatedPasswords))
        }
    }

    @Test func theTemplateDownloadsAsXLSXWithTheExpectedColumns() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("regional")
            let page = try await browser.get("/import/template/schools")
            #expect(page.headers.first(name: .contentType)?.contains("spreadsheetml") == true)
            let rows = try SheetReader.read(page.data)
            #expect(rows.first == SchoolImport.columns.map(\.title))
        }
    }
}

/// Encodes Russian text as Windows-1251, the way old Excel saves CSV.
func windows1251(_ text: String) -> Data? {
    var bytes: [UInt8] = []
    for scalar in text.unicodeScalars {
        switch scalar.value {
        case 0..<0x80: bytes.append(UInt8(scalar.value))
        case 0x410...0x44F: bytes.append(UInt8(scalar.value - 0x410 + 0xC0))
        case 0x401: bytes.append(0xA8)
        case 0x451: bytes.append(0xB8)
        default: return nil
        }
    }
    return Data(bytes)
}

@Suite("Risk profiles")
struct RiskProfilePageTests {
    @Test func aCoordinatorImportsProfilesAndTheSchoolAndCuratorSeeThemColouredBySignificance() async throws {
        try await withMEDK { app in
            let gusino = try await Demo.school(Demo.gusino, app)
            gusino.code = "670001"
            try await gusino.save(on: app.db)
            let header = ["Код ОО"] + (1...10).map { "\($0)" } + ["Руководитель", "Педагоги", "Обучающиеся", "Родители"]
            let row = ["670001", "высокая", "средняя", "низкая", "нет", "низкая", "высокая", "низкая", "низкая", "средняя",
                       "низкая", "да", "да", "да", "нет"]
            let csv = [header, row].map { $0.joined(separator: ";") }.joined(separator: "\n")
            let coordinator = Browser(app)
            try await coordinator.signIn("regional")
            try await coordinator.get("/import")
            let done = try await coordinator.upload("/import/risk-profiles", fileName: "рпш.csv", data: Data(csv.utf8))
            #expect(done.contains(Strings.Import.done(created: 1, updated: 0, unchanged: 0)), "\(done.body.prefix(3000))")
            let again = try await coordinator.upload("/import/risk-profiles", fileName: "рпш.csv", data: Data(csv.utf8))
            #expect(again.contains(Strings.Import.done(created: 0, updated: 0, unchanged: 1)))
            let bad = [header, ["670001", "очень"] + Array(row.dropFirst(2))].map { $0.joined(separator: ";") }.joined(separator: "\n")
            let refused = try await coordinator.upload("/import/risk-profiles", fileName: "bad.csv", data: Data(bad.utf8))
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.contains("Недопустимое значение «очень»"))

            for login in ["school", "curator"] {
                let viewer = Browser(app)
                try await viewer.signIn(login)
                let page = try await viewer.get("/schools/\(gusino.id!)/sections/diagnostics")
                #expect(page.contains("Рисковый профиль школы (РПШ)"))
                #expect(page.contains("risk-high") && page.contains("Недостаточная предметная и методическая компетентность"))
                #expect(page.body.components(separatedBy: Strings.Profile.needsVerification).count - 1 == 4)
                #expect(page.contains("Родители — не пройдено"))
            }
            // A school without a profile is told who brings it.
            let merlino = try await Demo.school(Demo.merlino, app)
            let municipal = Browser(app)
            try await municipal.signIn("municipal")
            #expect(try await municipal.get("/schools/\(merlino.id!)/sections/diagnostics").contains(Strings.Profile.none))
        }
    }
}
