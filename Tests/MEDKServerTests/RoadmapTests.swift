import Fluent
import Foundation
import MEDKCore
import Testing
import Vapor
@testable import MEDKServer

/// The school's roadmap as seed 000 describes it: upload, submit, return with a comment, rework, approve.
@Suite("Documents, versions and the review flow")
struct RoadmapTests {
    typealias R = Strings.Roadmap
    static func conceptPath(_ app: Application) async throws -> String {
        let school = try await Demo.school(Demo.gusino, app)
        return "/schools/\(school.id!)/sections/conceptDocuments"
    }

    /// Signs the school in, uploads files to the concept documents section, returns their documents.
    static func schoolUploads(_ app: Application, _ files: [(String, Data)], title: String? = nil) async throws -> (Browser, [Document]) {
        let school = Browser(app)
        try await school.signIn("school")
        let path = try await conceptPath(app)
        try await school.get(path)
        let page = try await school.uploadDocuments(path + "/documents", files, title: title)
        #expect(page.status == .seeOther, "\(page.body.prefix(2000))")
        return (school, try await Document.query(on: app.db).sort(\.$createdAt).all())
    }

    /// The school uploads «Концепция развития» and sends it for review; its curator opens it and makes `move`
    /// (approve, return with the `form`'s comment). Returns the document's page.
    @discardableResult
    static func curatorDecides(_ app: Application, _ move: String, _ form: [String: String] = [:]) async throws -> String {
        let (school, documents) = try await schoolUploads(app, [("Концепция развития.pdf", Sample.pdf)])
        let page = "/documents/\(documents[0].id!)"
        try await school.get(page)
        #expect(try await school.post(page + "/submit").status == .seeOther)
        let curator = Browser(app)
        try await curator.signIn("curator")
        try await curator.get(page)
        #expect(try await curator.post(page + "/" + move, form).status == .seeOther)
        return page
    }

    @Test func aSchoolUploadsTwoFilesAtOnceAndEachBecomesADraftDocument() async throws {
        try await withMEDK { app in
            let (school, documents) = try await Self.schoolUploads(app, [("Концепция развития.pdf", Sample.pdf),
                                                                         ("Дорожная карта.png", Sample.png)])
            #expect(documents.map(\.title).sorted() == ["Дорожная карта", "Концепция развития"])
            #expect(documents.allSatisfy { $0.state == .draft && $0.currentVersion == 1 })
            let section = try await school.get(try await Self.conceptPath(app))
            #expect(section.contains("Концепция развития") && section.contains("черновик"))
            let home = try await school.get("/home")
            #expect(home.contains("status-draft"))
            // The file comes back byte for byte, previewed inline with its Cyrillic name.
            let pdf = try #require(documents.first { $0.title == "Концепция развития" })
            let download = try await school.get("/documents/\(pdf.id!)/versions/1")
            #expect(download.status == .ok)
            #expect(download.data == Sample.pdf)
            #expect(download.headers.first(name: .contentType) == "application/pdf")
            let disposition = try #require(download.headers.first(name: .contentDisposition))
            #expect(disposition.hasPrefix("inline"))
            #expect(disposition.contains("filename*=UTF-8''%D0%9A%D0%BE%D0%BD%D1%86%D0%B5%D0%BF%D1%86%D0%B8%D1%8F"))
        }
    }

    @Test func oneFileCanBeGivenItsOwnTitleAndAStrangeNameIsMadeSafe() async throws {
        try await withMEDK { app in
            let (school, documents) = try await Self.schoolUploads(app, [("../../etc/\u{7}отчёт.pdf", Sample.pdf)],
                                                                   title: "Отчёт о работе за март")
            let document = try #require(documents.first)
            #expect(document.title == "Отчёт о работе за март")
            let version = try #require(try await DocumentVersion.query(on: app.db).first())
            #expect(version.fileName == "отчёт.pdf")
            #expect(try await school.get("/documents/\(document.id!)").contains("отчёт.pdf"))
        }
    }

