import Fluent
import Foundation
import MEDKCore

/// Who hears of what, decided in the transaction that writes the event itself (a review move, a chat message, a
/// curator's assignment): the notification commits with the event or not at all. Registered as model middleware,
/// so every path that writes those rows notifies, whichever controller it comes from.
enum Notifier {
    /// Set while the demo writes a year of history: nobody is told of what happened before they arrived.
    @TaskLocal static var muted = false

    /// The zone whose day a notification is dated by: the rollup's (Moscow).
    static var zone: TimeZone { InclusionFacts.defaultZone }

    /// A review move: sent for review → the school's current curators; approved, returned, reopened → the school.
    static func reviewed(_ event: ReviewEvent, mail: MailComposer, on db: Database) async throws {
        guard !muted, let kind = kind(of: event),
              let participation = try await participation(event.$participation.id, on: db) else { return }
        let school = participation.school
        let recipients = kind == .submitted
            ? try await curators(of: participation.requireID(), on: CalendarDate(event.at, in: zone), db: db)
            : try await schoolUsers(school.requireID(), db: db)
        let noun = Strings.Roadmap.Noun(itemType: event.itemType)
        let reviewKind = ReviewEventKind(rawValue: event.kind) ?? .submitted
        try await write(kind, to: recipients, except: event.actorID,
                        summary: Strings.Notifications.reviewed(school: school.shortName, title: event.itemTitle,
                                                                 what: Strings.Roadmap.eventTitle(reviewKind, of: noun)),
                        detail: event.comment, actor: event.actorID, school: school.id,
                        link: RoadmapViews.itemURL(of: event, schoolID: school.id), at: event.at, mail: mail, on: db)
    }

    /// A chat message → the school, its curators and everyone who has written there, except its author.
    static func posted(_ message: ChatMessage, mail: MailComposer, on db: Database) async throws {
        guard !muted, let participation = try await participation(message.$participation.id, on: db) else { return }
        let school = participation.school
        let writers = try await ChatMessage.query(on: db).filter(\.$participation.$id == message.$participation.id)
            .unique().all(\.$author.$id)
        let recipients = try await schoolUsers(school.requireID(), db: db)
            + curators(of: participation.requireID(), on: CalendarDate(message.createdAt, in: zone), db: db) + writers
        try await write(.chatMessage, to: recipients, except: message.$author.id,
                        summary: Strings.Notifications.chatMessage(school: school.shortName), detail: message.body,
                        actor: message.$author.id, school: school.id,
                        link: SiteURL.chat(.value(school.requireID())).path + "#m\(message.seq)", at: message.createdAt, mail: mail, on: db)
    }

    /// A curator assigned (a new assignment) or unassigned (its end set) → the school and the curator.
    static func assignment(_ assignment: CuratorAssignment, ended: Bool, by actor: UUID?, at now: Date, mail: MailComposer,
                           on db: Database) async throws {
        guard !muted, let participation = try await participation(assignment.$participation.id, on: db),
              let curator = try await User.find(assignment.$curator.id, on: db) else { return }
        let school = participation.school
        let kind: NotificationKind = ended ? .curatorUnassigned : .curatorAssigned
        try await write(kind, to: try await schoolUsers(school.requireID(), db: db) + [assignment.$curator.id], except: actor,
                        summary: Strings.Notifications.assignment(curator: curator.fullName, school: school.shortName, ended: ended),
                        detail: "", actor: actor, school: school.id, link: SiteURL.school(.value(school.requireID())).path,
                        at: now, mail: mail, on: db)
    }

