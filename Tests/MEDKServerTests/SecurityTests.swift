import Fluent
import Foundation
import MEDKCore
import MEDKSheets
import Testing
import Vapor
@testable import MEDKServer

/// The holes an ordinary account could use (issue 11), each pinned by the story of the attack.
@Suite("An ordinary account cannot take over, crash or inject")
struct SecurityTests {
    static let usersHeader = "Логин;ФИО;E-mail;Телефон;Роль;Регион;Муниципалитет;Код ОО;Школа;Пароль\n"

    // MARK: 1. taking over another user

    @Test func aMunicipalCoordinatorCannotTakeOverTheAdministratorThroughTheUserImport() async throws {
        try await withMEDK { app in
            let admin = try await Demo.user("admin", app)
            let grantsBefore = try await RoleGrant.query(on: app.db).filter(\.$user.$id == admin.id!).count()
            let browser = Browser(app)
            try await browser.signIn("municipal")
            let csv = Self.usersHeader + "admin;Администратор МЭДК;attacker@evil.example;+7 000;Школа;;;670001;;\n"
            let page = try await browser.upload("/import/users", fileName: "users.csv", data: Data(csv.utf8))
            #expect(page.contains(Strings.Import.describe(.userOutsideScope("admin"))))
            let after = try await Demo.user("admin", app)
            #expect(after.email == admin.email && after.phone == admin.phone && after.isActive)
            #expect(try await RoleGrant.query(on: app.db).filter(\.$user.$id == admin.id!).count() == grantsBefore)
            // And the administrator's page offers it nothing to press, and refuses a forged block.
            #expect(try await browser.post("/users/\(admin.id!)/active").status == .notFound)
            #expect(try await Demo.user("admin", app).isActive)
        }
    }

    @Test func nobodyBlocksOrChangesAPersonWhoseRolesTheyCouldNotGrant() async throws {
        try await withMEDK { app in
            let admin = try await Demo.user("admin", app)
            let federal = Browser(app)
            try await federal.signIn("federal")
            let adminPage = try await federal.get("/users/\(admin.id!)")
            #expect(adminPage.status == .ok && adminPage.contains(Strings.Users.notChangeable))
            #expect(!adminPage.contains("/users/\(admin.id!)/active"))
            #expect(try await federal.post("/users/\(admin.id!)/active").status == .forbidden)
            #expect(try await federal.post("/users/\(admin.id!)/grants", ["role": "school", "schoolCode": "670001"]).status == .forbidden)
            #expect(try await Demo.user("admin", app).isActive)

            // A municipal coordinator and a peer of its region (город Смоленск): neither may block the other.
            let peer = try await Demo.user("vasinova", app)
            let municipal = Browser(app)
            try await municipal.signIn("municipal")
            #expect(try await municipal.post("/users/\(peer.id!)/active").status != .seeOther)
            #expect(try await Demo.user("vasinova", app).isActive)

            // The regional coordinator keeps both: it may block and unblock.
            let regional = Browser(app)
            try await regional.signIn("regional")
            #expect(try await regional.post("/users/\(peer.id!)/active").status == .seeOther)
            #expect(try await Demo.user("vasinova", app).isActive == false)
            #expect(try await regional.post("/users/\(peer.id!)/active").status == .seeOther)
            #expect(try await Demo.user("vasinova", app).isActive)
        }
    }

    // MARK: 2. one GET must not stop the server

    @Test func hugePageNumbersShowAnEmptyPageInsteadOfStoppingTheServer() async throws {
        try await withMEDK { app in
            for (login, paths) in [("municipal", ["/schools", "/home"]), ("admin", ["/users", "/audit"]),
                                   ("regional", ["/feed"])] {
                let browser = Browser(app)
                try await browser.signIn(login)
                for path in paths {
                    for page in ["9223372036854775807", "-9223372036854775808", "99999999999999999999999", "abc", "-1", "0"] {
                        let answer = try await browser.get("\(path)?page=\(page)")
                        #expect(answer.status == .ok, "\(login) \(path)?page=\(page) → \(answer.status)")
                    }
                }
            }
        }
    }

