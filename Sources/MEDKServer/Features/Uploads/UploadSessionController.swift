import Fluent
import MEDKCore
import Foundation
import Vapor

/// `POST /uploads` declares a file, `PUT /uploads/:id?offset=N` sends bytes from N, `GET /uploads/:id` says how
/// much arrived. Answers are JSON for the page's script: `{"id", "size", "received", "chunkSize"}`, and on a
/// refusal `{"error"}` in Russian with `received` where it helps the script go on.
struct UploadSessionController {
    typealias U = Strings.Uploads

    struct Declared: Content {
        var fileName: String?
        var size: String?
    }

    struct Answer: Content {
        var id: UUID
        var size: Int64
        var received: Int64
        var chunkSize: Int
    }

    struct Refusal: Content {
        var error: String
        var received: Int64?
    }

    func create(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let form = try req.content.decode(Declared.self)
        let name = (form.fileName ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 255 else { return try await refuse(.unprocessableEntity, U.nameRequired) }
        guard let size = form.size.flatMap({ Int64($0) }), size > 0 else { return try await refuse(.unprocessableEntity, U.badSize) }
        let limit = req.settings.maxUploadBytes
        guard size <= Int64(limit) else {
            return try await refuse(.payloadTooLarge, UploadRefusal.tooLarge(limit: limit).explanation)
        }
        let session = UploadSession(userID: principal.userID, fileName: name, size: size, at: req.now)
        let app = req.application
        let outcome = try await req.db.writeTransaction { db -> (created: Bool, dropped: [UUID]) in
            let open = try await UploadSession.query(on: db).filter(\.$userID == principal.userID).sort(\.$updatedAt).all()
            // Finished files already named in a form make room first, oldest first: they are kept only so that a
            // refused form can be sent again without its files, and the script sends them again if asked.
            let finished = open.filter { UploadSessions.received($0, in: app) == $0.size }
            let dropped = Array(finished.prefix(max(0, open.count - UploadSessions.maxOpen + 1)))
            guard open.count - dropped.count < UploadSessions.maxOpen else { return (false, []) }
            for old in dropped { try await old.delete(on: db) }
            try await session.create(on: db)
            return (true, dropped.compactMap(\.id))
        }
        for id in outcome.dropped { try? FileManager.default.removeItem(at: UploadSessions.partFile(id, in: app)) }
        guard outcome.created else { return try await refuse(.tooManyRequests, U.tooMany) }
        let directory = UploadSessions.directory(req.application)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: UploadSessions.partFile(session.id!, in: req.application).path, contents: nil) else {
            throw Abort(.internalServerError)
        }
        return try await answer(session, received: 0, status: .created, on: req)
    }

    func status(_ req: Request) async throws -> Response {
        let session = try await own(req)
        return try await answer(session, received: UploadSessions.received(session, in: req.application), status: .ok, on: req)
    }

    /// Appends the body from `offset`: bytes already received are skipped (a chunk sent again after a lost
    /// answer), a gap is refused with what arrived, and nothing past the declared size is kept.
    func append(_ req: Request) async throws -> Response {
        let session: UploadSession
        do { session = try await own(req) } catch { UploadReceiver.discardRest(of: req.body.makeAsyncIterator(), upTo: UploadSessions.maxRequestBytes); throw error }
        let id = session.id!
        var body = req.body.makeAsyncIterator()
        guard let offset = (try? req.query.get(Int64.self, at: "offset")), offset >= 0 else {
            UploadReceiver.discardRest(of: body, upTo: UploadSessions.maxRequestBytes)
            return try await refuse(.badRequest, U.badOffset)
        }
        guard let turn = await UploadSessionLocks.shared.take(id) else {
            UploadReceiver.discardRest(of: body, upTo: UploadSessions.maxRequestBytes)
            return try await refuse(.conflict, U.busy, received: UploadSessions.received(id, in: req.application))
        }
        do {
            let result = try await write(&body, to: session, from: offset, turn: turn, on: req)
            await UploadSessionLocks.shared.release(id, turn)
            return result
        } catch {
            await UploadSessionLocks.shared.release(id, turn)
            throw error
        }
    }

    private func write(_ body: inout Request.Body.AsyncIterator, to session: UploadSession, from offset: Int64,
                       turn: UUID, on req: Request) async throws -> Response {
        let app = req.application, id = session.id!
        let start = UploadSessions.received(session, in: app)
        guard offset <= start else {
            UploadReceiver.discardRest(of: body, upTo: UploadSessions.maxRequestBytes)
            return try await refuse(.conflict, U.gap, received: start)
        }
        let part = UploadSessions.partFile(id, in: app)
        if !FileManager.default.fileExists(atPath: part.path) {
            // A session begun on another instance (that instance went away): this one starts its part file afresh.
            try FileManager.default.createDirectory(at: UploadSessions.directory(app), withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: part.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: part)
        defer { try? handle.close() }
        try handle.seekToEnd()
        var skip = start - offset, written: Int64 = 0, taken: Int64 = 0
        while let chunk = try await body.next() {
            var bytes = chunk
            taken += Int64(bytes.readableBytes)
            let skipped = Int(min(skip, Int64(bytes.readableBytes)))
            bytes.moveReaderIndex(forwardBy: skipped)
            skip -= Int64(skipped)
            // A writer that fell silent and was replaced writes nothing more: the part file is the new writer's.
            guard await UploadSessionLocks.shared.stillHolds(id, turn) else {
                return try await refuse(.conflict, U.busy, received: UploadSessions.received(id, in: app))
            }
            guard bytes.readableBytes > 0 else { continue }
            guard start + written + Int64(bytes.readableBytes) <= session.size, taken <= UploadSessions.maxRequestBytes else {
                // Nothing of this request is kept: the part file ends where it did before it.
                try handle.truncate(atOffset: UInt64(start))
                UploadReceiver.discardRest(of: body, upTo: UploadSessions.maxRequestBytes)
                return try await refuse(.unprocessableEntity, taken > UploadSessions.maxRequestBytes ? U.chunkTooLarge : U.pastSize,
                                        received: start)
            }
            let data = Data(bytes.readableBytesView)
            try await app.threadPool.runIfActive { try handle.write(contentsOf: data) }
            written += Int64(data.count)
        }
        // Acknowledged bytes are on the disk itself.
        try await app.threadPool.runIfActive { try handle.synchronize() }
        if start + written == session.size, session.storedSHA256 == nil {
            session.storedSHA256 = try await UploadSessions.keep(id, in: app)
        }
        session.updatedAt = req.now
        try await session.save(on: req.db)
        return try await answer(session, received: start + written, status: .ok, on: req)
    }

    /// The person's own session, or 404 for anyone else's (never saying it exists).
    private func own(_ req: Request) async throws -> UploadSession {
        let principal = try req.requirePrincipal()
        guard let id = req.parameters.get("uploadID", as: UUID.self), let session = try await UploadSession.find(id, on: req.db),
              session.userID == principal.userID else { throw Abort(.notFound) }
        return session
    }

    private func answer(_ session: UploadSession, received: Int64, status: HTTPStatus, on req: Request) async throws -> Response {
        try await Answer(id: session.id!, size: session.size, received: received, chunkSize: UploadSessions.chunkBytes)
            .encodeResponse(status: status, for: req)
    }

    private func refuse(_ status: HTTPStatus, _ text: String, received: Int64? = nil) async throws -> Response {
        let response = Response(status: status)
        try response.content.encode(Refusal(error: text, received: received))
        return response
    }
}