    @Test(arguments: [
        ("пустой.pdf", Data(), "пустой"),
        ("программа.pdf", Sample.elf, "программа. Программы загружать нельзя"),
        ("заметки.txt", Sample.text, "неподдерживаемый тип"),
        ("отчёт.docx", Sample.pdf, "не соответствует его расширению"),
    ])
    func aRefusedUploadSaysWhyAndLeavesNoFileAndNoRow(name: String, data: Data, reason: String) async throws {
        try await withMEDK { app in
            let school = Browser(app)
            try await school.signIn("school")
            let path = try await Self.conceptPath(app)
            try await school.get(path)
            let page = try await school.uploadDocuments(path + "/documents", [("хороший.pdf", Sample.pdf), (name, data)])
            #expect(page.status == .unprocessableEntity)
            #expect(page.contains(reason), "\(page.body)")
            #expect(try await Document.query(on: app.db).count() == 0)
            #expect(try await StoredFile.query(on: app.db).count() == 0)
            let leftovers = try Self.storedFiles(app)
            #expect(leftovers.isEmpty, "\(leftovers)")
        }
    }

    @Test func aTooLargeFileIsRefusedWithTheLimitInTheMessage() async throws {
        try await withMEDK { app in
            app.settings.maxUploadBytes = 1_048_576
            let school = Browser(app)
            try await school.signIn("school")
            let path = try await Self.conceptPath(app)
            try await school.get(path)
            let page = try await school.uploadDocuments(path + "/documents", [("видео урока.pdf", Sample.bigPDF(megabytes: 2))])
            #expect(page.status == .payloadTooLarge)
            #expect(page.contains("больше 1 МБ"))
            #expect(try await Document.query(on: app.db).count() == 0)
            let leftovers = try Self.storedFiles(app)
            #expect(leftovers.isEmpty, "\(leftovers)")
        }
    }

    @Test func returnedWithACommentTheSchoolSeesItUploadsVersionTwoAndTheCuratorApproves() async throws {
        try await withMEDK { app in
            let (school, documents) = try await Self.schoolUploads(app, [("Концепция.pdf", Sample.pdf)])
            let document = try #require(documents.first)
            let page = "/documents/\(document.id!)"
            try await school.get(page)
            #expect(try await school.post(page + "/submit").status == .seeOther)

            let curator = Browser(app)
            try await curator.signIn("curator")
            let queue = try await curator.get("/reviews")
            #expect(queue.contains("Концепция"))
            try await curator.get(page)
            let silent = try await curator.post(page + "/return", ["comment": "   "])
            #expect(silent.status == .unprocessableEntity)
            #expect(silent.contains(Strings.Roadmap.commentRequired))
            #expect(try await Document.find(document.id!, on: app.db)?.state == .submitted)
            try await curator.get(page)
            #expect(try await curator.post(page + "/return", ["comment": "Добавьте целевые показатели"]).status == .seeOther)

            let returned = try await school.get(page)
            #expect(returned.contains("Добавьте целевые показатели"))
            #expect(try await school.get(try await Self.conceptPath(app)).contains("Добавьте целевые показатели"))
            // Resubmitting without rework is refused.
            #expect(try await school.post(page + "/submit").status == .unprocessableEntity)
            try await school.get(page)
            let second = Data(Sample.pdf + Data("% v2\n".utf8))
            #expect(try await school.uploadDocuments(page + "/versions", [("Концепция v2.pdf", second)]).status == .seeOther)
            try await school.get(page)
            #expect(try await school.post(page + "/submit").status == .seeOther)

            try await curator.get(page)
            #expect(try await curator.post(page + "/approve").status == .seeOther)
            let approved = try #require(try await Document.find(document.id!, on: app.db))
            #expect(approved.state == .approved && approved.currentVersion == 2)
            // Both versions stay readable.
            #expect(try await school.get(page + "/versions/1").data == Sample.pdf)
            #expect(try await school.get(page + "/versions/2").data == second)
            // An approved document is locked for the school.
            #expect(try await school.uploadDocuments(page + "/versions", [("v3.pdf", Sample.pdf)]).status == .unprocessableEntity)
            let kinds = try await ReviewEvent.query(on: app.db).filter(\.$itemID == document.id!).sort(\.$at).all().map(\.kind)
            #expect(kinds == ["uploaded", "submitted", "returned", "uploaded", "submitted", "approved"])
        }
    }

