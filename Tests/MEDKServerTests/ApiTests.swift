import Fluent
import Foundation
import MEDKCore
import NIOConcurrencyHelpers
import NIOCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import MEDKServer

/// A regional system's view of MEDK (issue 18): a person makes a token on the account page, and a program calls the
/// JSON API with it — seeing exactly what that person's pages show, answered with problem details when refused.
@Suite("JSON API")
struct ApiTests {
    /// A program calling the API with a token.
    struct Client {
        let app: Application
        let token: String

        struct Answer {
            let status: HTTPStatus
            let headers: HTTPHeaders
            let data: Data
            var json: [String: Any] { (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:] }
            var text: String { String(decoding: data, as: UTF8.self) }
        }

        func get(_ path: String, headers extra: [String: String] = [:]) async throws -> Answer {
            try await send(.GET, path, body: nil, headers: extra)
        }

        func post(_ path: String, json: Any) async throws -> Answer {
            try await send(.POST, path, body: try JSONSerialization.data(withJSONObject: json), headers: ["Content-Type": "application/json"])
        }

        func send(_ method: HTTPMethod, _ path: String, body: Data?, headers extra: [String: String]) async throws -> Answer {
            var headers = HTTPHeaders()
            if !token.isEmpty { headers.add(name: .authorization, value: "Bearer \(token)") }
            for (name, value) in extra { headers.add(name: name, value: value) }
            let request = TestingHTTPRequest(method: method, url: URI(path: path), headers: headers,
                                             body: body.map { ByteBuffer(data: $0) } ?? ByteBuffer())
            let response = try await app.testing().performTest(request: request)
            return Answer(status: response.status, headers: response.headers, data: Data(buffer: response.body))
        }
    }

    /// Signs in as `login`, makes a token on the account page and returns it with the browser.
    static func token(_ app: Application, _ login: String, scope: String = "read") async throws -> (String, Browser) {
        let browser = Browser(app)
        try await browser.signIn(login)
        let page = try await browser.get("/account/tokens")
        #expect(page.status == .ok)
        let grant = try #require(PracticeTests.hidden("grant", in: page.body))
        let made = try await browser.post("/account/tokens", ["name": "Региональная ИС", "grant": grant, "scope": scope,
                                                               "expires": "2021-12-31"])
        #expect(made.status == .created)
        #expect(made.headers.first(name: .cacheControl) == "no-store")
        let marker = try #require(made.body.range(of: "<code id=\"new-token\">"))
        let rest = made.body[marker.upperBound...]
        return (String(rest[..<rest.firstIndex(of: "<")!]), browser)
    }

    @Test func aCuratorMakesATokenSeesItOnceCallsTheApiAndRevokesIt() async throws {
        try await withMEDK { app in
            let (token, browser) = try await Self.token(app, "curator")
            #expect(token.hasPrefix("medk_"))
            // Shown once: the list shows its name, never the token; the database keeps only a hash.
            let list = try await browser.get("/account/tokens")
            #expect(list.plain.contains("Региональная ИС") && !list.contains(token))
            let stored = try #require(try await ApiToken.query(on: app.db).first())
            #expect(stored.tokenHash != token && !stored.tokenHash.contains(token))

            let client = Client(app: app, token: token)
            let me = try await client.get("/api/v1/me")
            #expect(me.status == .ok)
            #expect(me.json["role"] as? String == "curator")
            #expect((me.json["token"] as? [String: Any])?["scope"] as? String == "read")

            try await browser.post("/account/tokens/\(stored.id!.uuidString)/revoke")
            let refused = try await client.get("/api/v1/me")
            #expect(refused.status == .unauthorized)
            #expect(refused.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
            #expect((refused.json["detail"] as? String)?.contains("токен") == true)
        }
    }

