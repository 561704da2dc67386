import Fluent
import Foundation

/// Something that needs a person's attention (issue 14): what happened, who did it, when, and where to go.
/// Written in the same transaction as the event that causes it, so nothing acknowledged goes unannounced.
final class NotificationRecord: Model, @unchecked Sendable {
    static let schema = "notifications"
    @ID var id: UUID?
    @Field(key: "user_id") var userID: UUID
    /// `NotificationKind`.
    @Field(key: "kind") var kindCode: String
    /// What happened, in a sentence.
    @Field(key: "summary") var summary: String
    /// The curator's comment of a return, a chat message's text: shown whole.
    @Field(key: "detail") var detail: String
    @OptionalField(key: "actor_id") var actorID: UUID?
    @OptionalField(key: "school_id") var schoolID: UUID?
    /// The object's page.
    @Field(key: "link") var link: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "read_at") var readAt: Date?
    /// `waitsForDigest` until the person's daily letter takes it (`digested`); nil when no letter is due.
    @OptionalField(key: "mail_state") var mailState: String?
    /// A reminder's idempotency key: (kind, person, object, date).
    @OptionalField(key: "dedupe_key") var dedupeKey: String?

    static let waitsForDigest = "digest", digested = "digested"

    init() {}
    init(userID: UUID, kind: NotificationKind, summary: String, detail: String = "", actorID: UUID?, schoolID: UUID?,
         link: String, at: Date) {
        self.userID = userID
        self.kindCode = kind.rawValue
        self.summary = summary
        self.detail = detail
        self.actorID = actorID
        self.schoolID = schoolID
        self.link = link
        self.createdAt = at
    }

    var kind: NotificationKind? { NotificationKind(rawValue: kindCode) }
}

/// What notifies whom; each kind has a Russian name (`Strings.Notifications.kindTitle`).
enum NotificationKind: String, CaseIterable, Sendable {
    /// An item sent for review → the school's current curators.
    case submitted
    /// Approved, returned (with the comment) or reopened → the school's users.
    case approved, returned, reopened
    /// A chat message → the school's users, its curators and whoever wrote in that chat, but the author.
    case chatMessage = "chat_message"
    /// A curator assigned to or unassigned from a school → the school and the curator.
    case curatorAssigned = "curator_assigned", curatorUnassigned = "curator_unassigned"
    /// A control date in the cycle's reminder days (7 and 1 by default) and the step not done → the school, its curator.
    case controlDateSoon = "control_date_soon"
    /// The day after a control date passed without the step → the school, its curator, its municipal coordinator.
    case controlDateOverdue = "control_date_overdue"
    /// A submitted item waiting more than 5 working days → its curator; more than 10 → also the municipal coordinator.
    case reviewWaiting = "review_waiting"
    /// A curator late with a visit under the cycle's visit rule → the curator.
    case visitOverdue = "visit_overdue"
    /// A territory plan item due in 7 days, or overdue → the coordinators of that territory.
    case planItemDue = "plan_item_due"
}
