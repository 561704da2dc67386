import Fluent
import Foundation
import MEDKMail
import SQLKit
import Vapor

/// Delivers the outbox. Each message is claimed with a lease by one conditional UPDATE, so several workers (threads
/// or app instances) never send it at once; a worker killed mid-send leaves a lease that runs out, and the message is
/// sent again: at most one duplicate, for a message in flight at a crash. A temporary failure (the server down,
/// 4xx, a timeout) is retried with exponential backoff for `retryWindow`; a permanent 5xx answer fails it for the
/// admin to see and resend.
enum OutboxWorker {
    static let retryWindow: TimeInterval = 48 * 3600
    static let firstRetry: TimeInterval = 30
    static let longestWait: TimeInterval = 3600
    /// Connections open at once to the SMTP server; as many messages are claimed at a time, so that none waits
    /// under its lease for a connection (a long wait could outlast the lease and send it twice).
    static let parallelism = 8

    struct Outcome: Equatable, Sendable {
        var sent = 0, retrying = 0, failed = 0

        static func + (a: Outcome, b: Outcome) -> Outcome {
            Outcome(sent: a.sent + b.sent, retrying: a.retrying + b.retrying, failed: a.failed + b.failed)
        }
    }

    /// Sends everything due now, a few at a time; nothing when no SMTP server is configured.
    @discardableResult
    static func deliverDue(_ app: Application) async throws -> Outcome {
        guard let smtp = app.settings.mail.smtp else { return Outcome() }
        let client = SMTPClient(configuration: smtp)
        var outcome = Outcome()
        while true {
            let claimed = try await claim(limit: parallelism, lease: app.settings.mail.lease, on: app.db, now: app.settings.clock.now)
            if claimed.isEmpty { break }
            outcome = try await withThrowingTaskGroup(of: Outcome.self) { group in
                for message in claimed {
                    group.addTask { try await deliver(message, client: client, from: app.settings.mail.from, app: app) }
                }
                return try await group.reduce(outcome, +)
            }
        }
        return outcome
    }

    /// The backoff before attempt `attempts + 1`: 30 s, 1 min, 2 min … at most an hour.
    static func wait(afterAttempt attempts: Int) -> TimeInterval {
        min(firstRetry * pow(2, Double(min(max(attempts - 1, 0), 20))), longestWait)
    }

    /// Takes up to `limit` due messages for this worker: each by its own conditional UPDATE, so a message another
    /// worker took in between is skipped.
    static func claim(limit: Int, lease: TimeInterval, on db: Database, now: Date) async throws -> [OutgoingMail] {
        let sql = db as! SQLDatabase
        // Another worker may take every letter this one chose between its look and its claims: it looks again,
        // and stops only when nothing is due (nothing claimed is not nothing to do).
        while true {
            let due = try await OutgoingMail.query(on: db).filter(\.$statusCode == MailStatus.pending.rawValue)
                .filter(\.$nextAttemptAt <= now)
                .group(.or) { $0.filter(\.$leaseUntil == nil).filter(\.$leaseUntil < now) }
                .sort(\.$nextAttemptAt).limit(limit).all()
            guard !due.isEmpty else { return [] }
            var mine: [OutgoingMail] = []
            for message in due {
                let taken = try await sql.update(OutgoingMail.schema)
                    .set("lease_until", to: SQLBind(now.addingTimeInterval(lease)))
                    .set("attempts", to: SQLRaw("attempts + 1"))
                    .where("id", .equal, SQLBind(message.id!))
                    .where("status", .equal, SQLBind(MailStatus.pending.rawValue))
                    .where(group: { $0.where("lease_until", .is, SQLLiteral.null).orWhere("lease_until", .lessThan, SQLBind(now)) })
                    .returning("id").all()
                if !taken.isEmpty {
                    message.attempts += 1
                    mine.append(message)
                }
            }
            if !mine.isEmpty { return mine }
        }
    }

