import Fluent
import Foundation
import MEDKCore
import SQLKit

/// Who gets which notification by e-mail, and how: the person's own choice, else their role's default.
enum MailPreferences {
    /// Schools and curators hear of their own work at once; coordinators read one letter a day.
    static func defaultMode(for kind: NotificationKind, roles: Set<Role>) -> MailMode {
        guard !roles.isDisjoint(with: [.school, .curator]) else { return .digest }
        switch kind {
        case .chatMessage, .planItemDue: return .digest
        default: return .now
        }
    }

    struct Recipient: Sendable {
        let id: UUID
        let address: String
        let mode: MailMode
    }

    /// The recipients with an address, and how each wants `kind`: three queries per 500 people, with SQL and only the
    /// columns needed (a national reminder run asks for tens of thousands).
    static func recipients(_ users: [UUID], kind: NotificationKind, on db: Database) async throws -> [UUID: Recipient] {
        guard !users.isEmpty else { return [:] }
        let sql = db as! SQLDatabase
        var result: [UUID: Recipient] = [:]
        for start in stride(from: 0, to: users.count, by: 500) {
            let batch = Array(users[start..<min(start + 500, users.count)])
            var people: [(id: UUID, address: String)] = []
            for row in try await sql.select().columns("id", "email").from(User.schema).where("id", .in, batch)
                .where("email", .notEqual, SQLBind("")).where("is_active", .equal, SQLBind(true)).all() {
                people.append((try row.decode(column: "id", as: UUID.self), try row.decode(column: "email", as: String.self)))
            }
            guard !people.isEmpty else { continue }
            let ids = people.map(\.id)
            var chosen: [UUID: MailMode] = [:]
            for row in try await sql.select().columns("user_id", "mode").from(MailPreference.schema).where("user_id", .in, ids)
                .where("kind", .equal, SQLBind(kind.rawValue)).all() {
                chosen[try row.decode(column: "user_id", as: UUID.self)] = MailMode(rawValue: try row.decode(column: "mode", as: String.self)) ?? .now
            }
            var roles: [UUID: Set<Role>] = [:]
            for row in try await sql.select().columns("user_id", "role").from(RoleGrant.schema).where("user_id", .in, ids).all() {
                if let role = Role(rawValue: try row.decode(column: "role", as: String.self)) {
                    roles[try row.decode(column: "user_id", as: UUID.self), default: []].insert(role)
                }
            }
            for person in people {
                result[person.id] = Recipient(id: person.id, address: person.address,
                                              mode: chosen[person.id] ?? defaultMode(for: kind, roles: roles[person.id] ?? []))
            }
        }
        return result
    }

    /// Every kind with the person's mode for it, in the order the account page lists them.
    static func modes(of user: User, on db: Database) async throws -> [(NotificationKind, MailMode)] {
        let chosen = Dictionary(try await MailPreference.query(on: db).filter(\.$userID == user.requireID()).all()
            .map { ($0.kind, MailMode(rawValue: $0.mode) ?? .now) }, uniquingKeysWith: { first, _ in first })
        let roles = Set(try await RoleGrant.query(on: db).filter(\.$user.$id == user.requireID()).all().compactMap { Role(rawValue: $0.roleCode) })
        return NotificationKind.allCases.map { ($0, chosen[$0.rawValue] ?? defaultMode(for: $0, roles: roles)) }
    }

    /// Sets one kind's mode; the unique index keeps one row per person and kind even when two requests race.
    static func set(_ mode: MailMode, for kind: NotificationKind, user: UUID, on db: Database) async throws {
        try await MailPreference.query(on: db).filter(\.$userID == user).filter(\.$kind == kind.rawValue).delete()
        try await MailPreference(userID: user, kind: kind, mode: mode).create(on: db)
    }
}