    @Test func onlyTheCuratorOrACoordinatorAboveReopensAnApprovedDocumentAndOnlyWithAComment() async throws {
        try await withMEDK { app in
            let (school, curator, documents, page) = try await Self.submittedConcept(app)
            try await curator.post(page + "/approve")

            try await school.get(page)
            #expect(try await school.post(page + "/reopen", ["comment": "Хочу исправить"]).status == .notFound)
            #expect(try await school.post(page + "/approve").status == .notFound)
            let municipal = Browser(app)
            try await municipal.signIn("municipal")
            try await municipal.get(page)
            #expect(try await municipal.post(page + "/approve").status == .notFound)
            #expect(try await municipal.post(page + "/reopen", ["comment": ""]).status == .unprocessableEntity)
            #expect(try await municipal.post(page + "/reopen", ["comment": "Сроки не совпадают с планом района"]).status == .seeOther)
            #expect(try await Document.find(documents[0].id!, on: app.db)?.state == .returned)
            // A coordinator of another municipality does not even see it.
            let outsider = Browser(app)
            try await outsider.signIn("vasinova")
            #expect(try await outsider.get(page).status == .notFound)
        }
    }

    @Test func strangersGet404ForPagesFilesAndChatsOfASchoolTheyDoNotServe() async throws {
        try await withMEDK { app in
            let (_, documents) = try await Self.schoolUploads(app, [("Концепция.pdf", Sample.pdf)])
            let gusino = try await Demo.school(Demo.gusino, app)
            let paths = ["/documents/\(documents[0].id!)", "/documents/\(documents[0].id!)/versions/1",
                         "/schools/\(gusino.id!)/sections/conceptDocuments", "/schools/\(gusino.id!)/chat",
                         "/schools/\(gusino.id!)/chat/messages?after=0"]
            for login in ["novikova", "vasinova", "afanasyeva"] {
                let stranger = Browser(app)
                try await stranger.signIn(login)
                for path in paths { #expect(try await stranger.get(path).status == .notFound, "\(login) \(path)") }
            }
            let anonymous = Browser(app)
            #expect(try await anonymous.get(paths[1]).status == .seeOther)
            for login in ["school", "curator", "municipal", "regional", "federal"] {
                let insider = Browser(app)
                try await insider.signIn(login)
                #expect(try await insider.get(paths[1]).status == .ok, "\(login)")
            }
            // Other schools of the same curator region cannot write into this school's roadmap.
            let other = Browser(app)
            try await other.signIn("curator")
            try await other.get(paths[2])
            #expect(try await other.uploadDocuments(paths[2] + "/documents", [("x.pdf", Sample.pdf)]).status == .notFound)
        }
    }

    @Test func twentyReviewersActingAtOnceMakeExactlyOneChange() async throws {
        try await withMEDK { app in
            let (_, curator, documents, page) = try await Self.submittedConcept(app)
            let cookies = curator.cookies, token = curator.csrf
            // Each sends the revision its page showed, as the form does: one that starts after the winner has
            // committed is refused as stale too, not judged against the new state.
            let seen = try #require(try await Document.find(documents[0].id!, on: app.db)).revision
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        let browser = Browser(app, cookies: cookies, csrf: token)
                        let move = index.isMultiple(of: 2) ? "approve" : "return"
                        return try await browser.post(page + "/" + move, ["comment": "Замечание \(index)", "revision": "\(seen)"]).status
                    }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .seeOther }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == .conflict }.count == 19, "\(statuses)")
            let decisions = try await ReviewEvent.query(on: app.db).filter(\.$itemID == documents[0].id!)
                .filter(\.$kind ~~ ["approved", "returned"]).count()
            #expect(decisions == 1)
        }
    }

    @Test func aCuratorActingOnAnOutdatedPageGetsAConflictNotASurprise() async throws {
        try await withMEDK { app in
            let (_, curator, documents, page) = try await Self.submittedConcept(app)
            let seen = try #require(try await Document.find(documents[0].id!, on: app.db)).revision
            let municipal = Browser(app)
            try await municipal.signIn("municipal")
            // Meanwhile nothing changes, so the revision the curator saw still holds.
            let ok = try await curator.post(page + "/approve", ["revision": "\(seen)"])
            #expect(ok.status == .seeOther)
            try await municipal.get(page)
            let stale = try await municipal.post(page + "/reopen", ["comment": "Пересмотреть", "revision": "\(seen)"])
            #expect(stale.status == .conflict)
            #expect(stale.contains("Документ уже изменён"))
        }
    }

    @Test func theCoordinatorsFeedShowsWhatHappenedAndFilters() async throws {
        try await withMEDK { app in
            let (_, curator, _, page) = try await Self.submittedConcept(app)
            try await curator.post(page + "/return", ["comment": "Нет раздела о кадрах"])

            let regional = Browser(app)
            try await regional.signIn("regional")
            let feed = try await regional.get("/feed")
            #expect(feed.contains("Концепция") && feed.contains("возвращён на доработку") && feed.contains("Нет раздела о кадрах"))
            #expect(feed.contains("отправлен на проверку") && feed.contains("загружен"))
            let returnsOnly = try await regional.get("/feed?kind=returned")
            #expect(returnsOnly.contains("Нет раздела о кадрах") && !returnsOnly.contains("отправлен на проверку</td>"))
            let ermolovsky = try await Demo.user("curator", app)
            #expect(try await regional.get("/feed?curator=\(ermolovsky.id!)").contains("Концепция"))
            let novikova = try await Demo.user("novikova", app)
            #expect(!(try await regional.get("/feed?curator=\(novikova.id!)").contains("Концепция")))
            #expect(!(try await regional.get("/feed?from=2021-03-11").contains("Концепция")))
            #expect(try await regional.get("/feed?from=2021-03-10&to=2021-03-10").contains("Концепция"))

            let foreign = Browser(app)
            try await foreign.signIn("afanasyeva")
            #expect(!(try await foreign.get("/feed").contains("Концепция")))
        }
    }

    /// The school has uploaded and submitted its concept; its curator has the document open.
    @Test func aSchoolDeletesADraftNeverSubmittedAndWithdrawsAMisfiledDocumentWhichThenCountsNowhere() async throws {
        try await withMEDK { app in
            let krasny = try #require(try await DashboardScope.find(try await Demo.municipality("Краснинский район", app).id!, on: app.db))
            func conceptDone() async throws -> Int {
                try await DashboardTests.table(app, krasny, on: "2021-03-10").total.tallies[.conceptDocumentsApproved]?.done ?? 0
            }
            let before = try await conceptDone()
            let (school, documents) = try await Self.schoolUploads(app, [("Концепция.pdf", Sample.pdf), ("Приказ о питании.pdf", Sample.pdf),
                                                                         ("Лишнее.pdf", Sample.pdf)])
            let concept = try #require(documents.first { $0.title == "Концепция" })
            let misfiled = try #require(documents.first { $0.title == "Приказ о питании" })
            let stray = try #require(documents.first { $0.title == "Лишнее" })

            // A draft the curator never saw is simply deleted; the history keeps who did it.
            let strayPage = try await school.get("/documents/\(stray.id!)")
            #expect(strayPage.contains(R.deleteDraft))
            let deleted = try await school.post("/documents/\(stray.id!)/delete")
            #expect(deleted.status == .seeOther)
            #expect(try await Document.find(stray.id!, on: app.db) == nil)
            #expect(try await DocumentVersion.query(on: app.db).filter(\.$document.$id == stray.id!).count() == 0)
            #expect(try await ReviewEvent.query(on: app.db).filter(\.$itemID == stray.id!).all().map(\.kind) == ["uploaded", "deleted"])
            #expect(try await school.get(try await Self.conceptPath(app)).contains(R.deleted("Лишнее")))

            for document in [concept, misfiled] {
                try await school.get("/documents/\(document.id!)")
                #expect(try await school.post("/documents/\(document.id!)/submit").status == .seeOther)
            }
            // Once submitted it can no longer be deleted, only withdrawn with a reason.
            let page = "/documents/\(misfiled.id!)"
            #expect(!(try await school.get(page).contains(R.deleteDraft)))
            #expect(try await school.post(page + "/delete").status == .unprocessableEntity)
            #expect(try await Document.find(misfiled.id!, on: app.db)?.state == .submitted)
            let curator = Browser(app)
            try await curator.signIn("curator")
            try await curator.get("/documents/\(concept.id!)")
            #expect(try await curator.post("/documents/\(concept.id!)/approve").status == .seeOther)
            // The curator cannot withdraw a school's document; the school must say why.
            try await curator.get(page)
            #expect(try await curator.post(page + "/withdraw", ["comment": "Не тот раздел"]).status == .notFound)
            try await school.get(page)
            let silent = try await school.post(page + "/withdraw", ["comment": " "])
            #expect(silent.status == .unprocessableEntity && silent.contains(R.commentRequired))
            #expect(try await conceptDone() == before)
            try await school.get(page)
            #expect(try await school.post(page + "/withdraw", ["comment": "Загружен не в тот раздел"]).status == .seeOther)

            // Kept in history as «отозван», listed apart, and no longer holding the section back.
            let withdrawn = try await school.get(page)
            #expect(withdrawn.contains(R.stateTitle(.withdrawn)) && withdrawn.contains(R.eventTitle(.withdrawn))
                    && withdrawn.contains("Загружен не в тот раздел"))
            #expect(!withdrawn.contains(R.moveButton(.withdraw)) && !withdrawn.contains(R.moveButton(.submit)))
            #expect(try await school.get(try await Self.conceptPath(app)).contains(R.withdrawnTitle))
            #expect(try await conceptDone() == before + 1)
            // An approved document is not withdrawn: it is reopened first.
            try await school.get("/documents/\(concept.id!)")
            #expect(try await school.post("/documents/\(concept.id!)/withdraw", ["comment": "Ошибка"]).status == .unprocessableEntity)
            // Structured items are corrected, never withdrawn.
            let gusino = try await Demo.school(Demo.gusino, app)
            #expect(try await school.post("/schools/\(gusino.id!)/self-assessment/withdraw", ["comment": "Ошибка"]).status == .notFound)
        }
    }

    @Test func theCuratorReviewsTheDocumentItselfWithOneCommentBoxAndBothDecisionsUnderIt() async throws {
        try await withMEDK { app in
            let (_, curator, documents, page) = try await Self.submittedConcept(app)
            let review = try await curator.get(page)
            let file = "/documents/\(documents[0].id!)/versions/1"
            // The PDF first, in the browser's own viewer, before the decision.
            let preview = try #require(review.body.range(of: "<object data=\"\(file)\" type=\"application/pdf\""))
            let form = try #require(review.body.range(of: "id=\"review\""))
            #expect(preview.lowerBound < form.lowerBound)
            #expect(review.contains(R.moveButton(.return)) && review.contains(R.moveButton(.approve)))
            #expect(review.contains("formaction=\"\(page)/approve\""))
            // The file answers inside the page's frame, still sandboxed.
            let stored = try await curator.get(file)
            #expect(stored.headers.first(name: "X-Frame-Options") == "SAMEORIGIN")
            #expect(stored.headers.first(name: "Content-Security-Policy")?.hasPrefix("sandbox") == true)
            #expect(try await curator.post(page + "/approve", ["comment": ""]).status == .seeOther)
        }
    }

    static func submittedConcept(_ app: Application) async throws -> (Browser, Browser, [Document], String) {
        let (school, documents) = try await schoolUploads(app, [("Концепция.pdf", Sample.pdf)])
        let page = "/documents/\(documents[0].id!)"
        try await school.get(page)
        try await school.post(page + "/submit")
        let curator = Browser(app)
        try await curator.signIn("curator")
        try await curator.get(page)
        return (school, curator, documents, page)
    }

    static func storedFiles(_ app: Application) throws -> [String] {
        let root = URL(fileURLWithPath: app.settings.dataDirectory).appendingPathComponent("files")
        let all = FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []
        // Stored files and temporary ones alike (files/tmp/<instance>/…).
        return all.filter { !$0.hasPrefix("tmp") && $0.count > 60 } + all.filter { $0.hasPrefix("tmp/") && $0.split(separator: "/").count == 3 }
    }
}
