import Fluent
import Foundation
import MEDKCore
import Testing
import Vapor
@testable import MEDKServer

/// Issue 14, the notification centre: what happens to a school's items and chat reaches the people it concerns,
/// in the app, with a bell on every page and a link straight to the object.
@Suite("Notifications")
struct NotificationTests {
    typealias N = Strings.Notifications

    static func notifications(of login: String, _ app: Application) async throws -> [NotificationRecord] {
        let user = try await Demo.user(login, app)
        return try await NotificationRecord.query(on: app.db).filter(\.$userID == user.id!).sort(\.$createdAt).all()
    }

    @Test func aReturnWithACommentReachesTheSchoolWhichOpensItFromTheBell() async throws {
        try await withMEDK { app in
            let (school, documents) = try await RoadmapTests.schoolUploads(app, [("Концепция развития.pdf", Sample.pdf)])
            let page = "/documents/\(documents[0].id!)"
            try await school.get(page)
            #expect(try await school.post(page + "/submit").status == .seeOther)
            // Sent for review: the school's curator hears of it, the school (who sent it) does not.
            let submitted = try await Self.notifications(of: "curator", app)
            #expect(submitted.map(\.kind) == [.submitted] && submitted[0].link == page)
            #expect(submitted[0].summary.contains("Концепция развития"))
            #expect(try await Self.notifications(of: "school", app).isEmpty)
            #expect(try await Self.notifications(of: "novikova", app).isEmpty, "another school's curator")

            let curator = Browser(app)
            try await curator.signIn("curator")
            try await curator.get(page)
            #expect(try await curator.post(page + "/return", ["comment": "Добавьте целевые показатели и сроки"]).status == .seeOther)
            let returned = try await Self.notifications(of: "school", app)
            #expect(returned.count == 1 && returned[0].kind == .returned && returned[0].detail == "Добавьте целевые показатели и сроки")
            #expect(try await Self.notifications(of: "curator", app).count == 1, "the curator is not told of their own move")

            // The bell shows one unread on every page; the list shows what, who and the comment.
            let home = try await school.get("/home")
            #expect(home.contains("class=\"bell\"") && home.contains(N.unread(1)))
            let list = try await school.get("/notifications")
            #expect(list.contains(N.kindTitle(.returned)) && list.contains("Добавьте целевые показатели и сроки")
                && list.contains("Ермоловский Сергей Александрович"))
            // Opening it lands on the document and marks it read.
            let opened = try await school.post("/notifications/\(returned[0].id!)")
            #expect(opened.status == .seeOther && opened.location == page)
            #expect(try await Self.notifications(of: "school", app)[0].readAt != nil)
            #expect(!(try await school.get("/home")).contains(N.unread(1)))

            // Nobody opens another person's notification.
            try await curator.get("/notifications")
            #expect(try await curator.post("/notifications/\(returned[0].id!)").status == .notFound)
            #expect(try await curator.post("/notifications/not-a-uuid").status == .notFound)
            #expect(try await curator.get("/notifications?page=99999999999999999999").status == .ok)
            // «Mark all read» empties the curator's bell.
            #expect(try await curator.post("/notifications/read").status == .seeOther)
            #expect(try await Self.notifications(of: "curator", app).allSatisfy { $0.readAt != nil })
        }
    }

    @Test func aChatMessageReachesEveryoneInTheConversationButItsAuthor() async throws {
        try await withMEDK { app in
            let gusino = try await Demo.school(Demo.gusino, app)
            let chat = "/schools/\(gusino.id!)/chat"
            let school = Browser(app)
            try await school.signIn("school")
            try await school.get(chat)
            #expect(try await school.post(chat, ["body": "Когда вы приедете?"]).status == .seeOther)
            let told = try await Self.notifications(of: "curator", app)
            #expect(told.count == 1 && told[0].kind == .chatMessage && told[0].detail == "Когда вы приедете?")
            #expect(told[0].link.hasPrefix(chat + "#m"))
            #expect(try await Self.notifications(of: "school", app).isEmpty)

            // A coordinator who wrote in the chat hears of the answers too.
            let municipal = Browser(app)
            try await municipal.signIn("municipal")
            try await municipal.get(chat)
            #expect(try await municipal.post(chat, ["body": "Напоминаю о сроках."]).status == .seeOther)
            let curator = Browser(app)
            try await curator.signIn("curator")
            try await curator.get(chat)
            #expect(try await curator.post(chat, ["body": "В четверг."]).status == .seeOther)
            #expect(try await Self.notifications(of: "municipal", app).map(\.detail) == ["В четверг."])
            #expect(try await Self.notifications(of: "school", app).map(\.detail) == ["Напоминаю о сроках.", "В четверг."])
        }
    }

    @Test func aCuratorAssignedOrUnassignedIsToldAndSoIsTheSchool() async throws {
        try await withMEDK { app in
            let merlino = try await Demo.school(Demo.merlino, app)
            let coordinator = Browser(app)
            try await coordinator.signIn("municipal")
            try await coordinator.get("/schools/\(merlino.id!)")
            let curator = try await Demo.user("curator", app)
            #expect(try await coordinator.post("/schools/\(merlino.id!)/curators",
                                               ["curator": curator.id!.uuidString, "startsOn": "01.03.2021"]).status == .seeOther)
            #expect(try await Self.notifications(of: "curator", app).map(\.kind) == [.curatorAssigned])
            #expect(try await Self.notifications(of: "merlino", app).map(\.kind) == [.curatorAssigned])
            #expect(try await Self.notifications(of: "municipal", app).isEmpty)
        }
    }
}
