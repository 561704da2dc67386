import Foundation
import Fluent
import MEDKCore
import SQLKit

enum ChatQueries {
    static let maxLength = 4000

    /// Messages of a participation after `seq`, oldest first, with authors and documents loaded.
    static func messages(of participation: UUID, after seq: Int64 = 0, limit: Int = 200, on db: Database) async throws -> [ChatMessage] {
        let newest = try await ChatMessage.query(on: db).filter(\.$participation.$id == participation)
            .filter(\.$seq > seq).sort(\.$seq, .descending).limit(limit)
            .with(\.$author).with(\.$document).all()
        return newest.reversed()
    }

    /// Posts a message; its number is the next in the participation (retried if two arrive at once).
    static func post(_ body: String, documentID: UUID?, in participation: UUID, by actor: Actor, at now: Date,
                     on db: Database) async throws -> ChatMessage {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await db.writeTransaction { db in
                    let last = try await ChatMessage.query(on: db).filter(\.$participation.$id == participation)
                        .max(\.$seq) ?? 0
                    let message = ChatMessage()
                    message.$participation.id = participation
                    message.$author.id = actor.userID
                    message.authorRole = actor.role.rawValue
                    message.body = body
                    message.$document.id = documentID
                    message.seq = last + 1
                    message.createdAt = now
                    try await message.create(on: db)
                    return message
                }
            } catch let error as DatabaseError where error.isConstraintFailure && attempt < 5 {
                continue
            }
        }
    }

    /// Remembers that the user has read the participation's chat up to `seq`.
    static func markRead(_ participation: UUID, upTo seq: Int64, by user: UUID, on db: Database) async throws {
        guard seq > 0 else { return }
        if let read = try await ChatRead.query(on: db).filter(\.$participationID == participation)
            .filter(\.$userID == user).first() {
            guard read.lastSeq < seq else { return }
            read.lastSeq = seq
            try await read.save(on: db)
        } else {
            do {
                try await ChatRead(participationID: participation, userID: user, lastSeq: seq).create(on: db)
            } catch let error as DatabaseError where error.isConstraintFailure {
                // Read in another tab at the same moment: that marker is as good.
            }
        }
    }

    /// Messages by others that the user has not read, in the given participations.
    static func unread(in participations: [UUID], for user: UUID, on db: Database) async throws -> Int {
        guard !participations.isEmpty else { return 0 }
        return try await unread(inSet: SQLGroupExpression(SQLList(participations.map { SQLBind($0) })), for: user, on: db)
    }

    /// The unread count in the navigation, on every page a signed-in person opens: one query, the principal's
    /// chats selected inside it.
    static func unreadForNavigation(_ principal: Principal, cycle: Cycle?, on db: Database) async throws -> Int {
        guard let cycleID = cycle?.id, let chats = participations(of: principal, cycle: cycleID) else { return 0 }
        return try await unread(inSet: chats, for: principal.userID, on: db)
    }

    /// Each of the principal's chats with messages unread, and how many.
    static func unreadByChat(_ principal: Principal, cycle: Cycle?, on db: Database) async throws -> [UUID: Int] {
        guard let cycleID = cycle?.id, let chats = participations(of: principal, cycle: cycleID),
              let sql = db as? SQLDatabase else { return [:] }
        var counts: [UUID: Int] = [:]
        for row in try await unreadQuery(chats, for: principal.userID, on: sql)
            .column(SQLColumn("participation_id", table: "m")).groupBy(SQLColumn("participation_id", table: "m")).all() {
            counts[try row.decode(column: "participation_id", as: UUID.self)] = try row.decode(column: "unread", as: Int.self)
        }
        return counts
    }

    private static func unread(inSet participations: any SQLExpression, for user: UUID, on db: Database) async throws -> Int {
        guard let sql = db as? SQLDatabase else { return 0 }
        let row = try await unreadQuery(participations, for: user, on: sql).first()
        return try row?.decode(column: "unread", as: Int.self) ?? 0
    }

    private static func unreadQuery(_ participations: any SQLExpression, for user: UUID, on sql: SQLDatabase) -> SQLSelectBuilder {
        sql.select()
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "unread")
            .from(SQLAlias(SQLIdentifier(ChatMessage.schema), as: SQLIdentifier("m")))
            .join(SQLAlias(SQLIdentifier(ChatRead.schema), as: SQLIdentifier("r")), method: SQLJoinMethod.left,
                  on: SQLBinaryExpression(
                      SQLBinaryExpression(SQLColumn("participation_id", table: "r"), .equal, SQLColumn("participation_id", table: "m")),
                      .and,
                      SQLBinaryExpression(SQLColumn("user_id", table: "r"), .equal, SQLBind(user))))
            .where(SQLColumn("participation_id", table: "m"), .in, participations)
            .where(SQLColumn("author_id", table: "m"), .notEqual, SQLBind(user))
            .where(SQLGroupExpression(SQLBinaryExpression(
                SQLBinaryExpression(SQLColumn("last_seq", table: "r"), .is, SQLLiteral.null), .or,
                SQLBinaryExpression(SQLColumn("seq", table: "m"), .greaterThan, SQLColumn("last_seq", table: "r")))))
    }

    /// The current participations whose chat the principal takes part in, as a subquery: the school's own,
    /// a curator's schools, a municipal coordinator's schools; nil for everyone else.
    static func participations(of principal: Principal, cycle: UUID) -> (any SQLExpression)? {
        let id = SQLColumn("id", table: "p"), cycleMatches = SQLBinaryExpression(SQLColumn("cycle_id", table: "p"), .equal, SQLBind(cycle))
        let participations = SQLAlias(SQLIdentifier(Participation.schema), as: SQLIdentifier("p"))
        switch principal.role {
        case .school:
            guard let school = principal.actor.scope.schoolID else { return nil }
            return SQLSubquery.select { $0.column(id).from(participations).where(cycleMatches)
                .where(SQLColumn("school_id", table: "p"), .equal, SQLBind(school)) }
        case .curator:
            guard !principal.actor.assignedSchools.isEmpty else { return nil }
            return SQLSubquery.select { $0.column(id).from(participations).where(cycleMatches)
                .where(SQLColumn("school_id", table: "p"), .in, SQLGroupExpression(SQLList(principal.actor.assignedSchools.map { SQLBind($0) }))) }
        case .municipal:
            guard let municipality = principal.actor.scope.municipalityID else { return nil }
            return SQLSubquery.select { $0.column(id).from(participations)
                .join(SQLAlias(SQLIdentifier(School.schema), as: SQLIdentifier("s")),
                      on: SQLColumn("school_id", table: "p"), .equal, SQLColumn("id", table: "s"))
                .where(cycleMatches).where(SQLColumn("municipality_id", table: "s"), .equal, SQLBind(municipality)) }
        default:
            return nil
        }
    }
}
