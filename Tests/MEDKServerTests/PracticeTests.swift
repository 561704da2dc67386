import Fluent
import Foundation
import MEDKCore
import NIOCore
import Plot
import Testing
import Vapor
@testable import MEDKServer

/// The bank of best practices (issue 17): a school writes a practice, the region's coordinator returns and then
/// publishes it, and anyone finds it signed out by any form of its words.
@Suite("Bank of best practices")
struct PracticeTests {
    typealias P = Strings.Practices
    static let gusino = "МБОУ «Гусинская СШ» Краснинского района"

    /// The new-practice form's fields, a whole practice answering risk factor 1.
    static func fields(_ form: Browser.Page, title: String = "Наставничество для молодых учителей", action: String = "submit",
                       description: String = "Программа наставничества: опытные учителя ведут молодых коллег.",
                       factor: String? = "factor-1") -> [String: String] {
        var fields = ["id": hidden("id", in: form.body) ?? UUID().uuidString, "title": title,
                      "summary": "Пары «наставник — молодой учитель» и открытые уроки.", "description": description,
                      "actions": "Составили программу, провели 12 открытых уроков.", "results": "Доля уроков без замечаний выросла с 40 % до 75 %.",
                      "authors": "Иванова А. А.", "intent": action]
        if let school = hidden("school", in: form.body) { fields["school"] = school }
        if let factor { fields[factor] = "on" }
        return fields
    }

    /// The value of a hidden field or the selected option of a select, by name.
    static func hidden(_ name: String, in html: String) -> String? {
        for marker in ["name=\"\(name)\" value=\"", "name=\"\(name)\" required=\"required\"><option value=\""] {
            if let range = html.range(of: marker) {
                let rest = html[range.upperBound...]
                return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
            }
        }
        if let range = html.range(of: "id=\"f-\(name)\" name=\"\(name)\"") {
            let rest = html[range.upperBound...]
            if let option = rest.range(of: "<option value=\"") {
                let value = rest[option.upperBound...]
                return value.firstIndex(of: "\"").map { String(value[..<$0]) }
            }
        }
        return nil
    }

    static func practice(_ app: Application, titled title: String) async throws -> Practice {
        try #require(try await Practice.query(on: app.db).filter(\.$title == title).first())
    }