    @Test func theAdminRevokesAnyonesTokenAndNobodyElseSeesIt() async throws {
        try await withMEDK { app in
            let (token, schoolBrowser) = try await Self.token(app, "school")
            // A token of more than a year, or without a name, is refused and nothing is stored.
            let page = try await schoolBrowser.get("/account/tokens")
            let grant = try #require(PracticeTests.hidden("grant", in: page.body))
            for (name, expires) in [("Навсегда", "2023-01-01"), ("", "2021-06-01"), ("Вчера", "2021-03-09"), ("Дата", "завтра")] {
                let refused = try await schoolBrowser.post("/account/tokens", ["name": name, "grant": grant, "scope": "read", "expires": expires])
                #expect(refused.status == .unprocessableEntity, "\(name) \(expires)")
            }
            #expect(try await ApiToken.query(on: app.db).count() == 1)

            let school = try await Demo.user("school", app)
            let other = Browser(app)
            try await other.signIn("merlino")
            #expect(try await other.get("/account/tokens?user=\(school.id!.uuidString)").status == .notFound)
            let stored = try #require(try await ApiToken.query(on: app.db).first())
            #expect(try await other.post("/account/tokens/\(stored.id!.uuidString)/revoke").status == .notFound)
            #expect(try await Client(app: app, token: token).get("/api/v1/me").status == .ok)

            let admin = Browser(app)
            try await admin.signIn("admin")
            let list = try await admin.get("/account/tokens?user=\(school.id!.uuidString)")
            #expect(list.plain.contains("Региональная ИС") && !list.contains(token))
            try await admin.post("/account/tokens/\(stored.id!.uuidString)/revoke")
            #expect(try await Client(app: app, token: token).get("/api/v1/me").status == .unauthorized)
        }
    }

    @Test func datesAreWrittenAsTheStandardFormatterWritesThem() throws {
        let standard = ISO8601DateFormatter()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5000 {
            let date = Date(timeIntervalSince1970: Double.random(in: -2_000_000_000...4_000_000_000, using: &generator))
            let written = try APIDates().encode(date)
            #expect(written == standard.string(from: date), "\(date.timeIntervalSince1970)")
            #expect(try APIDates().decode(written) == standard.date(from: standard.string(from: date)))
        }
    }

    @Test func aBlockedUsersTokenStopsAtOnce() async throws {
        try await withMEDK { app in
            let (token, _) = try await Self.token(app, "school")
            let client = Client(app: app, token: token)
            #expect(try await client.get("/api/v1/me").status == .ok)
            let school = try await Demo.user("school", app)
            school.isActive = false
            try await school.save(on: app.db)
            #expect(try await client.get("/api/v1/me").status == .unauthorized)
        }
    }

