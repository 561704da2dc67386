import Fluent
import Foundation
import MEDKCore
import SQLKit
import Vapor

/// The daily letter of those who chose «раз в день»: at 08:00 in the person's region (Moscow for the federal level),
/// everything that waited for it, in one letter. Written once per person and day (its outbox key), so a second run,
/// or a second instance, writes nothing.
enum Digests {
    static let hour = 8

    static let job = Jobs.Job(name: "digests", slot: Jobs.hourly, lease: 600) { app, now in
        let count = try await write(at: now, on: app.db, mail: app.mailComposer)
        return Strings.Mail.digestsWritten(count)
    }

    /// Writes the digests due at `now`; returns how many.
    static func write(at now: Date, on db: Database, mail: MailComposer) async throws -> Int {
        let waiting = try await NotificationRecord.query(on: db).filter(\.$mailState == NotificationRecord.waitsForDigest)
            .filter(\.$createdAt <= now).unique().all(\.$userID)
        guard !waiting.isEmpty else { return 0 }
        let zones = try await zones(of: waiting, on: db)
        var written = 0
        for user in waiting {
            let zone = zones[user] ?? InclusionFacts.defaultZone
            let day = CalendarDate(now, in: zone)
            guard now >= day.at(hour: hour, in: zone) else { continue }
            if try await writeOne(for: user, day: day, at: now, on: db, mail: mail) { written += 1 }
        }
        return written
    }

    private static func writeOne(for user: UUID, day: CalendarDate, at now: Date, on db: Database, mail: MailComposer) async throws -> Bool {
        let key = "digest:\(user.uuidString):\(day.iso)"
        return try await db.writeTransaction { db in
            guard try await OutgoingMail.query(on: db).filter(\.$dedupeKey == key).count() == 0,
                  let person = try await User.find(user, on: db) else { return false }
            let items = try await NotificationRecord.query(on: db).filter(\.$userID == user)
                .filter(\.$mailState == NotificationRecord.waitsForDigest).filter(\.$createdAt <= now)
                .sort(\.$createdAt).all()
            let kinds = items.compactMap { item in item.kind.map { (kind: $0, record: item) } }
            guard !kinds.isEmpty else { return false }
            try await (db as! SQLDatabase).update(NotificationRecord.schema)
                .set("mail_state", to: SQLBind(NotificationRecord.digested))
                .where("id", .in, items.compactMap(\.id)).run()
            guard !person.email.isEmpty, person.isActive else { return true }
            try await OutgoingMail(userID: user, kind: "digest", to: person.email, letter: mail.digest(kinds, to: user),
                                   messageID: mail.messageID(), at: now, dedupeKey: key).create(on: db)
            return true
        }
    }

    /// Each person's zone: their region's, from the first grant that has one.
    private static func zones(of users: [UUID], on db: Database) async throws -> [UUID: TimeZone] {
        let grants = try await RoleGrant.query(on: db).filter(\.$user.$id ~~ users).filter(\.$region.$id != nil).all()
        let regions = Dictionary(uniqueKeysWithValues: try await Region.query(on: db)
            .filter(\.$id ~~ Array(Set(grants.compactMap { $0.$region.id }))).all().map { ($0.id!, $0.zone) })
        var zones: [UUID: TimeZone] = [:]
        for grant in grants where zones[grant.$user.id] == nil {
            if let region = grant.$region.id, let zone = regions[region] { zones[grant.$user.id] = zone }
        }
        return zones
    }
}