    @Test func aSchoolSubmitsThePracticeTheRegionReturnsItAndPublishesTheCorrectedOne() async throws {
        try await withMEDK { app in
            let school = Browser(app)
            try await school.signIn("school")
            let form = try await school.get("/practices/new")
            #expect(form.status == .ok)
            let sent = try await school.postMultipart("/practices/new", fields: Self.fields(form),
                                                      files: [("Программа.pdf", Data("%PDF-1.4 программа".utf8))],
                                                      contentType: "application/pdf")
            #expect(sent.status == .seeOther)
            let practice = try await Self.practice(app, titled: "Наставничество для молодых учителей")
            #expect(practice.state == .submitted)
            #expect(try await PracticeFile.query(on: app.db).filter(\.$practiceID == practice.id!).count() == 1)

            // Nobody signed out sees it yet.
            let visitor = Browser(app)
            #expect(try await visitor.get("/public/practices/\(practice.id!)").status == .notFound)
            #expect(!(try await visitor.get("/public/practices").contains("Наставничество для молодых учителей")))

            let regional = Browser(app)
            try await regional.signIn("regional")
            // The region's coordinator is told, and the school is told of each decision.
            #expect(try await regional.get("/notifications").contains("Гусинская СШ: практика «Наставничество для молодых учителей» отправлена на публикацию"))
            let list = try await regional.get("/practices")
            #expect(list.contains(P.waiting) && list.contains("Наставничество для молодых учителей"))
            let withoutComment = try await regional.post("/practices/\(practice.id!)/return", ["comment": " "])
            #expect(withoutComment.status == .seeOther)
            #expect(try await Self.practice(app, titled: "Наставничество для молодых учителей").state == .submitted)
            try await regional.post("/practices/\(practice.id!)/return", ["comment": "Добавьте цифры: сколько учителей участвовало."])
            #expect(try await Self.practice(app, titled: "Наставничество для молодых учителей").state == .returned)
            #expect(try await school.get("/notifications").contains("возвращена на доработку"))

            // The school sees the comment, cannot resend it unchanged, corrects it and resends.
            let returned = try await school.get("/practices/\(practice.id!)")
            #expect(returned.contains("Добавьте цифры"))
            var again = Self.fields(returned)
            again["version"] = Self.hidden("version", in: returned.body)
            let unchanged = try await school.postMultipart("/practices/\(practice.id!)", fields: again)
            #expect(unchanged.status == .unprocessableEntity && unchanged.contains(P.nothingChanged))
            again["results"] = "В наставничестве участвовали 8 учителей; доля уроков без замечаний выросла с 40 % до 75 %."
            #expect(try await school.postMultipart("/practices/\(practice.id!)", fields: again).status == .seeOther)
            #expect(try await Self.practice(app, titled: "Наставничество для молодых учителей").state == .submitted)

            try await regional.get("/practices/\(practice.id!)")
            try await regional.post("/practices/\(practice.id!)/approve")
            let published = try await Self.practice(app, titled: "Наставничество для молодых учителей")
            #expect(published.state == .approved && published.publishedAt != nil)

            // Published: the catalogue, its own page with the file, and the school's card link to it.
            let page = try await visitor.get("/public/practices/\(practice.id!)")
            #expect(page.status == .ok && page.contains("8 учителей") && page.contains("Программа.pdf"))
            let file = try #require(try await PracticeFile.query(on: app.db).filter(\.$practiceID == practice.id!).first())
            #expect(try await visitor.get("/practices/\(practice.id!)/files/\(file.id!)").status == .ok)
            let card = try await regional.get("/schools/\(published.schoolID)")
            #expect(card.contains("/public/practices/\(practice.id!)"))

            #expect(try await PracticeQueries.factorCounts(CatalogueFilter(), on: app.db) == [1: 1])

            // Taken off the catalogue with a comment: back to the school, gone from the public (and from the counts).
            try await regional.get("/practices/\(practice.id!)")
            try await regional.post("/practices/\(practice.id!)/reopen", ["comment": "Уточните авторов."])
            #expect(try await Self.practice(app, titled: "Наставничество для молодых учителей").state == .returned)
            #expect(try await visitor.get("/public/practices/\(practice.id!)").status == .notFound)
            #expect(try await visitor.get("/practices/\(practice.id!)/files/\(file.id!)").status == .seeOther)
            #expect(try await PracticeQueries.factorCounts(CatalogueFilter(), on: app.db).isEmpty)
        }
    }

    @Test func aPracticeWithoutARiskFactorOrDescriptionIsRefusedInRussianAndNothingIsWritten() async throws {
        try await withMEDK { app in
            let school = Browser(app)
            try await school.signIn("school")
            let form = try await school.get("/practices/new")
            let noFactor = try await school.postMultipart("/practices/new", fields: Self.fields(form, factor: nil))
            #expect(noFactor.status == .unprocessableEntity && noFactor.contains(P.factorRequired))
            let noDescription = try await school.postMultipart("/practices/new", fields: Self.fields(form, description: "  "))
            #expect(noDescription.status == .unprocessableEntity && noDescription.contains(P.descriptionRequired))
            let unknown = try await school.postMultipart("/practices/new", fields: Self.fields(form, factor: "factor-999"))
            #expect(unknown.status == .unprocessableEntity && unknown.contains(P.unknownFactor))
            #expect(try await Practice.query(on: app.db).count() == 0)
            // A draft may be unfinished; it is only kept, not sent.
            let draft = try await school.postMultipart("/practices/new", fields: Self.fields(form, action: "save", factor: nil))
            #expect(draft.status == .seeOther)
            #expect(try await Practice.query(on: app.db).first()?.state == .draft)
        }
    }

