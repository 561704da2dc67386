import Crypto
import Fluent
import Foundation
import Testing
import Vapor
@testable import MEDKServer

/// A rural school's video over a line that drops: sent in chunks to an upload session, resumed from what the
/// server holds, then named in the ordinary form and stored as if it had come whole.
@Suite("Resumable uploads")
struct ResumableUploadTests {
    struct Answer: Decodable { let id: UUID?; let size: Int64?; let received: Int64?; let error: String? }

    static func decode(_ page: Browser.Page) throws -> Answer { try JSONDecoder().decode(Answer.self, from: page.data) }

    static func declare(_ browser: Browser, _ name: String, size: Int) async throws -> UUID {
        let page = try await browser.script(.POST, "/uploads", body: Data("fileName=\(name)&size=\(size)".utf8),
                                            contentType: "application/x-www-form-urlencoded")
        #expect(page.status == .created, "\(page.body)")
        return try #require(try decode(page).id)
    }

    @Test func chunksResumeFromWhatArrivedAndTheFileIsStoredAsIfSentWhole() async throws {
        try await withMEDK { app in
            let school = Browser(app)
            try await school.signIn("school")
            let concept = try await RoadmapTests.conceptPath(app)
            try await school.get(concept)
            let file = Sample.bigPDF(megabytes: 3)
            let id = try await Self.declare(school, "Видеоурок.pdf", size: file.count)
            let path = "/uploads/\(id)"
            let first = file.prefix(1 << 20), third = file[(2 << 20)...]

            #expect(try Self.decode(try await school.script(.PUT, path + "?offset=0", body: Data(first))).received == 1 << 20)
            // Out of order: the third chunk before the second is refused, saying what arrived.
            let gap = try await school.script(.PUT, path + "?offset=\(2 << 20)", body: Data(third))
            #expect(try gap.status == .conflict && Self.decode(gap).received == 1 << 20)
            // The first chunk again (its answer was lost on the line): nothing changes.
            let repeated = try await school.script(.PUT, path + "?offset=0", body: Data(first))
            #expect(try repeated.status == .ok && Self.decode(repeated).received == 1 << 20)
            // A chunk overlapping what arrived keeps only its new bytes.
            let overlap = file[(1 << 19)..<(2 << 20)]
            #expect(try Self.decode(try await school.script(.PUT, path + "?offset=\(1 << 19)", body: Data(overlap))).received == 2 << 20)
            // Past the declared size: refused, and nothing of it kept.
            let past = try await school.script(.PUT, path + "?offset=\(2 << 20)", body: Data(third) + Data([0x25]))
            #expect(try past.status == .unprocessableEntity && Self.decode(past).error == Strings.Uploads.pastSize)
            #expect(try Self.decode(try await school.script(.GET, path)).received == 2 << 20)

            // Named in the form before it is whole: refused in Russian, nothing created.
            try await school.get(concept)
            let early = try await school.postMultipart(concept + "/documents", fields: [UploadSessions.field: id.uuidString])
            #expect(early.status == .unprocessableEntity && early.contains("загружен не полностью"))
            #expect(try await Document.query(on: app.db).count() == 0)

            #expect(try Self.decode(try await school.script(.PUT, path + "?offset=\(2 << 20)", body: Data(third))).received
                    == Int64(file.count))
            try await school.get(concept)
            let done = try await school.postMultipart(concept + "/documents", fields: [UploadSessions.field: id.uuidString])
            #expect(done.status == .seeOther, "\(done.body.prefix(1500))")
            let document = try #require(try await Document.query(on: app.db).with(\.$versions).first())
            #expect(document.title == "Видеоурок")
            let stored = try #require(document.versions.first)
            #expect(stored.$file.id == SHA256.hash(data: file).map { String(format: "%02x", $0) }.joined())
            #expect(try await school.get("/documents/\(document.id!)/versions/1").data == file)
        }
    }

    @Test func aSessionIsItsOwnersOnly() async throws {
        try await withMEDK { app in
            let school = Browser(app)
            try await school.signIn("school")
            try await school.get("/home")
            let id = try await Self.declare(school, "Отчёт.pdf", size: Sample.pdf.count)
            #expect(try await school.script(.PUT, "/uploads/\(id)?offset=0", body: Sample.pdf).status == .ok)
            let other = Browser(app)
            try await other.signIn("merlino")
            try await other.get("/home")
            // The page's script reads every refusal as JSON with a reason in Russian, never an HTML page.
            let foreign = try await other.script(.GET, "/uploads/\(id)")
            #expect(try foreign.status == .notFound && Self.decode(foreign).error == Strings.Errors.notFound)
            #expect(try await other.script(.PUT, "/uploads/\(id)?offset=0", body: Sample.pdf).status == .notFound)
            // Nor can another school name it in its own form.
            let merlino = try await Demo.school(Demo.merlino, app)
            let section = "/schools/\(merlino.id!)/sections/conceptDocuments"
            try await other.get(section)
            #expect(try await other.postMultipart(section + "/documents", fields: [UploadSessions.field: id.uuidString]).status
                    == .badRequest)
            #expect(try await Document.query(on: app.db).count() == 0)
            // A chunk without the page's token is refused before a byte is read.
            let forged = try await other.raw(.PUT, "/uploads/\(id)?offset=0", body: Sample.pdf, contentType: "application/octet-stream")
            #expect(try forged.status == .forbidden && Self.decode(forged).error == Strings.Errors.csrf)
        }
    }

    @Test func aSizeOverTheLimitAndAbandonedSessionsAreRefusedAndSwept() async throws {
        try await withMEDK { app in
            let school = Browser(app)
            try await school.signIn("school")
            try await school.get("/home")
            let huge = try await school.script(.POST, "/uploads", body: Data("fileName=a.mp4&size=\(Int64.max)".utf8),
                                               contentType: "application/x-www-form-urlencoded")
            #expect(huge.status == .payloadTooLarge)
            let id = try await Self.declare(school, "Видео.mp4", size: 10)
            #expect(try await UploadSessions.sweep(app, now: app.settings.clock.now) == 0)
            #expect(try await UploadSessions.sweep(app, now: app.settings.clock.now.addingTimeInterval(25 * 3600)) == 1)
            #expect(try await school.script(.GET, "/uploads/\(id)").status == .notFound)
            #expect(!FileManager.default.fileExists(atPath: UploadSessions.partFile(id, in: app).path))
        }
    }

    @Test func finishedFilesMakeRoomForNewOnesButUnfinishedOnesAreCapped() async throws {
        try await withMEDK { app in
            let school = Browser(app)
            try await school.signIn("school")
            try await school.get("/home")
            // Twenty files sent and named in forms over a day: a twenty-first can still start.
            var finished: [UUID] = []
            for n in 0..<UploadSessions.maxOpen {
                let id = try await Self.declare(school, "Фото \(n).jpg", size: 1)
                #expect(try await school.script(.PUT, "/uploads/\(id)?offset=0", body: Data([0x25])).status == .ok)
                finished.append(id)
            }
            let next = try await Self.declare(school, "Видео.mp4", size: 10)
            #expect(try await school.script(.GET, "/uploads/\(finished[0])").status == .notFound)
            #expect(!FileManager.default.fileExists(atPath: UploadSessions.partFile(finished[0], in: app).path))
            #expect(try await school.script(.GET, "/uploads/\(finished[1])").status == .ok)
            // Unfinished ones are kept: after twenty of them, the next is refused in Russian.
            for n in 1..<UploadSessions.maxOpen { _ = try await Self.declare(school, "Видео \(n).mp4", size: 10) }
            let refused = try await school.script(.POST, "/uploads", body: Data("fileName=x.mp4&size=10".utf8),
                                                  contentType: "application/x-www-form-urlencoded")
            #expect(try refused.status == .tooManyRequests && Self.decode(refused).error == Strings.Uploads.tooMany)
            #expect(try await school.script(.GET, "/uploads/\(next)").status == .ok)
        }
    }

    /// A line that went silent mid-chunk (a laptop lid closed) may leave its request open for ever: after a pause
    /// without a byte, the next request for the session writes, and the silent one writes nothing more.
    @Test func aSilentWriterGivesWayToTheNextRequest() async {
        let locks = UploadSessionLocks()
        let id = UUID(), start = Date()
        let silent = await locks.take(id, now: start)
        #expect(silent != nil)
        #expect(await locks.take(id, now: start.addingTimeInterval(5)) == nil)
        #expect(await locks.stillHolds(id, silent!, now: start.addingTimeInterval(10)))
        // Heard from at 10 s: still its turn at 25 s, no longer at 31 s.
        #expect(await locks.take(id, now: start.addingTimeInterval(25)) == nil)
        let next = await locks.take(id, now: start.addingTimeInterval(31))
        #expect(next != nil)
        #expect(await !locks.stillHolds(id, silent!, now: start.addingTimeInterval(32)))
        // The silent request's end does not free the new writer's turn.
        await locks.release(id, silent!)
        #expect(await locks.take(id, now: start.addingTimeInterval(33)) == nil)
        await locks.release(id, next!)
        #expect(await locks.take(id, now: start.addingTimeInterval(33)) != nil)
    }
}
