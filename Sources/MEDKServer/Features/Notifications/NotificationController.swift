import Fluent
import Foundation
import MEDKCore
import SQLKit
import Vapor

/// The person's notifications: newest first by day; opening one marks it read and goes to its object.
struct NotificationController {
    static let pageSize = 50

    func list(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let page = req.pageNumber
        let found = try await NotificationRecord.query(on: req.db).filter(\.$userID == principal.userID)
            .sort(\.$createdAt, .descending).sort(\.$id)
            .range(lower: (page - 1) * Self.pageSize, upper: page * Self.pageSize + 1).all()
        let shown = Array(found.prefix(Self.pageSize))
        let names = try await DocumentQueries.names(of: Set(shown.compactMap(\.actorID)), on: req.db)
        return NotificationViews.list(PageContext(req), shown, names: names, page: page, hasMore: found.count > Self.pageSize)
    }

    /// Marks one read (only the person's own) and opens its object.
    func open(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        guard let id = req.parameters.get("notificationID", as: UUID.self),
              let notification = try await NotificationRecord.query(on: req.db).filter(\.$id == id)
                  .filter(\.$userID == principal.userID).first() else { throw Abort(.notFound) }
        if notification.readAt == nil { try await NotificationQueries.markRead(of: principal.userID, only: id, at: req.now, on: req.db) }
        // Only our own paths: a stored link never sends anyone elsewhere.
        return req.redirect(to: notification.link.hasPrefix("/") && !notification.link.hasPrefix("//") ? notification.link : SiteURL.home.path)
    }

    func readAll(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        try await NotificationQueries.markRead(of: principal.userID, at: req.now, on: req.db)
        return req.redirect(to: SiteURL.notifications.path, flash: Flash(kind: .success, text: Strings.Notifications.allRead))
    }
}

enum NotificationQueries {
    /// The bell's number: one query on every page a signed-in person opens.
    static func unreadCount(of user: UUID, on db: Database) async throws -> Int {
        try await NotificationRecord.query(on: db).filter(\.$userID == user).filter(\.$readAt == nil).count()
    }

    /// Marks the person's unread notifications read (only `id`, if given); a read one keeps the moment it was read.
    static func markRead(of user: UUID, only id: UUID? = nil, at now: Date, on db: Database) async throws {
        let update = (db as! SQLDatabase).update(NotificationRecord.schema).set("read_at", to: SQLBind(now))
            .where("user_id", .equal, user).where("read_at", .is, SQLLiteral.null)
        if let id { update.where("id", .equal, id) }
        try await update.run()
    }
}
