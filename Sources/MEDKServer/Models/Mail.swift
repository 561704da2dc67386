import Fluent
import Foundation

/// One e-mail in the transactional outbox: written in the transaction of the event that causes it, delivered
/// by `OutboxWorker` with retries. Its Message-ID is fixed when written, so a retry is the same message. A
/// notification's letter keeps only the notification: its words are made from it when sent (a national reminder
/// run writes tens of thousands at once), the same words every time.
final class OutgoingMail: Model, @unchecked Sendable {
    static let schema = "mail_outbox"
    @ID var id: UUID?
    @OptionalField(key: "user_id") var userID: UUID?
    /// The notification the letter tells of; its text and HTML are then made when it is sent.
    @OptionalField(key: "notification_id") var notificationID: UUID?
    /// A `NotificationKind`, or `digest`, `password_reset`, `test`.
    @Field(key: "kind") var kind: String
    @Field(key: "to_address") var to: String
    @Field(key: "subject") var subject: String
    @Field(key: "text_body") var textBody: String
    @Field(key: "html_body") var htmlBody: String
    /// The signed one-click link of RFC 8058; empty for messages one cannot unsubscribe from (password reset).
    @Field(key: "unsubscribe_url") var unsubscribeURL: String
    @Field(key: "message_id") var messageID: String
    /// `MailStatus`.
    @Field(key: "status") var statusCode: String
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    /// While set and in the future, one worker holds the message; a crashed worker's lease runs out.
    @OptionalField(key: "lease_until") var leaseUntil: Date?
    /// The SMTP server's answer to the last attempt: the queue id when sent, the refusal when not.
    @Field(key: "last_result") var lastResult: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?
    /// Once per key (a person's digest of a day): written again, it is not written twice.
    @OptionalField(key: "dedupe_key") var dedupeKey: String?

    init() {}
    init(userID: UUID?, kind: String, to: String, letter: Letter, messageID: String, at now: Date, dedupeKey: String? = nil) {
        self.userID = userID
        self.kind = kind
        self.to = to
        self.subject = letter.subject
        self.textBody = letter.text
        self.htmlBody = letter.html
        self.unsubscribeURL = letter.unsubscribeURL ?? ""
        self.messageID = messageID
        self.statusCode = MailStatus.pending.rawValue
        self.attempts = 0
        self.nextAttemptAt = now
        self.lastResult = ""
        self.createdAt = now
        self.dedupeKey = dedupeKey
    }

    /// A notification's letter, to be worded when sent.
    convenience init(_ notification: NotificationRecord, kind: NotificationKind, to address: String, messageID: String) {
        self.init(userID: notification.userID, kind: kind.rawValue, to: address,
                  letter: Letter(subject: Strings.Mail.subject(Strings.Notifications.kindTitle(kind)), text: "", html: "",
                                 unsubscribeURL: nil),
                  messageID: messageID, at: notification.createdAt)
        self.notificationID = notification.id
    }

    var status: MailStatus { MailStatus(rawValue: statusCode) ?? .pending }
}

enum MailStatus: String, CaseIterable, Sendable {
    case pending, sent, failed
}

/// How a person wants to hear of one kind of notification by e-mail; without a row, their role's default.
final class MailPreference: Model, @unchecked Sendable {
    static let schema = "mail_preferences"
    @ID var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "kind") var kind: String
    /// `MailMode`.
    @Field(key: "mode") var mode: String

    init() {}
    init(userID: UUID, kind: NotificationKind, mode: MailMode) {
        self.userID = userID
        self.kind = kind.rawValue
        self.mode = mode.rawValue
    }
}

enum MailMode: String, CaseIterable, Sendable {
    /// A letter for each notification, at once.
    case now
    /// One letter a day at 08:00 in the person's region, with everything since the last.
    case digest
    /// In the app only.
    case off
}

/// A background job's last run and who holds it now (`Jobs`): several app instances on one database run each
/// slot of a job once.
final class JobRun: Model, @unchecked Sendable {
    static let schema = "job_runs"
    @ID(custom: "name", generatedBy: .user) var id: String?
    /// The period the last run was for («2026-11-30» for a daily job).
    @Field(key: "slot") var slot: String
    @Field(key: "holder") var holder: String
    @OptionalField(key: "lease_until") var leaseUntil: Date?
    @OptionalField(key: "started_at") var startedAt: Date?
    @OptionalField(key: "finished_at") var finishedAt: Date?
    /// `running`, `ok` or `failed`.
    @Field(key: "outcome") var outcome: String
    @Field(key: "detail") var detail: String

    init() {}
}

/// A password-recovery link: only its hash is kept; used once, valid an hour.
final class PasswordReset: Model, @unchecked Sendable {
    static let schema = "password_resets"
    @ID var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "user_id") var userID: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}
    init(tokenHash: String, userID: UUID, at now: Date, lifetime: TimeInterval) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.createdAt = now
        self.expiresAt = now.addingTimeInterval(lifetime)
    }
}
