import Fluent
import Foundation
import MEDKCore
import MEDKMail
@testable import MEDKTestSMTP
import SQLKit
import Testing
import Vapor
@testable import MEDKServer

/// Issue 14, e-mail: what the notification centre says reaches people's mailboxes through a real SMTP server
/// (aiosmtpd with STARTTLS), written in the event's transaction and delivered by the outbox worker.
@Suite("E-mail")
struct MailTests {
    typealias M = Strings.Mail

    /// Runs `body` with MEDK sending to a real SMTP server that requires STARTTLS (a self-signed certificate) and AUTH.
    static func withMail(_ body: (Application, TestSMTPServer) async throws -> Void) async throws {
        let server = try await TestSMTPServer.start("auth")
        defer { server.stop() }
        try await withMEDK { app in
            // Time limits for a machine busy with the whole suite.
            app.settings.mail.smtp = server.configuration(security: .startTLS(required: true),
                                                          credentials: .init(username: "medk", password: "secret"),
                                                          commandTimeout: .seconds(30))
            try await body(app, server)
        }
    }

    static func letters(to address: String, _ server: TestSMTPServer) throws -> [MIMETestDecoding.Part] {
        try server.received().filter { $0.recipients == [address] }.map { try $0.message }
    }

    static func text(of letter: MIMETestDecoding.Part) throws -> String {
        try letter.parts().first { $0.header("Content-Type")?.hasPrefix("text/plain") == true }!.decodedBody()
    }

