import Fluent
import Foundation
import SQLKit

/// A run's reminders, written in bulk: a notification per person and key, skipped where the key exists (an earlier
/// run wrote it), with the letters of those who want them at once in the same transaction.
struct ReminderBatch: Sendable {
    struct Notice: Sendable {
        let kind: NotificationKind
        let user: UUID
        let key: String
        let summary: String
        let detail: String
        let school: UUID?
        let link: String
    }

    let at: Date
    let mail: MailComposer
    private(set) var notices: [Notice] = []
    /// Rows per statement: both databases cap a statement's parameters (SQLite at 32,766), a letter row has 15.
    static let chunk = 500

    init(at: Date, mail: MailComposer) {
        self.at = at
        self.mail = mail
    }

    /// One notice to each of `users` (each once): its key is the kind, the person and `object`.
    mutating func add(_ kind: NotificationKind, to users: [UUID], key object: String, summary: String, detail: String,
                      school: UUID?, link: String) {
        for user in Set(users) {
            notices.append(Notice(kind: kind, user: user, key: "\(kind.rawValue):\(user.uuidString):\(object)",
                                  summary: summary, detail: detail, school: school, link: link))
        }
    }

    /// Writes what is new; returns how many notifications that was.
    func write(on db: Database) async throws -> Int {
        var written = 0
        for kind in NotificationKind.allCases {
            let ofKind = notices.filter { $0.kind == kind }
            guard !ofKind.isEmpty else { continue }
            let recipients = try await MailPreferences.recipients(Array(Set(ofKind.map(\.user))), kind: kind, on: db)
            for start in stride(from: 0, to: ofKind.count, by: Self.chunk) {
                let slice = Array(ofKind[start..<min(start + Self.chunk, ofKind.count)])
                written += try await db.transaction { db in
                    try await write(slice, kind: kind, recipients: recipients, on: db as! SQLDatabase)
                }
            }
        }
        return written
    }

    private func write(_ slice: [Notice], kind: NotificationKind, recipients: [UUID: MailPreferences.Recipient],
                       on sql: SQLDatabase) async throws -> Int {
        var byID: [UUID: Notice] = [:]
        let rows: [[any SQLExpression]] = slice.map { notice in
            let id = UUID()
            byID[id] = notice
            let state = recipients[notice.user]?.mode == .digest ? NotificationRecord.waitsForDigest : nil
            return [SQLBind(id), SQLBind(notice.user), SQLBind(kind.rawValue), SQLBind(notice.summary), SQLBind(notice.detail),
                    SQLBind(notice.school), SQLBind(notice.link), SQLBind(at), SQLBind(state), SQLBind(notice.key)]
        }
        let inserted = try await sql.insert(into: NotificationRecord.schema)
            .columns("id", "user_id", "kind", "summary", "detail", "school_id", "link", "created_at", "mail_state", "dedupe_key")
            .rows(rows).ignoringConflicts(with: ["dedupe_key"]).returning("id").all()
            .map { try $0.decode(column: "id", as: UUID.self) }
        var letters: [[any SQLExpression]] = []
        let subject = Strings.Mail.subject(Strings.Notifications.kindTitle(kind))
        for id in inserted {
            guard let notice = byID[id], let recipient = recipients[notice.user], recipient.mode == .now else { continue }
            letters.append([SQLBind(UUID()), SQLBind(notice.user), SQLBind(id), SQLBind(kind.rawValue), SQLBind(recipient.address),
                            SQLBind(subject), SQLBind(""), SQLBind(""), SQLBind(""), SQLBind(mail.messageID()),
                            SQLBind(MailStatus.pending.rawValue), SQLBind(0), SQLBind(at), SQLBind(""), SQLBind(at)])
        }
        if !letters.isEmpty {
            try await sql.insert(into: OutgoingMail.schema)
                .columns("id", "user_id", "notification_id", "kind", "to_address", "subject", "text_body", "html_body", "unsubscribe_url",
                         "message_id", "status", "attempts", "next_attempt_at", "last_result", "created_at")
                .rows(letters).run()
        }
        return inserted.count
    }
}
