import Fluent
import MEDKCore
import Plot
import Vapor

/// The consultation chat of a school's roadmap: the school, its curators and the coordinators above.
struct ChatController {
    /// Where the unread badge leads: straight to the one chat with news, or a list of those with counts.
    func unread(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let counts = try await ChatQueries.unreadByChat(principal, cycle: try await req.currentCycle(), on: req.db)
        let participations = try await Participation.query(on: req.db).filter(\.$id ~~ Array(counts.keys))
            .with(\.$school).all()
        if participations.count == 1, let school = participations.first?.school {
            return req.redirect(to: SiteURL.chat(.value(school.id!)).path)
        }
        let rows = participations.map { (school: $0.school, unread: counts[$0.id!] ?? 0) }
            .sorted { ($0.unread, $1.school.shortName) > ($1.unread, $0.school.shortName) }
        return ChatViews.unread(PageContext(req), rows)
    }

    func page(_ req: Request) async throws -> Response {
        let (principal, roadmap) = try await context(req)
        let messages = try await ChatQueries.messages(of: roadmap.participationID, on: req.db)
        try await ChatQueries.markRead(roadmap.participationID, upTo: messages.last?.seq ?? 0, by: principal.userID, on: req.db)
        let documents = try await DocumentQueries.documents(of: roadmap.participationID, on: req.db)
        return ChatViews.page(PageContext(req), roadmap: roadmap, messages: messages, documents: documents,
                              canWrite: principal.can(.chat, in: roadmap), error: nil, draft: "")
    }

    struct MessageForm: Content {
        var body: String?
        var document: String?
    }

    func post(_ req: Request) async throws -> Response {
        let (principal, roadmap) = try await context(req)
        try principal.authorize(.chat, in: roadmap)
        let form = try req.content.decode(MessageForm.self)
        let body = form.body.trimmed
        var error: String?
        if body.isEmpty { error = Strings.Chat.emptyMessage }
        else if body.count > ChatQueries.maxLength { error = Strings.Chat.tooLong(ChatQueries.maxLength) }
        var documentID = form.document.uuid
        if let id = documentID {
            // A message may point only to a document of the same roadmap.
            let document = try await Document.find(id, on: req.db)
            if document?.$participation.id != roadmap.participationID { documentID = nil }
        }
        if let error {
            let messages = try await ChatQueries.messages(of: roadmap.participationID, on: req.db)
            let documents = try await DocumentQueries.documents(of: roadmap.participationID, on: req.db)
            return ChatViews.page(PageContext(req), roadmap: roadmap, messages: messages, documents: documents,
                                  canWrite: true, error: error, draft: form.body ?? "", status: .unprocessableEntity)
        }
        let message = try await ChatQueries.post(body, documentID: documentID, in: roadmap.participationID,
                                                 by: principal.actor, at: req.now, on: req.db)
        try await ChatQueries.markRead(roadmap.participationID, upTo: message.seq, by: principal.userID, on: req.db)
        return req.redirect(to: SiteURL.chat(.value(roadmap.school.id!)).path + "#m\(message.seq)")
    }

    /// New messages after `after`, as list items for the page's script (or nothing: 204).
    func poll(_ req: Request) async throws -> Response {
        let (principal, roadmap) = try await context(req)
        let after = Int64((try? req.query.get(Int.self, at: "after")) ?? 0)
        let messages = try await ChatQueries.messages(of: roadmap.participationID, after: after, on: req.db)
        guard let last = messages.last else { return Response(status: .noContent) }
        try await ChatQueries.markRead(roadmap.participationID, upTo: last.seq, by: principal.userID, on: req.db)
        let response = Response(status: .ok, body: .init(string: messages.map { ChatViews.item($0).render() }.joined()))
        response.headers.contentType = .html
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    private func context(_ req: Request) async throws -> (Principal, RoadmapContext) {
        guard let schoolID = req.parameters.get("schoolID", as: UUID.self),
              let roadmap = try await DocumentQueries.currentRoadmap(of: schoolID, today: req.today, on: req.db) else { throw Abort(.notFound) }
        return (try req.authorize(.readChat, roadmap.place), roadmap)
    }
}

enum ChatViews {
    static func unread(_ context: PageContext, _ rows: [(school: School, unread: Int)]) -> Response {
        Layout.render(
            context, title: Strings.Chat.unreadTitle, crumbs: [Crumb(Strings.Home.title, .home), Crumb(Strings.Chat.unreadTitle)],
            Components.table(
                [Strings.Roadmap.school, Strings.Chat.unreadColumn],
                rows.map { row in
                    [Components.cell(link: row.school.fullName, SiteURL.chat(.value(row.school.id!)).path),
                     Components.number(row.unread)]
                }, empty: Strings.Chat.noUnread))
    }

    static func page(_ context: PageContext, roadmap: RoadmapContext, messages: [ChatMessage], documents: [Document],
                     canWrite: Bool, error: String?, draft: String, status: HTTPStatus = .ok) -> Response {
        let school = roadmap.school
        return Layout.render(
            context, title: Strings.Chat.title,
            crumbs: [Crumb(school.shortName, .school(.value(school.id!))), Crumb(Strings.Chat.title)],
            status: status,
            .ol(.class("chat"), .id("chat"), .attribute(named: "aria-live", value: "polite"),
                .attribute(named: "data-poll", value: SiteURL.chatMessages(.value(school.id!)).path),
                .attribute(named: "data-after", value: "\(messages.last?.seq ?? 0)"),
                .forEach(messages) { item($0) }),
            .if(messages.isEmpty, .p(.class("empty"), .id("chat-empty"), .text(Strings.Chat.empty))),
            .unwrap(error) { .p(.class("error-summary"), .attribute(named: "role", value: "alert"), .text($0)) },
            .if(canWrite, .form(
                .class("chat-form"), .method(.post), .action(SiteURL.chat(.value(school.id!)).path),
                Components.csrfField(context.csrf),
                .label(.for("chat-body"), .text(Strings.Chat.message)),
                .textarea(.id("chat-body"), .name("body"), .attribute(named: "rows", value: "3"),
                          .attribute(named: "maxlength", value: "\(ChatQueries.maxLength)"),
                          .attribute(named: "required", value: "required"), .text(draft)),
                .if(!documents.isEmpty, Components.select(
                    Strings.Chat.aboutDocument, name: "document",
                    options: [("", Strings.Common.none)] + documents.map { ($0.id!.uuidString, $0.title) }, selected: "")),
                Components.submit(Strings.Chat.send)))
        )
    }

    static func item(_ message: ChatMessage) -> Node<HTML.ListContext> {
        .li(
            .id("m\(message.seq)"), .class("message role-\(message.authorRole)"),
            .div(.class("meta"),
                 .strong(.text(message.author.fullName)),
                 .text(" · \(Role(rawValue: message.authorRole)?.title ?? "") · \(Formats.moment(message.createdAt))")),
            .div(.class("body"), .group(message.body.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
                .group(.if(index > 0, .br()), .text(String(line)))
            })),
            .unwrap(message.document) { document in
                .div(.class("ref"), .text("\(Strings.Chat.document): "),
                     .a(.href(SiteURL.document(.value(document.id!)).path), .text(document.title)))
            }
        )
    }
}