    /// The document returned with a comment: one letter to the school, with the comment and the link.
    @Test func aReturnWithACommentSendsTheSchoolExactlyOneLetterWithTheCommentAndTheLink() async throws {
        try await Self.withMail { app, server in
            let page = try await RoadmapTests.curatorDecides(app, "return", ["comment": "Добавьте целевые показатели и сроки"])
            // Written in the outbox with the events, sent by the worker.
            #expect(try await OutgoingMail.query(on: app.db).filter(\.$statusCode == "pending").count() == 2)
            let outcome = try await OutboxWorker.deliverDue(app)
            #expect(outcome == OutboxWorker.Outcome(sent: 2))

            let toSchool = try Self.letters(to: "school@demo.medk.local", server)
            #expect(toSchool.count == 1)
            let letter = try #require(toSchool.first)
            let subject = try MIMETestDecoding.decodeHeaderValue(try #require(letter.header("Subject")))
            #expect(subject == "МЭДК: " + Strings.Notifications.kindTitle(.returned))
            let text = try Self.text(of: letter)
            #expect(text.contains("Добавьте целевые показатели и сроки") && text.contains("http://localhost:8080" + page))
            #expect(letter.header("Message-ID")?.hasSuffix("@medk.local>") == true)
            #expect(letter.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
            #expect(letter.header("List-Unsubscribe")?.contains("/mail/unsubscribe?") == true)
            #expect(try letter.parts().contains { $0.header("Content-Type")?.hasPrefix("text/html") == true })
            #expect(try server.received().allSatisfy { $0.envelope["tls"] as? Bool == true && $0.envelope["authenticated"] as? Bool == true })
            // The curator heard of the submission at once (curators' default), not of their own return.
            #expect(try Self.letters(to: "curator@demo.medk.local", server).count == 1)
            // Sent once: the worker finds nothing more to do.
            #expect(try await OutboxWorker.deliverDue(app) == OutboxWorker.Outcome())
            let sent = try await OutgoingMail.query(on: app.db).all()
            #expect(sent.allSatisfy { $0.status == .sent && $0.lastResult.contains("queued as") && $0.attempts == 1 })
        }
    }

    /// One-click unsubscribe (RFC 8058): no session, no CSRF token, only that kind; a forged link changes nothing.
    @Test func theUnsubscribeLinkWorksSignedOutAndOnlyForItsKind() async throws {
        try await withMEDK { app in
            let school = try await Demo.user("school", app)
            let link = app.mailComposer.unsubscribeURL(user: school.id!, kind: .returned)
            let path = String(link.dropFirst("http://localhost:8080".count))
            let stranger = Browser(app)
            let page = try await stranger.get(path)
            #expect(page.status == .ok && page.contains(M.unsubscribeButton))
            // A mail program's POST, without cookies or token.
            let oneClick = try await app.sendRequest(.POST, path, headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                                     body: ByteBuffer(string: "List-Unsubscribe=One-Click"))
            #expect(oneClick.status == .ok)
            let modes = Dictionary(uniqueKeysWithValues: try await MailPreferences.modes(of: school, on: app.db).map { ($0.0, $0.1) })
            #expect(modes[.returned] == .off && modes[.approved] == .now)
            // A tampered signature or another kind with the same signature: refused, nothing changed.
            let forged = path.replacingOccurrences(of: "k=returned", with: "k=approved")
            let refused = try await app.sendRequest(.POST, forged, headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                                    body: ByteBuffer(string: "List-Unsubscribe=One-Click"))
            #expect(refused.status == .badRequest)
            #expect(try await MailPreferences.modes(of: school, on: app.db).first { $0.0 == .approved }?.1 == .now)
        }
    }

    /// The account page: a wrong address is refused in Russian and changes nothing; a choice is kept.
    @Test func aPersonChoosesHowToHearOfEachKindOnTheAccountPage() async throws {
        try await withMEDK { app in
            let school = Browser(app)
            try await school.signIn("school")
            let page = try await school.get("/account/mail")
            #expect(page.contains("school@demo.medk.local") && page.contains(M.modeTitle(.digest)))
            var form = Dictionary(uniqueKeysWithValues: NotificationKind.allCases.map { ("mode_\($0.rawValue)", "now") })
            form["email"] = "не адрес"
            let refused = try await school.post("/account/mail", form)
            #expect(refused.status == .unprocessableEntity && refused.contains(M.badAddress("не адрес")))
            #expect(try await Demo.user("school", app).email == "school@demo.medk.local")
            form["email"] = "director@school.example.ru"
            form["mode_chat_message"] = "digest"
            try await school.get("/account/mail")
            #expect(try await school.post("/account/mail", form).status == .seeOther)
            let user = try await Demo.user("school", app)
            #expect(user.email == "director@school.example.ru")
            #expect(try await MailPreferences.modes(of: user, on: app.db).first { $0.0 == .chatMessage }?.1 == .digest)
        }
    }

    /// Digest mode: nothing at once; at 08:00 of the person's region one letter with every item; once a day.
    @Test func aDigestComesOnceADayAtEightWithEveryItem() async throws {
        try await Self.withMail { app, server in
            let curator = try await Demo.user("curator", app)
            try await MailPreferences.set(.digest, for: .submitted, user: curator.id!, on: app.db)
            let gusino = try await Demo.school(Demo.gusino, app)
            let school = Browser(app)
            try await school.signIn("school")
            let (_, documents) = try await RoadmapTests.schoolUploads(app, [("Концепция развития.pdf", Sample.pdf),
                                                                         ("Дорожная карта.pdf", Sample.pdf)])
            for document in documents {
                try await school.get("/documents/\(document.id!)")
                #expect(try await school.post("/documents/\(document.id!)/submit").status == .seeOther)
            }
            _ = gusino
            try await OutboxWorker.deliverDue(app)
            #expect(try Self.letters(to: "curator@demo.medk.local", server).isEmpty, "nothing at once")
            // 10.03.2021 13:00 Moscow: past eight, the digest is written (the curator's region is Smolensk, Moscow time).
            #expect(try await Digests.write(at: testNow, on: app.db, mail: app.mailComposer) == 1)
            #expect(try await Digests.write(at: testNow.addingTimeInterval(3600), on: app.db, mail: app.mailComposer) == 0)
            try await OutboxWorker.deliverDue(app)
            let letters = try Self.letters(to: "curator@demo.medk.local", server)
            #expect(letters.count == 1)
            let text = try Self.text(of: try #require(letters.first))
            #expect(text.contains("Концепция развития") && text.contains("Дорожная карта"))
            #expect(try MIMETestDecoding.decodeHeaderValue(letters[0].header("Subject")!).contains("2 уведомления"))
        }
    }

    /// The SMTP server down while 50 events happen: 50 wait, retried later; the server back: 50 delivered, once each.
    @Test func anOutageLosesNothingAndSendsNothingTwice() async throws {
        try await withMEDK { app in
            let server = try await TestSMTPServer.start("starttls")
            defer { server.stop() }
            let up = server.configuration(security: .startTLS(required: true), commandTimeout: .seconds(30))
            var down = up
            down.port = 1  // nothing listens there: connection refused
            app.settings.mail.smtp = down
            let school = try await Demo.user("school", app)
            let composer = app.mailComposer
            try await app.db.transaction { db in
                for n in 1...50 {
                    try await Notifier.write(.approved, to: [school.id!], except: nil, summary: "Согласовано № \(n)", detail: "",
                                             actor: nil, school: nil, link: "/home", at: testNow, mail: composer, on: db)
                }
            }
            let first = try await OutboxWorker.deliverDue(app)
            #expect(first == OutboxWorker.Outcome(retrying: 50))
            let waiting = try await OutgoingMail.query(on: app.db).all()
            #expect(waiting.count == 50 && waiting.allSatisfy { $0.status == .pending && $0.nextAttemptAt > testNow })
            // Not yet due again: nothing is tried.
            #expect(try await OutboxWorker.deliverDue(app) == OutboxWorker.Outcome())
            app.settings.mail.smtp = up
            app.settings.clock.advance(by: OutboxWorker.firstRetry + 1)
            #expect(try await OutboxWorker.deliverDue(app) == OutboxWorker.Outcome(sent: 50))
            let received = try server.received()
            #expect(received.count == 50)
            let ids = Set(try received.map { try $0.message.header("Message-ID") ?? "" })
            #expect(ids.count == 50)
            #expect(try await OutgoingMail.query(on: app.db).all().allSatisfy { $0.status == .sent && $0.attempts == 2 })
        }
    }

    /// A server that hangs, answers garbage or drops the connection in the middle of DATA: a retry later, never a
    /// crash or a stuck worker.
    @Test(arguments: ["silent", "garbage", "drop-data", "reply-421"])
    func aMisbehavingServerMeansARetryNeverAStuckWorker(mode: String) async throws {
        try await withMEDK { app in
            let server = try await TestSMTPServer.start(mode)
            defer { server.stop() }
            app.settings.mail.smtp = server.configuration(security: .plain, commandTimeout: .seconds(1))
            let school = try await Demo.user("school", app)
            try await Notifier.write(.approved, to: [school.id!], except: nil, summary: "Согласовано", detail: "", actor: nil,
                                     school: nil, link: "/home", at: testNow, mail: app.mailComposer, on: app.db)
            #expect(try await OutboxWorker.deliverDue(app) == OutboxWorker.Outcome(retrying: 1))
            let letter = try #require(try await OutgoingMail.query(on: app.db).first())
            #expect(letter.status == .pending && letter.leaseUntil == nil && !letter.lastResult.isEmpty)
            #expect(letter.nextAttemptAt == testNow.addingTimeInterval(OutboxWorker.firstRetry))
        }
    }

    /// Two workers at once (two instances, or a server and `medk jobs --run outbox`): every letter sent once, and
    /// neither stops while letters are due because the other took the ones it chose.
    @Test func twoWorkersAtOnceSendEveryLetterOnce() async throws {
        try await Self.withMail { app, server in
            let school = try await Demo.user("school", app)
            let composer = app.mailComposer
            try await app.db.transaction { db in
                for n in 1...40 {
                    try await Notifier.write(.approved, to: [school.id!], except: nil, summary: "Согласовано № \(n)", detail: "",
                                             actor: nil, school: nil, link: "/home", at: testNow, mail: composer, on: db)
                }
            }
            let outcomes = try await withThrowingTaskGroup(of: OutboxWorker.Outcome.self) { group in
                for _ in 0..<2 { group.addTask { try await OutboxWorker.deliverDue(app) } }
                return try await group.reduce(OutboxWorker.Outcome(), +)
            }
            #expect(outcomes == OutboxWorker.Outcome(sent: 40))
            #expect(try server.received().count == 40)
            #expect(try await OutgoingMail.query(on: app.db).filter(\.$statusCode == MailStatus.sent.rawValue).count() == 40)
        }
    }

    /// A permanent refusal (5xx) fails the message for the admin, who sees the server's answer and sends it again.
    @Test func aRefusedMessageIsShownToTheAdminWhoResendsIt() async throws {
        try await withMEDK { app in
            let refusing = try await TestSMTPServer.start("reject-rcpt")
            defer { refusing.stop() }
            app.settings.mail.smtp = refusing.configuration(security: .plain)
            let school = try await Demo.user("school", app)
            try await Notifier.write(.approved, to: [school.id!], except: nil, summary: "Согласовано", detail: "", actor: nil,
                                     school: nil, link: "/home", at: testNow, mail: app.mailComposer, on: app.db)
            #expect(try await OutboxWorker.deliverDue(app) == OutboxWorker.Outcome(failed: 1))
            let admin = Browser(app)
            try await admin.signIn("admin")
            let page = try await admin.get("/mail")
            #expect(page.contains(M.statusTitle(.failed, configured: true) + ": 1") && page.contains("550"))
            #expect(try await admin.post("/mail/resend").status == .seeOther)
            #expect(try await OutgoingMail.query(on: app.db).first()?.status == .pending)
            // Only the admin.
            let federal = Browser(app)
            try await federal.signIn("federal")
            #expect(try await federal.get("/mail").status == .notFound)
        }
    }

    /// Without an SMTP server letters wait, and the admin page says why: never silently dropped.
    @Test func withoutAServerLettersWaitAndTheAdminIsTold() async throws {
        try await withMEDK { app in
            let school = try await Demo.user("school", app)
            try await Notifier.write(.approved, to: [school.id!], except: nil, summary: "Согласовано", detail: "", actor: nil,
                                     school: nil, link: "/home", at: testNow, mail: app.mailComposer, on: app.db)
            #expect(try await OutboxWorker.deliverDue(app) == OutboxWorker.Outcome())
            let admin = Browser(app)
            try await admin.signIn("admin")
            let page = try await admin.get("/mail")
            #expect(page.contains(M.notConfigured) && page.contains(M.statusTitle(.pending, configured: false) + ": 1"))
        }
    }

    /// «Забыли пароль?»: the same answer for anyone; a link that works once, within the hour, and ends every session.
    @Test func passwordRecoveryWorksOnceWithinTheHourAndEndsEverySession() async throws {
        try await Self.withMail { app, server in
            let signedIn = Browser(app)
            try await signedIn.signIn("school")
            let visitor = Browser(app)
            #expect(try await visitor.get("/login").contains(Strings.Password.forgot))
            try await visitor.get("/password/forgot")
            let unknown = try await visitor.post("/password/forgot", ["login": "nobody"])
            try await visitor.get("/password/forgot")
            let known = try await visitor.post("/password/forgot", ["login": "school"])
            #expect(unknown.status == .ok && known.status == .ok && unknown.figures == known.figures)
            try await OutboxWorker.deliverDue(app)
            let letters = try Self.letters(to: "school@demo.medk.local", server)
            #expect(letters.count == 1)
            let text = try Self.text(of: try #require(letters.first))
            let link = try #require(text.split(whereSeparator: \.isNewline).first { $0.contains("/password/reset/") })
            let path = String(link[link.range(of: "/password/reset/")!.lowerBound...]).trimmingCharacters(in: .whitespacesAndNewlines)

            let opened = try await visitor.get(path)
            #expect(opened.status == .ok, "\(path) \(opened.status) \(opened.body.prefix(300))")
            #expect(try await visitor.post(path, ["new": "abc", "repeated": "abc"]).status == .unprocessableEntity)
            try await visitor.get(path)
            let done = try await visitor.post(path, ["new": "новый-пароль-школы", "repeated": "новый-пароль-школы"])
            #expect(done.status == .seeOther)
            // Every other session is over; the new password signs in; the link is spent.
            #expect(try await signedIn.get("/home").status == .seeOther)
            let fresh = Browser(app)
            try await fresh.signIn("school", password: "новый-пароль-школы")
            #expect(try await fresh.get("/home").status == .ok)
            #expect(try await visitor.get(path).status == .gone)

            // A second link, an hour and a minute later: expired.
            try await visitor.get("/password/forgot")
            try await visitor.post("/password/forgot", ["login": "school@demo.medk.local"])
            try await OutboxWorker.deliverDue(app)
            let second = try Self.text(of: try Self.letters(to: "school@demo.medk.local", server).last!)
            let secondLink = try #require(second.split(whereSeparator: \.isNewline).first { $0.contains("/password/reset/") })
            let secondPath = String(secondLink[secondLink.range(of: "/password/reset/")!.lowerBound...])
                .trimmingCharacters(in: .whitespacesAndNewlines)
            app.settings.clock.advance(by: 3660)
            #expect(try await visitor.get(secondPath).status == .gone)
        }
    }
}