    @Test func theSameFormSentTwiceCreatesOnePractice() async throws {
        try await withMEDK { app in
            let school = Browser(app)
            try await school.signIn("school")
            let fields = Self.fields(try await school.get("/practices/new"))
            // A double click: the second copy of the form finds the practice the first created.
            #expect(try await school.postMultipart("/practices/new", fields: fields).status == .seeOther)
            #expect(try await school.postMultipart("/practices/new", fields: fields).status == .seeOther)
            #expect(try await Practice.query(on: app.db).count() == 1)
            // Two at the same moment: one practice, one submission.
            let gusino = try await Demo.school(Self.gusino, app)
            let cycle = try #require(try await CycleQueries.current(on: app.db, today: CalendarDate(testNow, in: .gmt)))
            let author = try await Demo.user("school", app).id!
            let id = UUID()
            let input = PracticeInput(title: "Одновременно", summary: "Кратко.", details: "Текст.", factors: [2])
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        _ = try await PracticeActions.save(id, origin: .init(school: gusino, cycleID: cycle.id!), input: input,
                                                           seenVersion: nil, files: [], remove: [], submit: true, by: author,
                                                           at: testNow, store: app.fileStore, threadPool: app.threadPool, on: app.db)
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await Practice.query(on: app.db).count() == 2)
            #expect(try await PracticeEvent.query(on: app.db).filter(\.$practiceID == id).filter(\.$kind == "submit").count() == 1)
        }
    }

    @Test func aRegionalCoordinatorModeratesOnlyItsOwnRegionsPractices() async throws {
        try await withMEDK { app in
            let korenovsk = try await Demo.school("МОБУ СОШ № 9 ст. Журавской", app)
            let practice = try await Self.published(app, at: korenovsk, title: "Открытые уроки в станице", state: .submitted)
            let regional = Browser(app)
            try await regional.signIn("regional")
            #expect(try await regional.get("/practices/\(practice.id!)").status == .notFound)
            #expect(try await regional.post("/practices/\(practice.id!)/approve").status == .notFound)
            #expect(!(try await regional.get("/practices").contains("Открытые уроки в станице")))
            #expect(try await Practice.find(practice.id!, on: app.db)?.state == .submitted)
            // Its municipal coordinator reads it but does not decide.
            let municipal = Browser(app)
            try await municipal.signIn("korenovsk")
            #expect(try await municipal.get("/practices/\(practice.id!)").status == .ok)
            #expect(try await municipal.post("/practices/\(practice.id!)/approve").status == .forbidden)
        }
    }

    /// A practice written and moved straight through the actions (as the demo writes them).
    static func published(_ app: Application, at school: School, title: String, text: String = "Описание практики.",
                          factors: [Int] = [1], state: ReviewState = .approved) async throws -> Practice {
        let cycle = try #require(try await CycleQueries.current(on: app.db, today: CalendarDate(testNow, in: .gmt)))
        let author = try await Demo.user("school", app)
        var practice = try await PracticeActions.save(
            UUID(), origin: .init(school: school, cycleID: cycle.id!),
            input: PracticeInput(title: title, summary: "Кратко.", details: text, factors: factors), seenVersion: nil, files: [],
            remove: [], submit: state != .draft, by: author.id!, at: testNow, store: app.fileStore, threadPool: app.threadPool, on: app.db)
        if state == .approved {
            practice = try await PracticeActions.move(practice.id!, .approve, comment: "", by: author.id!, at: testNow, on: app.db)
        }
        return practice
    }

    /// The Russian test set: the same answers on SQLite (FTS5 over stems) and PostgreSQL (`russian`).
    @Test func theCatalogueFindsEveryFormOfAWordOnEitherDatabase() async throws {
        try await withMEDK { app in
            let gusino = try await Demo.school(Self.gusino, app)
            let texts = [
                "Наставники": "Программа наставнического сопровождения молодых педагогов.",
                "Читательская грамотность": "Школьная библиотека и читательские клубы для обучающихся 5–7 классов.",
                "Родители рядом": "Родительские собрания стали открытыми; программы для семей.",
                "Математика без страха": "Дополнительные занятия по математике и ВПР.",
            ]
            for (title, text) in texts { _ = try await Self.published(app, at: gusino, title: title, text: text) }
            _ = try await Self.published(app, at: gusino, title: "Черновик о наставничестве", text: "наставничество", state: .submitted)
            let cases: [(String, Set<String>)] = [
                ("программы", ["Наставники", "Родители рядом"]),
                ("наставничество", ["Наставники"]),
                ("читательская", ["Читательская грамотность"]),
                ("родителей", ["Родители рядом"]),
                ("математики ВПР", ["Математика без страха"]),
                ("библиотеки клубов", ["Читательская грамотность"]),
                ("космос", []),
            ]
            for (query, expected) in cases {
                let (lines, total) = try await PracticeQueries.catalogue(CatalogueFilter(query: query), on: app.db)
                #expect(Set(lines.map(\.title)) == expected, "«\(query)»")
                #expect(total == expected.count, "«\(query)»")
            }
        }
    }

    @Test func searchSyntaxAndNonsenseGiveAnAnswerNeverAnError() async throws {
        try await withMEDK { app in
            let gusino = try await Demo.school(Self.gusino, app)
            _ = try await Self.published(app, at: gusino, title: "Наставники", text: "наставничество OR NEAR")
            let visitor = Browser(app)
            for query in ["\"", "*", "NEAR", "OR", "a OR b", "\"наставн*", "NEAR(a b)", "'; DROP TABLE practices; --", ":*&|!",
                          String(repeating: "я", count: 500), "и в на"] {
                let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                let page = try await visitor.get("/public/practices?q=\(encoded)")
                #expect(page.status == .ok, "«\(query.prefix(20))»")
            }
            let long = try await visitor.get("/public/practices?q=\(String(repeating: "%D1%8F", count: 300))")
            #expect(long.contains(P.queryTooLong))
            for bad in ["factor=-1", "factor=99999999999999999999", "region=x", "cycle=abc", "page=-5", "page=99999999999999999999"] {
                #expect(try await visitor.get("/public/practices?\(bad)").status == .ok, "\(bad)")
            }
        }
    }

    @Test func theCatalogueFiltersByFactorRegionAndYearAndCountsPracticesPerFactor() async throws {
        try await withMEDK { app in
            let gusino = try await Demo.school(Self.gusino, app)
            let zhuravskaya = try await Demo.school("МОБУ СОШ № 9 ст. Журавской", app)
            _ = try await Self.published(app, at: gusino, title: "Первая", factors: [1, 2])
            _ = try await Self.published(app, at: gusino, title: "Вторая", factors: [2])
            _ = try await Self.published(app, at: zhuravskaya, title: "Третья", factors: [2, 5])
            let smolensk = try await Demo.region("Смоленская область", app)
            func titles(_ filter: CatalogueFilter) async throws -> Set<String> {
                Set(try await PracticeQueries.catalogue(filter, on: app.db).lines.map(\.title))
            }
            #expect(try await titles(CatalogueFilter(factor: 2)) == ["Первая", "Вторая", "Третья"])
            #expect(try await titles(CatalogueFilter(factor: 2, region: smolensk.id)) == ["Первая", "Вторая"])
            #expect(try await titles(CatalogueFilter(factor: 5)) == ["Третья"])
            #expect(try await PracticeQueries.factorCounts(CatalogueFilter(), on: app.db) == [1: 1, 2: 3, 5: 1])
            let front = try await Browser(app).get("/public/practices?region=\(smolensk.id!)")
            #expect(front.contains("Найдено: 2 практики."))
        }
    }
}

