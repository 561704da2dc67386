import Fluent
import Foundation
import MEDKCore

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
        let name: String
        let mode: MailMode
    }

    /// The recipients with an address, and how each wants `kind`: three queries for any number of people.
    static func recipients(_ users: [UUID], kind: NotificationKind, on db: Database) async throws -> [UUID: Recipient] {
        guard !users.isEmpty else { return [:] }
        var result: [UUID: Recipient] = [:]
        for start in stride(from: 0, to: users.count, by: 500) {
            let batch = Array(users[start..<min(start + 500, users.count)])
            let people = try await User.query(on: db).filter(\.$id ~~ batch).filter(\.$email != "").filter(\.$isActive == true).all()
            guard !people.isEmpty else { continue }
            let ids = people.compactMap(\.id)
            let chosen = Dictionary(try await MailPreference.query(on: db).filter(\.$userID ~~ ids).filter(\.$kind == kind.rawValue).all()
                .map { ($0.userID, MailMode(rawValue: $0.mode) ?? .now) }, uniquingKeysWith: { first, _ in first })
            var roles: [UUID: Set<Role>] = [:]
            for grant in try await RoleGrant.query(on: db).filter(\.$user.$id ~~ ids).all() {
                if let role = Role(rawValue: grant.roleCode) { roles[grant.$user.id, default: []].insert(role) }
            }
            for person in people {
                let id = person.id!
                result[id] = Recipient(id: id, address: person.email, name: person.fullName,
                                       mode: chosen[id] ?? defaultMode(for: kind, roles: roles[id] ?? []))
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
