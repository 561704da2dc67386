import Fluent
import Foundation
import MEDKCore
import Testing
import Vapor
@testable import MEDKServer

@Suite("The school's chat")
struct ChatTests {
    @Test func theSchoolAndItsCuratorTalkAndUnreadMessagesAreCounted() async throws {
        try await withMEDK { app in
            let gusino = try await Demo.school(Demo.gusino, app)
            let chat = "/schools/\(gusino.id!)/chat"
            let school = Browser(app)
            try await school.signIn("school")
            let empty = try await school.get(chat)
            #expect(empty.contains(Strings.Chat.empty))
            #expect(try await school.post(chat, ["body": "  "]).status == .unprocessableEntity)
            #expect(try await school.post(chat, ["body": "Здравствуйте! Когда вы приедете?\nУ нас каникулы."]).status == .seeOther)

            let curator = Browser(app)
            let home = try await curator.signIn("curator")
            #expect(home.contains("1 новое сообщение"))
            let page = try await curator.get(chat)
            #expect(page.contains("Когда вы приедете?<br/>У нас каникулы.") || page.contains("Когда вы приедете?<br>У нас каникулы."))
            #expect(page.contains("Директор Гусинской СШ"))
            #expect(!(try await curator.get("/home").contains("новое сообщение")))
            try await curator.post(chat, ["body": "Приеду в четверг <b>утром</b>."])

            // The school's page fetches what is new without reloading.
            let poll = try await school.get(chat + "/messages?after=1")
            #expect(poll.contains("Приеду в четверг &lt;b&gt;утром&lt;/b&gt;."))
            #expect(try await school.get(chat + "/messages?after=2").status == .noContent)
            // The municipal coordinator reads and writes too.
            let municipal = Browser(app)
            try await municipal.signIn("municipal")
            #expect(try await municipal.get(chat).contains("Приеду в четверг"))
            #expect(try await municipal.post(chat, ["body": "Подключусь дистанционно."]).status == .seeOther)
            #expect(try await ChatMessage.query(on: app.db).count() == 3)
        }
    }

    @Test func theUnreadBadgeLeadsToTheChatOrToAListOfChatsWithNews() async throws {
        try await withMEDK { app in
            for (login, school) in [("school", Demo.gusino), ("merlino", Demo.merlino)] {
                let writer = Browser(app)
                try await writer.signIn(login)
                let id = try await Demo.school(school, app).id!
                try await writer.get("/schools/\(id)/chat")
                #expect(try await writer.post("/schools/\(id)/chat", ["body": "Вопрос по концепции"]).status == .seeOther)
            }
            // The municipal coordinator serves both schools: the badge is a link to the list of chats with news.
            let municipal = Browser(app)
            let home = try await municipal.signIn("municipal")
            #expect(home.contains("<a class=\"unread\" href=\"/chats\""))
            let list = try await municipal.get("/chats")
            #expect(list.contains(Demo.gusino) && list.contains(Demo.merlino) && list.contains(">1<"))
            // With news in one chat only, the badge opens it.
            let gusino = try await Demo.school(Demo.gusino, app)
            try await municipal.get("/schools/\(gusino.id!)/chat")
            let one = try await municipal.get("/chats")
            #expect(one.status == .seeOther && one.location?.contains("/schools/") == true)
            #expect(!(one.location?.contains(gusino.id!.uuidString) ?? true))
        }
    }

    @Test func aMessageMayPointOnlyToADocumentOfTheSameRoadmap() async throws {
        try await withMEDK { app in
            let (school, documents) = try await RoadmapTests.schoolUploads(app, [("Концепция.pdf", Sample.pdf)])
            let gusino = try await Demo.school(Demo.gusino, app)
            let chat = "/schools/\(gusino.id!)/chat"
            try await school.get(chat)
            try await school.post(chat, ["body": "Посмотрите концепцию", "document": documents[0].id!.uuidString])
            try await school.post(chat, ["body": "А это чужой", "document": UUID().uuidString])
            let messages = try await ChatMessage.query(on: app.db).sort(\.$seq).all()
            #expect(messages.map(\.$document.id) == [documents[0].id, nil])
            #expect(try await school.get(chat).contains("/documents/\(documents[0].id!)"))
        }
    }
}