/// Public pages: cacheable, light, and nothing unpublished or personal reachable signed out.
@Suite("Openness")
struct OpennessTests {
    @Test func publicPagesAreCacheableAndAskingAgainCostsNothing() async throws {
        try await withMEDK { app in
            let visitor = Browser(app)
            let first = try await visitor.get("/public/practices")
            #expect(first.headers.first(name: .cacheControl) == "public, max-age=300")
            #expect(first.headers[.setCookie].isEmpty)
            let etag = try #require(first.headers.first(name: .eTag))
            let again = try await visitor.get("/public/practices", headers: ["If-None-Match": etag])
            #expect(again.status == .notModified && again.data.isEmpty)
            let signedIn = Browser(app)
            try await signedIn.signIn("school")
            #expect(try await signedIn.get("/help").headers.first(name: .cacheControl) == "private, no-cache")
        }
    }

    @Test func theHelpExplainsRolesWeeksAndEveryAbbreviationAndEveryPageLinksToIt() async throws {
        try await withMEDK { app in
            let visitor = Browser(app)
            let help = try await visitor.get("/help")
            #expect(help.status == .ok)
            for text in ["Кто что делает", "Неделя за неделей", "ШНОР", "МНЦ", "МТКП", "08.02–13.02", Strings.Help.supportNone] {
                #expect(help.contains(text), "\(text)")
            }
            let regional = Browser(app)
            try await regional.signIn("regional")
            for path in ["/home", "/dashboards", "/practices"] {
                #expect(try await regional.get(path).contains("href=\"/help\""), "\(path)")
            }
            #expect(try await visitor.get("/login").contains("href=\"/help\""))
        }
    }

