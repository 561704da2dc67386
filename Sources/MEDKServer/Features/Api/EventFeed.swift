import Fluent
import Foundation
import MEDKCore
import SQLKit

/// The feed of review and chat events a regional system mirrors (`GET /api/v1/events`). Rows come from
/// `feed_events` (see `M035_EventFeed` for why the order is (`txid`, `seq`) and why only finished transactions are
/// read); each is checked against the same `Policy` as the pages before it is given out.
enum EventFeed {
    struct Cursor: Equatable, Sendable {
        var txid: Int64 = 0
        var seq: Int64 = 0

        static let start = Cursor()

        var text: String { "\(txid)-\(seq)" }

        /// Only what `text` writes: two non-negative numbers joined by a hyphen.
        init?(_ text: String) {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard text.count <= 41, parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
                  let txid = Int64(parts[0]), let seq = Int64(parts[1]) else { return nil }
            (self.txid, self.seq) = (txid, seq)
        }

        init(txid: Int64 = 0, seq: Int64 = 0) { (self.txid, self.seq) = (txid, seq) }
    }

    struct Event: Sendable {
        let cursor: Cursor
        let kind: String
        let at: Date
        let place: Place
        let participationID: UUID
        let actorRole: String
        // A review move.
        var itemType: String?
        var itemID: UUID?
        var itemTitle: String?
        var version: Int?
        var move: String?
        var fromState: String?
        var toState: String?
        var comment: String?
        // A chat message.
        var message: String?
    }

    struct Page: Sendable {
        let events: [Event]
        /// Where the next call starts: past every row read, even rows this reader may not see.
        let next: Cursor
    }

    static func page(after cursor: Cursor, limit: Int, for principal: Principal, on db: Database) async throws -> Page {
        guard let sql = db as? SQLDatabase else { throw MigrationNeedsSQL() }
        let actor = principal.actor
        var scope: SQLQueryString = ""
        switch actor.role {
        case .admin, .federal: break
        case .regional: scope = " AND f.region_id = \(bind: actor.scope.regionID ?? UUID())"
        case .municipal: scope = " AND f.municipality_id = \(bind: actor.scope.municipalityID ?? UUID())"
        case .school: scope = " AND f.school_id = \(bind: actor.scope.schoolID ?? UUID())"
        case .curator, .expert:
            let schools = Array(actor.assignedSchools)
            guard !schools.isEmpty else { return Page(events: [], next: cursor) }
            scope = " AND f.school_id IN (\(binds: schools))"
            if actor.role == .expert { scope = scope + " AND f.kind = 'review'" }
        }
        // On PostgreSQL only rows of transactions older than every running one (see M035_EventFeed).
        let settled: SQLQueryString = sql.dialect.name == "sqlite" ? ""
            : " AND f.txid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
        let query: SQLQueryString = """
            SELECT f.seq, f.txid, f.kind, f.school_id, f.municipality_id, f.region_id, f.participation_id,
                   r.at AS review_at, r.item_type, r.item_id, r.item_title, r.version, r.kind AS move, r.from_state,
                   r.to_state, r.actor_role, r.comment, c.created_at AS chat_at, c.author_role, c.body
            FROM feed_events f
            LEFT JOIN review_events r ON f.kind = 'review' AND r.id = f.source_id
            LEFT JOIN chat_messages c ON f.kind = 'chat' AND c.id = f.source_id
            WHERE (f.txid > \(bind: cursor.txid) OR (f.txid = \(bind: cursor.txid) AND f.seq > \(bind: cursor.seq)))
            """ + settled + scope + " ORDER BY f.txid, f.seq LIMIT \(bind: limit)"
        let rows = try await sql.raw(query).all()
        var events: [Event] = [], next = cursor
        for row in rows {
            let position = Cursor(txid: try row.decode(column: "txid", as: Int64.self), seq: try row.decode(column: "seq", as: Int64.self))
            next = position
            let place = Place(region: try row.decode(column: "region_id", as: UUID.self),
                              municipality: try row.decode(column: "municipality_id", as: UUID.self),
                              school: try row.decode(column: "school_id", as: UUID.self))
            let kind = try row.decode(column: "kind", as: String.self)
            guard principal.can(kind == "chat" ? .readChat : .viewSchool, place) else { continue }
            let participation = try row.decode(column: "participation_id", as: UUID.self)
            if kind == "chat" {
                guard let at = try row.decodeNil(column: "chat_at") ? nil : row.decode(column: "chat_at", as: Date.self) else { continue }
                var event = Event(cursor: position, kind: kind, at: at, place: place, participationID: participation,
                                  actorRole: try row.decode(column: "author_role", as: String.self))
                event.message = try row.decode(column: "body", as: String.self)
                events.append(event)
            } else {
                guard let at = try row.decodeNil(column: "review_at") ? nil : row.decode(column: "review_at", as: Date.self) else { continue }
                var event = Event(cursor: position, kind: kind, at: at, place: place, participationID: participation,
                                  actorRole: try row.decode(column: "actor_role", as: String.self))
                event.itemType = try row.decode(column: "item_type", as: String.self)
                event.itemID = try row.decode(column: "item_id", as: UUID.self)
                event.itemTitle = try row.decode(column: "item_title", as: String.self)
                event.version = try row.decode(column: "version", as: Int.self)
                event.move = try row.decode(column: "move", as: String.self)
                event.fromState = try row.decode(column: "from_state", as: String?.self)
                event.toState = try row.decode(column: "to_state", as: String.self)
                event.comment = try row.decode(column: "comment", as: String.self)
                events.append(event)
            }
        }
        return Page(events: events, next: next)
    }
}