    /// A practice's move: sent → the coordinators of its region, who publish; published, returned, taken off the
    /// catalogue → the school's accounts and whoever wrote it (a curator).
    static func practiceMoved(_ event: PracticeEvent, mail: MailComposer, on db: Database) async throws {
        guard !muted, let move = ReviewMove(rawValue: event.kind), let practice = try await Practice.find(event.practiceID, on: db),
              let school = try await School.find(practice.schoolID, on: db) else { return }
        let kind: NotificationKind
        let recipients: [UUID]
        switch move {
        case .submit:
            kind = .submitted
            recipients = try await RoleGrant.query(on: db).filter(\.$roleCode == Role.regional.rawValue)
                .filter(\.$region.$id == practice.regionID).all().map(\.$user.id)
        case .approve: (kind, recipients) = (.approved, try await schoolUsers(practice.schoolID, db: db) + [practice.createdBy])
        case .return: (kind, recipients) = (.returned, try await schoolUsers(practice.schoolID, db: db) + [practice.createdBy])
        case .reopen: (kind, recipients) = (.reopened, try await schoolUsers(practice.schoolID, db: db) + [practice.createdBy])
        default: return
        }
        try await write(kind, to: recipients, except: event.actorID,
                        summary: Strings.Practices.notification(move, title: practice.title, school: school.shortName),
                        detail: event.comment, actor: event.actorID, school: school.id,
                        link: SiteURL.practice(.value(event.practiceID)).path, at: event.at, mail: mail, on: db)
    }

    private static func kind(of event: ReviewEvent) -> NotificationKind? {
        switch ReviewEventKind(rawValue: event.kind) {
        case .submitted: .submitted
        case .approved: .approved
        case .returned: .returned
        case .reopened: .reopened
        default: nil
        }
    }

    /// The participation an event belongs to, with its school (named in the summary, linked to).
    private static func participation(_ id: UUID, on db: Database) async throws -> Participation? {
        try await Participation.query(on: db).filter(\.$id == id).with(\.$school).first()
    }

    /// The accounts of the school itself.
    private static func schoolUsers(_ school: UUID, db: Database) async throws -> [UUID] {
        try await RoleGrant.query(on: db).filter(\.$roleCode == Role.school.rawValue).filter(\.$school.$id == school)
            .all(\.$user.$id)
    }

    /// The curators assigned to the participation on `day`.
    private static func curators(of participation: UUID, on day: CalendarDate, db: Database) async throws -> [UUID] {
        try await CuratorAssignment.query(on: db).filter(\.$participation.$id == participation).all()
            .filter { $0.isActive(on: day) }.map(\.$curator.id)
    }

    /// Writes the notifications and, for those who want it at once, their letters: in the caller's transaction.
    static func write(_ kind: NotificationKind, to recipients: [UUID], except author: UUID?, summary: String,
                      detail: String, actor: UUID?, school: UUID?, link: String, at: Date, mail: MailComposer,
                      on db: Database) async throws {
        var seen = Set<UUID>()
        let users = recipients.filter { $0 != author && seen.insert($0).inserted }
        guard !users.isEmpty else { return }
        let addresses = try await MailPreferences.recipients(users, kind: kind, on: db)
        for user in users {
            let record = NotificationRecord(userID: user, kind: kind, summary: summary, detail: detail, actorID: actor,
                                            schoolID: school, link: link, at: at)
            let recipient = addresses[user]
            if recipient?.mode == .digest { record.mailState = NotificationRecord.waitsForDigest }
            try await record.create(on: db)
            if let recipient, recipient.mode == .now {
                try await OutgoingMail(record, kind: kind, to: recipient.address, messageID: mail.messageID()).create(on: db)
            }
        }
    }
}

/// Runs `Notifier` for the rows whose writing is an event someone must hear of.
struct NotifyingMiddleware<M: Model>: AsyncModelMiddleware {
    let created: @Sendable (M, Database) async throws -> Void

    func create(model: M, on db: Database, next: AnyAsyncModelResponder) async throws {
        try await next.create(model, on: db)
        try await created(model, db)
    }
}

extension Notifier {
    static func registerMiddleware(on databases: Databases, mail: MailComposer) {
        databases.middleware.use(NotifyingMiddleware<ReviewEvent> { try await reviewed($0, mail: mail, on: $1) })
        databases.middleware.use(NotifyingMiddleware<ChatMessage> { try await posted($0, mail: mail, on: $1) })
        databases.middleware.use(NotifyingMiddleware<PracticeEvent> { try await practiceMoved($0, mail: mail, on: $1) })
    }
}