    @Test func theFooterNamesTheInstallationItsSupportAndTheVersion() async throws {
        try await withMEDK { app in
            app.settings.installation = .init(name: "Министерство образования Смоленской области", support: "help@medk.example")
            let page = try await Browser(app).get("/help")
            #expect(page.contains("Министерство образования Смоленской области"))
            #expect(page.contains("Поддержка: help@medk.example"))
            #expect(page.contains("МЭДК, версия \(MEDKVersion.current)"))
        }
    }

    @Test func abbreviationsInTablesCarryTheirExpansion() {
        let node: Node<HTML.BodyContext> = Abbreviations.marked("Доля ШНОР, РПШ и МНЦ; ШНОРы и слово ОНО остаются")
        let html = node.render()
        #expect(html.contains("<abbr title=\"школы с низкими образовательными результатами\">ШНОР</abbr>"))
        #expect(html.contains(">МНЦ</abbr>") && html.contains(">РПШ</abbr>"))
        #expect(html.contains("ШНОРы") && !html.contains(">ШНОРы"))
    }

    @Test func aCoordinatorPublishesItsTerritorysActAndEveryoneReadsIt() async throws {
        try await withMEDK { app in
            let korenovsk = try await Demo.municipality("Кореновский район", app)
            let municipal = Browser(app)
            try await municipal.signIn("korenovsk")
            let page = try await municipal.get("/territories/\(korenovsk.id!)/acts")
            #expect(page.status == .ok && page.contains(Strings.Openness.publishAct))
            let fields = ["id": PracticeTests.hidden("id", in: page.body) ?? "", "kind": "order", "number": "579", "signedOn": "2020-12-17",
                          "title": "Об утверждении положения о муниципальной системе работы со ШНОР"]
            let missing = try await municipal.postMultipart("/territories/\(korenovsk.id!)/acts", fields: fields)
            #expect(missing.status == .unprocessableEntity && missing.contains(Strings.Openness.actFileRequired))
            var future = fields
            future["signedOn"] = "2030-01-01"
            let badDate = try await municipal.postMultipart("/territories/\(korenovsk.id!)/acts", fields: future,
                                                            files: [("prikaz.pdf", Data("%PDF-1.4".utf8))], contentType: "application/pdf")
            #expect(badDate.status == .unprocessableEntity && badDate.contains(Strings.Openness.actDateRequired))
            #expect(try await TerritoryAct.query(on: app.db).count() == 0)
            let done = try await municipal.postMultipart("/territories/\(korenovsk.id!)/acts", fields: fields,
                                                         files: [("prikaz.pdf", Data("%PDF-1.4".utf8))], contentType: "application/pdf")
            #expect(done.status == .seeOther)
            _ = try await municipal.postMultipart("/territories/\(korenovsk.id!)/acts", fields: fields,
                                                  files: [("prikaz.pdf", Data("%PDF-1.4".utf8))], contentType: "application/pdf")
            let act = try #require(try await TerritoryAct.query(on: app.db).first())
            #expect(try await TerritoryAct.query(on: app.db).count() == 1)
            let visitor = Browser(app)
            let territory = try await visitor.get("/public/territories/\(korenovsk.id!)")
            #expect(territory.contains("Приказ от 17.12.2020 № 579"))
            #expect(try await visitor.get("/public/acts/\(act.id!)").status == .ok)
            // Another territory's coordinator neither publishes here nor (for a neighbour region) even reads the page.
            let smolensk = Browser(app)
            try await smolensk.signIn("municipal")
            #expect(try await smolensk.postMultipart("/territories/\(korenovsk.id!)/acts", fields: fields).status == .notFound)
        }
    }