    @Test func badRequestsGetRussianProblemsAndChangeNothing() async throws {
        try await withMEDK { app in
            let anonymous = Client(app: app, token: "")
            #expect(try await anonymous.get("/api/v1/schools").status == .unauthorized)
            let forged = Client(app: app, token: "medk_forged")
            #expect(try await forged.get("/api/v1/schools").status == .unauthorized)
            let (token, _) = try await Self.token(app, "regional")
            let client = Client(app: app, token: token)
            for path in ["/api/v1/schools?limit=501", "/api/v1/schools?limit=0", "/api/v1/schools?limit=99999999999999999999",
                         "/api/v1/schools?cursor=zzz", "/api/v1/events?after=1-2-3", "/api/v1/events?after=-1-5",
                         "/api/v1/indicators?date=31.02.2021", "/api/v1/schools?cycle=abc", "/api/v1/schools?sort=name",
                         "/api/v1/cycles?limit=5", "/api/v1/me?=1"] {
                let answer = try await client.get(path)
                #expect(answer.status == .badRequest, "\(path): \(answer.status)")
                #expect(answer.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true, "\(path)")
                #expect((answer.json["detail"] as? String)?.unicodeScalars.contains { (0x0400...0x04FF).contains($0.value) } == true, "\(path)")
            }
            // A method the path does not take says which it does.
            let wrongMethod = try await client.send(.DELETE, "/api/v1/me", body: nil, headers: [:])
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers.first(name: "Allow") == "GET")
            let unknown = try await client.get("/api/v1/nothing-here")
            #expect(unknown.status == .notFound)
            #expect(unknown.headers.first(name: .contentType)?.hasPrefix("application/problem+json") == true)
            // A read token may not write.
            let refused = try await client.post("/api/v1/imports/schools", json: ["schools": [["municipality": "Краснинский район",
                                                                                               "fullName": "Новая школа", "locality": "сельская"]]])
            #expect(refused.status == .forbidden)
            #expect(try await School.query(on: app.db).filter(\.$fullName == "Новая школа").count() == 0)
            let malformed = try await client.send(.POST, "/api/v1/imports/schools", body: Data("{\"schools\": [".utf8),
                                                  headers: ["Content-Type": "application/json"])
            #expect([.badRequest, .unprocessableEntity, .forbidden].contains(malformed.status))
        }
    }

    @Test func aTokenSeesOnlyWhatItsOwnersPagesShow() async throws {
        try await withMEDK { app in
            let gusino = try await Demo.school(Demo.gusino, app)
            let kokuy = try await Demo.school(Demo.kokuy, app)
            for login in ["school", "curator", "municipal", "regional", "federal", "expert"] {
                let (token, browser) = try await Self.token(app, login)
                let client = Client(app: app, token: token)
                var ids: [String] = [], cursor: String?
                repeat {
                    let answer = try await client.get("/api/v1/schools?limit=7" + (cursor.map { "&cursor=\($0)" } ?? ""))
                    #expect(answer.status == .ok)
                    ids += (answer.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                    cursor = answer.json["next"] as? String
                } while cursor != nil
                #expect(Set(ids).count == ids.count, "\(login): a school twice")
                // Each school the API gives opens on the pages, and a school out of reach is 404 on both.
                for id in [gusino.id!, kokuy.id!] {
                    let page = try await browser.get("/schools/\(id.uuidString)")
                    let api = try await client.get("/api/v1/schools/\(id.uuidString)/documents")
                    #expect((page.status == .ok) == ids.contains(id.uuidString), "\(login) \(id)")
                    #expect((api.status == .ok) == (page.status == .ok), "\(login): API \(api.status), page \(page.status)")
                    if api.status != .ok { #expect(api.status == .notFound) }
                }
            }
        }
    }

    @Test func listsAreVersionedAndAnswerNotModified() async throws {
        try await withMEDK { app in
            let (token, _) = try await Self.token(app, "federal")
            let client = Client(app: app, token: token)
            for path in ["/api/v1/cycles", "/api/v1/territories", "/api/v1/practices", "/api/v1/indicators"] {
                let first = try await client.get(path)
                #expect(first.status == .ok, "\(path)")
                let etag = try #require(first.headers.first(name: .eTag), "\(path)")
                #expect(try await client.get(path, headers: ["If-None-Match": etag]).status == .notModified)
            }
        }
    }

    @Test func theIndicatorsAreTheDashboardsNumbers() async throws {
        try await withMEDK { app in
            let (token, _) = try await Self.token(app, "federal")
            let answer = try await Client(app: app, token: token).get("/api/v1/indicators?date=2021-03-10")
            #expect(answer.status == .ok)
            let cycle = try #require(try await Cycle.query(on: app.db).filter(\.$year == 2021).first())
            let table = try await InclusionQueries.table(.country, cycle: cycle, day: CalendarDate("2021-03-10")!, on: app.db)
            let rows = answer.json["rows"] as? [[String: Any]] ?? []
            #expect(rows.count == table.rows.count)
            for (row, expected) in zip(rows, table.rows) {
                #expect(row["id"] as? String == expected.id.uuidString)
                for figure in row["figures"] as? [[String: Any]] ?? [] {
                    let indicator = try #require(InclusionIndicator(rawValue: figure["indicator"] as? String ?? ""))
                    #expect(figure["done"] as? Int == expected.tally(indicator)?.done)
                    #expect(figure["total"] as? Int == expected.tally(indicator)?.total)
                }
            }
            // A school's token has no coordinators' table.
            let (schoolToken, _) = try await Self.token(app, "school")
            #expect(try await Client(app: app, token: schoolToken).get("/api/v1/indicators").status == .notFound)
        }
    }

    @Test func aCoordinatorReadsCuratorsPlansAndMonitoringsAsItsPagesShowThem() async throws {
        try await withMEDK { app in
            let (token, _) = try await Self.token(app, "regional")
            let client = Client(app: app, token: token)
            let regional = try await Demo.user("regional", app)
            let grant = try #require(try await RoleGrant.query(on: app.db).filter(\.$user.$id == regional.id!).first())
            let actor = Actor(userID: regional.id!, role: .regional, scope: grant.place, assignedSchools: [])

            let curators = try await client.get("/api/v1/curators")
            #expect(curators.status == .ok)
            let scope = try #require(try await DashboardScope.of(grant.place, on: app.db))
            let cycle = try #require(try await Cycle.query(on: app.db).filter(\.$year == 2021).first())
            let work = try await CuratorWorkQueries.load(scope, cycle: cycle, today: CalendarDate(testNow, in: TimeZone(identifier: "Europe/Moscow")!), on: app.db)
            #expect((curators.json["curators"] as? [[String: Any]])?.count == work.curators.count)

            let plans = try await client.get("/api/v1/plans?limit=500")
            #expect(plans.status == .ok)
            let visible = try await TerritoryRoadmapQueries.roadmaps(within: grant.place, on: app.db)
                .filter { Policy.can(actor, .viewTerritoryPlans, $0.place) }
            #expect((plans.json["items"] as? [[String: Any]])?.count == visible.count)
            let korenovsk = try await Demo.region("Краснодарский край", app)
            #expect(try await client.get("/api/v1/plans?territory=\(korenovsk.id!.uuidString)").status == .notFound)
            #expect(try await client.get("/api/v1/curators?territory=\(korenovsk.id!.uuidString)").status == .notFound)

            let runs = try await client.get("/api/v1/monitoring/runs")
            #expect(runs.status == .ok)
            let expected = try await MonitoringQueries.runs(visibleTo: actor, on: app.db)
            #expect((runs.json["items"] as? [[String: Any]])?.count == expected.count)

            // The whole country's curators are read region by region.
            let (federal, _) = try await Self.token(app, "federal")
            #expect(try await Client(app: app, token: federal).get("/api/v1/curators").status == .badRequest)
        }
    }

    @Test func theFeedMirrorsEveryEventOnceWhileTheyAreWritten() async throws {
        try await withMEDK { app in
            // A mirror pages as fast as it can: the per-token limit is not what this test is about.
            app.apiRateLimiter = APIRateLimiter(rate: 1_000_000, burst: 1_000_000)
            let (token, _) = try await Self.token(app, "federal")
            let client = Client(app: app, token: token)
            let gusino = try await Demo.school(Demo.gusino, app)
            let participation = try #require(try await Participation.query(on: app.db).filter(\.$school.$id == gusino.id!).first())
            let author = try await Demo.user("school", app)
            var mirror: [String] = [], after = ""
            // A writer adds 30 messages in small transactions while the reader pages 5 at a time.
            let finished = NIOLockedValueBox(false)
            let writer = Task {
                defer { finished.withLockedValue { $0 = true } }
                for number in 0..<30 {
                    try await app.db.transaction { db in
                        let message = ChatMessage()
                        message.$participation.id = participation.id!
                        message.$author.id = author.id!
                        message.authorRole = "school"
                        message.body = "Сообщение \(number)"
                        message.seq = Int64(10_000 + number)
                        message.createdAt = testNow
                        try await message.create(on: db)
                    }
                }
            }
            func page() async throws -> Int {
                var answer = try await client.get("/api/v1/events?limit=5" + (after.isEmpty ? "" : "&after=\(after)"))
                // A busy database says «try again» (503, Retry-After), and a mirror does.
                while answer.status == .serviceUnavailable {
                    try await Task.sleep(for: .milliseconds(50))
                    answer = try await client.get("/api/v1/events?limit=5" + (after.isEmpty ? "" : "&after=\(after)"))
                }
                #expect(answer.status == .ok, "\(answer.text)")
                let events = answer.json["events"] as? [[String: Any]] ?? []
                mirror += events.compactMap { $0["cursor"] as? String }
                after = answer.json["next"] as? String ?? after
                return events.count
            }
            while !finished.withLockedValue({ $0 }) {
                _ = try await page()
                try await Task.sleep(for: .milliseconds(10))
            }
            try await writer.value
            let sql = app.db as! SQLDatabase
            let all = try await sql.raw("SELECT txid, seq FROM feed_events ORDER BY txid, seq").all()
                .map { "\(try $0.decode(column: "txid", as: Int64.self))-\(try $0.decode(column: "seq", as: Int64.self))" }
            // An event shows once every transaction older than it has ended: on a busy PostgreSQL (the other tests'
            // schemas share it) that may take a moment, so the mirror keeps asking, as a real one does.
            let deadline = Date().addingTimeInterval(300)
            while mirror.count < all.count, Date() < deadline {
                if try await page() == 0 { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(Set(mirror).count == mirror.count, "an event given twice")
            #expect(mirror == all, "mirror \(mirror.count), database \(all.count)")
            #expect(all.count >= 30)
        }
    }

    @Test func anImportThroughTheApiIsTheFileImport() async throws {
        try await withMEDK { app in
            let (token, browser) = try await Self.token(app, "regional", scope: "import")
            let client = Client(app: app, token: token)
            let schools: [[String: Any]] = [
                ["municipality": "Краснинский район", "fullName": "МБОУ «Новая школа API»", "locality": "сельская", "code": "679901"],
                ["municipality": "Краснинский район", "fullName": "МБОУ «Вторая школа API»", "locality": "городская", "code": "679902"],
            ]
            // One wrong item: nothing is written, and the problem names the item and the field.
            var wrong = schools
            wrong[1]["locality"] = "на острове"
            let refused = try await client.post("/api/v1/imports/schools", json: ["schools": wrong])
            #expect(refused.status == .unprocessableEntity)
            let errors = refused.json["errors"] as? [[String: Any]] ?? []
            #expect(errors.contains { $0["item"] as? Int == 1 && $0["field"] as? String == "locality" })
            #expect(try await School.query(on: app.db).filter(\.$code == "679901").count() == 0)

            let done = try await client.post("/api/v1/imports/schools", json: ["schools": schools])
            #expect(done.status == .ok)
            #expect(done.json["created"] as? Int == 2)
            // The same data as a file changes nothing: the two ways are one.
            let csv = "Муниципалитет;Полное наименование;Местность;Код ОО\n"
                + "Краснинский район;МБОУ «Новая школа API»;сельская;679901\nКраснинский район;МБОУ «Вторая школа API»;городская;679902\n"
            let file = try await browser.upload("/import/schools", fileName: "schools.csv", data: Data(csv.utf8))
            #expect(file.status == .ok)
            #expect(file.contains("добавлено 0, обновлено 0, без изменений 2"))
            #expect(try await School.query(on: app.db).filter(\.$code ~~ ["679901", "679902"]).count() == 2)
        }
    }

    @Test func aCuratorLogsAVisitThroughTheApi() async throws {
        try await withMEDK { app in
            let (token, _) = try await Self.token(app, "curator", scope: "import")
            let client = Client(app: app, token: token)
            let gusino = try await Demo.school(Demo.gusino, app)
            let kokuy = try await Demo.school(Demo.kokuy, app)
            let refused = try await client.post("/api/v1/visits", json: ["schoolId": kokuy.id!.uuidString, "format": "remote", "purpose": "Консультация"])
            #expect(refused.status == .unprocessableEntity)
            #expect((refused.json["errors"] as? [[String: Any]])?.first?["field"] as? String == "schoolId")
            let logged = try await client.post("/api/v1/visits", json: ["schoolId": gusino.id!.uuidString, "format": "in_person",
                                                                      "purpose": "Первичное посещение ОО", "visitedOn": "2021-03-09"])
            #expect(logged.status == .created)
            #expect(try await VisitRecord.query(on: app.db).filter(\.$visitedOn == "2021-03-09").count() == 1)
        }
    }

    /// Several instances behind a proxy take from one bucket: the limit is the token's, not each instance's.
    @Test func aTokensLimitIsOneBucketWhicheverInstanceAnswers() async throws {
        try await withMEDK { app in
            _ = try await Self.token(app, "school")
            let id = try #require(try await ApiToken.query(on: app.db).first()?.id)
            let a = APIRateLimiter(rate: 1, burst: 3), b = APIRateLimiter(rate: 1, burst: 3)
            #expect(try await a.take(id, at: testNow, on: app.db) == nil)
            #expect(try await b.take(id, at: testNow, on: app.db) == nil)
            #expect(try await a.take(id, at: testNow, on: app.db) == nil)
            #expect(try await b.take(id, at: testNow, on: app.db) == 1)
            #expect(try await a.take(id, at: testNow, on: app.db) == 1)
            // A second later the bucket holds one call again, for whichever instance asks first.
            #expect(try await b.take(id, at: testNow.addingTimeInterval(1), on: app.db) == nil)
            #expect(try await a.take(id, at: testNow.addingTimeInterval(1), on: app.db) == 1)
            #expect(try await a.take(id, at: testNow.addingTimeInterval(10), on: app.db) == nil)
        }
    }

    @Test func aTokenIsLimitedAndTheContractIsPublished() async throws {
        try await withMEDK { app in
            app.apiRateLimiter = APIRateLimiter(rate: 1, burst: 3)
            let (token, _) = try await Self.token(app, "school")
            let client = Client(app: app, token: token)
            for _ in 0..<3 { #expect(try await client.get("/api/v1/me").status == .ok) }
            let limited = try await client.get("/api/v1/me")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers.first(name: "Retry-After") == "1")

            let document = try await Client(app: app, token: "").get("/api/v1/openapi.json")
            #expect(document.status == .ok)
            #expect(document.json["openapi"] as? String == "3.1.0")
            // Every API route the server answers is in the contract, and the reference page shows every operation.
            let paths = Set((document.json["paths"] as? [String: Any] ?? [:]).keys.map { "/api/v1" + $0 })
            let routes = Set(app.routes.all.map { "/" + $0.path.map { component in
                if case .parameter(let name) = component { return "{\(name)}" } else { return component.description }
            }.joined(separator: "/") }.filter { $0.hasPrefix("/api/v1/") && $0 != "/api/v1/openapi.json" })
            #expect(routes == paths)
            let reference = try await Browser(app).get("/api")
            #expect(reference.status == .ok)
            for path in paths { #expect(reference.contains(path), "\(path)") }
        }
    }
}