    @Test func aVeryLongSearchIsCutInsteadOfFailing() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("admin")
            let long = String(repeating: "%", count: 50_000)
            #expect(try await browser.get("/schools?q=\(long.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)").status == .ok)
            #expect(try await browser.get("/users?q=\(String(repeating: "ab", count: 25_000))").status == .ok)
        }
    }

    // MARK: 3. redirects

    @Test func aNextParameterCannotPutAHeaderIntoTheRedirect() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            let login = try await browser.get("/login?next=%2F%0D%0ASet-Cookie:%20medk_flash=x")
            #expect(!login.body.contains("Set-Cookie"))
            for next in ["/\r\nSet-Cookie: medk_session=planted; Path=/schools", "//evil.example/", "https://evil.example/",
                         "/\\evil.example", "/ok path", "/home\u{7F}"] {
                try await browser.get("/login")
                let signedIn = try await browser.post("/login", ["login": "school", "password": DemoData.password, "next": next])
                #expect(signedIn.status == .seeOther)
                #expect(signedIn.location == "/home", "next=\(next.debugDescription) → \(signedIn.location ?? "")")
                #expect(signedIn.headers[.setCookie].allSatisfy { !$0.contains("planted") })
                try await browser.post("/logout")
            }
            try await browser.get("/login")
            let fine = try await browser.post("/login", ["login": "school", "password": DemoData.password, "next": "/schools?q=Гусино"])
            #expect(fine.location == "/schools?q=%D0%93%D1%83%D1%81%D0%B8%D0%BD%D0%BE")
        }
    }

    @Test func theSeminarMarksBackParameterStaysOnTheDashboards() async throws {
        try await withMEDK { app in
            let school = try await Demo.school(Demo.gusino, app)
            let browser = Browser(app)
            try await browser.signIn("municipal")
            let answer = try await browser.post("/dashboards/seminar/\(school.id!)",
                                                ["attended": "1", "back": "/dashboards\r\nSet-Cookie: x=y"])
            #expect(answer.status == .seeOther && answer.location == "/dashboards")
            #expect(answer.headers[.setCookie].allSatisfy { !$0.hasPrefix("x=") })
        }
    }

    // MARK: 4. CSV exports

    @Test func aSchoolNamedLikeAFormulaIsWrittenAsTextInEveryCSVExport() async throws {
        try await withMEDK { app in
            let school = try await Demo.school(Demo.gusino, app)
            school.rename(fullName: "=HYPERLINK(\"http://evil.example\",\"Гусино\")", shortName: "@SUM(1)", code: school.code)
            try await school.save(on: app.db)
            let browser = Browser(app)
            try await browser.signIn("municipal")
            let csv = try await browser.get("/dashboards/export/schools.csv")
            #expect(csv.status == .ok)
            #expect(csv.body.contains("'=HYPERLINK("))
            #expect(!csv.body.contains(";=HYPERLINK(") && !csv.body.contains("\n=HYPERLINK(") && !csv.body.contains("\"=HYPERLINK("))
        }
    }

    // MARK: 7, 8. bodies

    @Test func aHugeLoginIsRefusedBeforeAnythingIsWritten() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.get("/login")
            let throttles = try await LoginThrottle.query(on: app.db).count()
            let audit = try await AuditEvent.query(on: app.db).count()
            let long = try await browser.post("/login", ["login": String(repeating: "x", count: 65), "password": "p"])
            #expect(long.status == .unprocessableEntity && long.contains(Strings.Login.tooLong))
            let huge = try await browser.post("/login", ["login": String(repeating: "x", count: 9_000_000), "password": "p"])
            #expect(huge.status == .payloadTooLarge)
            #expect(try await LoginThrottle.query(on: app.db).count() == throttles)
            #expect(try await AuditEvent.query(on: app.db).count() == audit)
        }
    }

    @Test func noFormBodyIsReadBeyondItsRoutesLimitEvenToFindTheToken() async throws {
        try await withMEDK { app in
            // Signed in: a plain form takes 1 MB, whatever the token.
            let browser = Browser(app)
            try await browser.signIn("admin")
            let big = try await browser.post("/territories/regions", ["name": String(repeating: "я", count: 1_200_000)])
            #expect(big.status == .payloadTooLarge && big.contains("1 МБ"))
            // Anonymous without a CSRF cookie: refused at once, never read.
            let stranger = Browser(app)
            #expect(try await stranger.post("/login", ["login": "a", "password": "b"], csrf: false).status == .forbidden)
        }
    }

    // MARK: 5, 6. parallel writes

    @Test func parallelIdenticalImportsWriteTheRowsOfOne() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("regional")
            let before = try await School.query(on: app.db).count()
            let cookies = browser.cookies, csrf = browser.csrf
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        let tab = Browser(app, cookies: cookies, csrf: csrf)
                        return try await tab.upload("/import/schools", fileName: "школы.csv",
                                                    data: Data(ImportPageTests.schoolsCSV.utf8)).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // Each answers the import's page, or at worst «try again» on a machine too busy to wait: never an error.
            #expect(statuses.allSatisfy { [.ok, .conflict, .serviceUnavailable].contains($0) }, "\(statuses)")
            #expect(statuses.contains(.ok))
            #expect(try await School.query(on: app.db).count() == before + 2)
        }
    }

    @Test func parallelCreatesOfOneSchoolLoginOrRegionWriteOnceAndAnswerWithoutServerErrors() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("admin")
            let krasny = try await Demo.municipality("Краснинский район", app)
            let cookies = browser.cookies, csrf = browser.csrf
            let forms: [(String, [String: String])] = [
                ("/schools", ["fullName": "МБОУ «Новая школа»", "municipality": krasny.id!.uuidString, "locality": "rural"]),
                ("/users", ["login": "twice", "fullName": "Дважды Созданный", "role": "federal"]),
                ("/territories/regions", ["name": "Новая область", "timeZone": "Europe/Moscow"]),
            ]
            for (path, form) in forms {
                let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                    for _ in 0..<5 {
                        group.addTask { try await Browser(app, cookies: cookies, csrf: csrf).post(path, form).status }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses.allSatisfy { $0.code < 500 || $0 == .serviceUnavailable }, "\(path): \(statuses)")
                #expect(statuses.filter { $0 == .seeOther }.count == 1, "\(path): \(statuses)")
            }
            #expect(try await School.query(on: app.db).filter(\.$fullName == "МБОУ «Новая школа»").count() == 1)
            #expect(try await User.query(on: app.db).filter(\.$login == "twice").count() == 1)
            #expect(try await Region.query(on: app.db).filter(\.$name == "Новая область").count() == 1)
        }
    }

    @Test func parallelAssignmentsOfOneCuratorGiveOneAssignment() async throws {
        try await withMEDK { app in
            let school = try await Demo.school(Demo.merlino, app)
            let curator = try await Demo.user("curator", app)
            let browser = Browser(app)
            try await browser.signIn("regional")
            let cookies = browser.cookies, csrf = browser.csrf
            let before = try await CuratorAssignment.query(on: app.db).filter(\.$curator.$id == curator.id!).count()
            try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        try await Browser(app, cookies: cookies, csrf: csrf)
                            .post("/schools/\(school.id!)/curators", ["curator": curator.id!.uuidString]).status
                    }
                }
                for try await status in group { #expect([.seeOther, .conflict, .serviceUnavailable].contains(status), "\(status)") }
            }
            #expect(try await CuratorAssignment.query(on: app.db).filter(\.$curator.$id == curator.id!).count() == before + 1)
        }
    }

    // MARK: 10. huge imports

    @Test func aFileOfTooManyRowsIsRefusedAndManyProblemsAreListedInPart() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("regional")
            var tooMany = Self.usersHeader
            for index in 0...ImportSheet.maxDataRows { tooMany += "u\(index);Ф;;;Куратор;Смоленская область;;;;\n" }
            let refused = try await browser.upload("/import/users", fileName: "users.csv", data: Data(tooMany.utf8))
            #expect(refused.contains(Strings.Import.tooManyRows(ImportSheet.maxDataRows)))
            var wrong = Self.usersHeader
            for index in 0..<1_000 { wrong += "u\(index);Ф;;;Директор;;;;;\n" }
            let listed = try await browser.upload("/import/users", fileName: "users.csv", data: Data(wrong.utf8))
            #expect(listed.contains(Strings.Import.firstShown(200, of: 1_000)))
            #expect(listed.body.components(separatedBy: "<tr").count <= 202)
            #expect(try await User.query(on: app.db).filter(\.$login == "u1").count() == 0)
        }
    }

    // MARK: 11. headers

    @Test func httpsInstallationsSendHSTSAndStoredFilesOpenSandboxed() async throws {
        try await withMEDK { app in
            app.settings.strictTransport = true
            app.settings.secureCookies = true
            let browser = Browser(app)
            let login = try await browser.get("/login")
            #expect(login.headers.first(name: "Strict-Transport-Security")?.hasPrefix("max-age=") == true)
            // The pre-sign-in token's cookie cannot be planted from another host or over plain http.
            #expect(login.headers[.setCookie].contains { $0.hasPrefix("__Host-medk_csrf=") && $0.contains("Secure") && $0.contains("Path=/") })
            try await browser.signIn("school")
            let school = try await Demo.school(Demo.gusino, app)
            let uploaded = try await browser.uploadDocuments("/schools/\(school.id!)/sections/conceptDocuments/documents",
                                                             [("приказ.pdf", Sample.pdf)])
            #expect(uploaded.status == .seeOther)
            let document = try #require(try await Document.query(on: app.db).first())
            let file = try await browser.get("/documents/\(document.id!)/versions/1")
            #expect(file.status == .ok)
            #expect(file.headers.first(name: "Content-Security-Policy")?.hasPrefix("sandbox") == true)
            #expect(try await browser.get("/home").headers.first(name: "Content-Security-Policy")?.hasPrefix("sandbox") == false)
        }
    }

    // MARK: 12. tokens out of URLs

    @Test func anUploadWithTheTokenOnlyInItsURLIsRefusedAndStoresNothing() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("school")
            let school = try await Demo.school(Demo.gusino, app)
            let path = "/schools/\(school.id!)/sections/conceptDocuments/documents"
            let section = try await browser.get("/schools/\(school.id!)/sections/conceptDocuments")
            #expect(!section.body.contains("_csrf="), "the upload form's action carries the token")
            let forged = try await browser.postMultipartWithoutToken(path + "?_csrf=" + browser.csrf, file: ("приказ.pdf", Sample.pdf))
            #expect(forged.status == .forbidden)
            #expect(try await Document.query(on: app.db).count() == 0)
            #expect(try await StoredFile.query(on: app.db).count() == 0)
            let fine = try await browser.uploadDocuments(path, [("приказ.pdf", Sample.pdf)])
            #expect(fine.status == .seeOther)
            #expect(try await Document.query(on: app.db).count() == 1)
        }
    }

    // MARK: found by the fuzz suite

    @Test func brokenFormBodiesAreRefusedWithoutStoppingTheServer() async throws {
        try await withMEDK { app in
            let stranger = Browser(app)
            try await stranger.get("/login")
            // An empty boundary tripped a precondition in MultipartKit: the whole process stopped.
            let empty = try await stranger.raw(.POST, "/login", body: Data("--\r\n".utf8), contentType: "multipart/form-data; boundary=")
            #expect(empty.status == .badRequest && empty.contains(Strings.Errors.malformedForm))
            let garbled = try await stranger.raw(.POST, "/login", body: Data("--x\r\nno header here\r\n\r\nv\r\n--x--\r\n".utf8),
                                                 contentType: "multipart/form-data; boundary=x")
            #expect(garbled.status == .badRequest)

            let school = Browser(app)
            try await school.signIn("school")
            let gusino = try await Demo.school(Demo.gusino, app)
            let hugeHeader = "--b\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(school.csrf)\r\n--b\r\n"
                + "X-Junk: " + String(repeating: "a", count: 100_000) + "\r\n\r\nx\r\n--b--\r\n"
            let upload = try await school.raw(.POST, "/schools/\(gusino.id!)/sections/conceptDocuments/documents",
                                              body: Data(hugeHeader.utf8), contentType: "multipart/form-data; boundary=b")
            #expect(upload.status.code >= 400 && upload.status.code < 500, "\(upload.status)")
            #expect(try await Document.query(on: app.db).count() == 0)
            #expect(try await school.get("/home").status == .ok)
        }
    }

    @Test func aVeryLongPathSegmentIsNotFoundRatherThanAServerError() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("admin")
            let long = String(repeating: "a", count: 5_000)
            #expect(try await browser.get("/schools/\(long)/chat").status == .notFound)
            #expect(try await browser.post("/users/\(long)/grants", ["role": "school"]).status == .notFound)
            #expect(try await browser.get("/css/\(long).css").status == .notFound)
            #expect(try await browser.get("/css/medk.css").status == .ok)
        }
    }
}