    /// Signed out, follow every link of every public page: each answer is public content or a sign-in redirect,
    /// light, and free of anything unpublished or personal.
    @Test func aSignedOutCrawlReachesOnlyPublicContent() async throws {
        try await withMEDK { app in
            let gusino = try await Demo.school(PracticeTests.gusino, app)
            _ = try await PracticeTests.published(app, at: gusino, title: "Опубликованная практика")
            _ = try await PracticeTests.published(app, at: gusino, title: "Неопубликованная практика", state: .submitted)
            _ = try await PracticeTests.published(app, at: gusino, title: "Черновая практика", state: .draft)
            let smolensk = try await Demo.region("Смоленская область", app)
            // People's names (the demo also has accounts named after a role, such as «Федеральный координатор (ФИОКО)»).
            let names = try await User.query(on: app.db).all().map(\.fullName).filter { name in
                let words = name.split(separator: " ")
                return words.count >= 2 && words.allSatisfy { $0.first?.isUppercase == true && $0.dropFirst().first?.isLowercase == true }
            }
            #expect(names.count > 10)
            let visitor = Browser(app)
            var queue = ["/public/practices", "/help", "/public/territories/\(smolensk.id!)", "/login"]
            var seen = Set(queue)
            var visited = 0
            while let path = queue.first, visited < 300 {
                queue.removeFirst()
                visited += 1
                let page = try await visitor.get(path)
                if page.status == .seeOther || page.status == .found {
                    #expect(page.location?.hasPrefix("/login") == true, "\(path) → \(page.location ?? "")")
                    continue
                }
                #expect(page.status == .ok, "\(path): \(page.status)")
                #expect(page.data.count < 60 * 1024, "\(path): \(page.data.count) bytes")
                for secret in ["Неопубликованная практика", "Черновая практика"] + names where page.contains(secret) {
                    Issue.record("\(path) shows «\(secret)»")
                }
                for link in Self.links(in: page.body) where !seen.contains(link) {
                    seen.insert(link)
                    queue.append(link)
                }
            }
            #expect(seen.contains { $0.hasPrefix("/public/practices/") })
            #expect(seen.contains { $0.hasPrefix("/public/territories/") && $0 != "/public/territories/\(smolensk.id!)" })
        }
    }

    /// Same-site links of a page (no fragments, no assets).
    static func links(in html: String) -> [String] {
        html.components(separatedBy: "href=\"").dropFirst().compactMap { rest in
            guard let end = rest.firstIndex(of: "\"") else { return nil }
            let link = String(rest[..<end]).replacingOccurrences(of: "&amp;", with: "&")
            guard link.hasPrefix("/"), !link.hasPrefix("//"), !link.hasPrefix("/assets") else { return nil }
            return link.split(separator: "#").first.map(String.init)
        }
    }
}