    private static func deliver(_ message: OutgoingMail, client: SMTPClient, from: EmailAddress, app: Application) async throws -> Outcome {
        let sql = app.db as! SQLDatabase
        let id = message.id!
        func record(_ status: MailStatus, result: String, next: Date? = nil, sentAt: Date? = nil) async throws {
            let update = sql.update(OutgoingMail.schema).set("status", to: SQLBind(status.rawValue))
                .set("last_result", to: SQLBind(String(result.prefix(2000)))).set("lease_until", to: SQLLiteral.null)
                .where("id", .equal, SQLBind(id))
            if let next { update.set("next_attempt_at", to: SQLBind(next)) }
            if let sentAt { update.set("sent_at", to: SQLBind(sentAt)) }
            try await update.run()
        }
        let letter: MailMessage
        do {
            let words = try await words(of: message, app: app)
            var headers: [MailHeader] = []
            if let unsubscribe = words.unsubscribeURL {
                headers = [MailHeader("List-Unsubscribe", "<\(unsubscribe)>"),
                           MailHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")]
            }
            letter = MailMessage(from: from, to: [try EmailAddress(message.to)], subject: words.subject,
                                 textBody: words.text, htmlBody: words.html.isEmpty ? nil : words.html,
                                 headers: headers, messageID: message.messageID, date: message.createdAt)
        } catch let gone as Unwritable {
            try await record(.failed, result: gone.reason)
            return Outcome(failed: 1)
        } catch {
            try await record(.failed, result: Strings.Mail.badAddress(message.to))
            return Outcome(failed: 1)
        }
        do {
            let delivery = try await client.send(letter)
            try await record(.sent, result: delivery.queuedAs, sentAt: app.settings.clock.now)
            return Outcome(sent: 1)
        } catch {
            let now = app.settings.clock.now
            let answer = (error as? SMTPError).map(\.description) ?? String(describing: error)
            if (error as? SMTPError)?.isPermanent == true || now.timeIntervalSince(message.createdAt) > retryWindow {
                app.logger.warning("mail \(id) to \(message.to) failed: \(answer)")
                try await record(.failed, result: answer)
                return Outcome(failed: 1)
            }
            try await record(.pending, result: answer, next: now.addingTimeInterval(wait(afterAttempt: message.attempts)))
            return Outcome(retrying: 1)
        }
    }

    struct Unwritable: Error { let reason: String }

    /// The letter's words: kept with it, or made from its notification now.
    private static func words(of message: OutgoingMail, app: Application) async throws -> Letter {
        guard let id = message.notificationID, message.textBody.isEmpty else {
            return Letter(subject: message.subject, text: message.textBody, html: message.htmlBody,
                          unsubscribeURL: message.unsubscribeURL.isEmpty ? nil : message.unsubscribeURL)
        }
        guard let notification = try await NotificationRecord.find(id, on: app.db), let kind = notification.kind else {
            throw Unwritable(reason: Strings.Mail.notificationGone)
        }
        return app.mailComposer.notification(notification, kind: kind, to: notification.userID)
    }

    /// How many letters are in each state: the admin's page and `medk jobs` show it.
    static func counts(on db: Database) async throws -> [MailStatus: Int] {
        var counts: [MailStatus: Int] = [:]
        for row in try await (db as! SQLDatabase).select().column("status").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(OutgoingMail.schema).groupBy("status").all() {
            if let status = MailStatus(rawValue: try row.decode(column: "status", as: String.self)) {
                counts[status] = try row.decode(column: "n", as: Int.self)
            }
        }
        return counts
    }

    /// Sends the failed messages again (all, or one): they go back to the queue, due now, with a fresh retry window.
    static func resend(_ id: UUID? = nil, at now: Date, on db: Database) async throws {
        let update = (db as! SQLDatabase).update(OutgoingMail.schema)
            .set("status", to: SQLBind(MailStatus.pending.rawValue)).set("next_attempt_at", to: SQLBind(now))
            .set("created_at", to: SQLBind(now)).set("attempts", to: SQLBind(0)).set("lease_until", to: SQLLiteral.null)
            .where("status", .equal, SQLBind(MailStatus.failed.rawValue))
        if let id { update.where("id", .equal, SQLBind(id)) }
        try await update.run()
    }
}
