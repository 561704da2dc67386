import Fluent
import Foundation
import MEDKCore
import NIOCore
import NIOPosix
import Vapor

/// Resumable uploads: a browser declares a file, sends it in chunks, and after a dropped line asks how much
/// arrived and goes on from there. The bytes gather in a part file; the size of that file on disk is the one
/// truth of how much arrived, so an answer never claims more than the disk holds. The finished file is then
/// named in the ordinary form (`uploadSessions`) and goes through the same inspection, hashing and commit
/// as a file sent whole.
enum UploadSessions {
    /// The chunk size the browser is told to use; a request may carry up to `maxRequestBytes`.
    static let chunkBytes = 1 << 20
    static let maxRequestBytes: Int64 = 8 << 20
    /// Open sessions per person: enough for a form of several files, not a way to fill the disk.
    static let maxOpen = 20
    /// Untouched this long, a session is abandoned and swept.
    static let lifetime: TimeInterval = 24 * 3600
    /// The form field that names finished sessions, comma-separated.
    static let field = "uploadSessions"

    static func directory(_ app: Application) -> URL {
        URL(fileURLWithPath: app.settings.dataDirectory).appendingPathComponent("upload-sessions")
    }

    static func partFile(_ id: UUID, in app: Application) -> URL {
        directory(app).appendingPathComponent(id.uuidString.lowercased())
    }

    /// Bytes received so far: the whole file once it is in the shared store, else this instance's part file.
    static func received(_ session: UploadSession, in app: Application) -> Int64 {
        session.storedSHA256 != nil ? session.size : received(session.id!, in: app)
    }

    /// The part file's size. Chunks of one session go to one instance (the proxy routes `/uploads` by session), so
    /// its part file is whole there; another instance has none and answers 0, and the browser starts over.
    static func received(_ id: UUID, in app: Application) -> Int64 {
        let attributes = try? FileManager.default.attributesOfItem(atPath: partFile(id, in: app).path)
        return (attributes?[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// The sessions a form names, finished and the person's own, as received files: copied into the store's
    /// temporary area (hashed on the way), then inspected like any upload. The sessions stay until swept, so a
    /// form refused for another reason can be sent again without sending the files again.
    static func claim(_ text: String, by userID: UUID, request: Request,
                      inspect: (TemporaryFile, String) async throws -> ReceivedFile?) async throws -> [ReceivedFile] {
        let ids = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard ids.count <= maxOpen else { throw UploadReceiver.Failure.malformed }
        var files: [ReceivedFile] = []
        do {
            for text in ids {
                guard let id = UUID(uuidString: text), let session = try await UploadSession.find(id, on: request.db),
                      session.userID == userID else { throw UploadReceiver.Failure.malformed }
                guard received(session, in: request.application) == session.size else {
                    throw UploadReceiver.Failure.refused(fileName: session.fileName, .incomplete)
                }
                let temporary = try request.application.fileStore.makeTemporary()
                do {
                    if let sha256 = session.storedSHA256 {
                        try await copy(sha256, from: request.application.fileStore, into: temporary, threadPool: request.application.threadPool)
                    } else {
                        try await copy(partFile(id, in: request.application), into: temporary, threadPool: request.application.threadPool)
                    }
                    if let file = try await inspect(temporary, session.fileName) { files.append(file) }
                } catch {
                    temporary.discard()
                    throw error
                }
            }
        } catch {
            files.forEach { $0.temporary.discard() }
            throw error
        }
        return files
    }

    /// Puts a whole part file into the shared store; its SHA-256.
    static func keep(_ id: UUID, in app: Application) async throws -> String {
        let temporary = try app.fileStore.makeTemporary()
        do {
            try await copy(partFile(id, in: app), into: temporary, threadPool: app.threadPool)
            try await app.fileStore.commit(temporary, threadPool: app.threadPool)
            return temporary.sha256
        } catch {
            temporary.discard()
            throw error
        }
    }

    private static func copy(_ sha256: String, from store: any FileStore, into temporary: TemporaryFile, threadPool: NIOThreadPool) async throws {
        let found = try await store.read(sha256) { buffer in
            try await temporary.append(ArraySlice(buffer.readableBytesView), headerSize: UploadInspector.headerSize, threadPool: threadPool)
        }
        guard found else { throw UploadReceiver.Failure.malformed }
    }

    private static func copy(_ part: URL, into temporary: TemporaryFile, threadPool: NIOThreadPool) async throws {
        let reader = try FileHandle(forReadingFrom: part)
        defer { try? reader.close() }
        while true {
            let block = try await threadPool.runIfActive { try reader.read(upToCount: TemporaryFile.blockSize) ?? Data() }
            if block.isEmpty { break }
            try await temporary.append(ArraySlice(block), headerSize: UploadInspector.headerSize, threadPool: threadPool)
        }
    }

    /// Removes sessions untouched for a day, and part files no session owns.
    @discardableResult
    static func sweep(_ app: Application, now: Date) async throws -> Int {
        let old = try await UploadSession.query(on: app.db).filter(\.$updatedAt < now.addingTimeInterval(-lifetime)).all()
        for session in old {
            try await session.delete(on: app.db)
            try? FileManager.default.removeItem(at: partFile(session.id!, in: app))
        }
        let known = Set(try await UploadSession.query(on: app.db).all().compactMap { $0.id?.uuidString.lowercased() })
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory(app).path)) ?? [] where !known.contains(name) {
            let url = directory(app).appendingPathComponent(name)
            let modified = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
            if let modified, modified < now.addingTimeInterval(-lifetime) { try? FileManager.default.removeItem(at: url) }
        }
        return old.count
    }
}

extension PeriodicTask {
    /// Abandoned upload sessions are swept a minute after start, then hourly.
    static func uploadSessions() -> PeriodicTask {
        PeriodicTask(name: "upload sessions", firstAfter: .seconds(60), every: .seconds(3_600)) { app in
            let removed = try await UploadSessions.sweep(app, now: Date())
            if removed > 0 { app.logger.info("upload sessions: removed \(removed)") }
        }
    }
}

/// One chunk at a time per session: two requests appending at once would interleave their bytes. A writer whose
/// line went silent (a half-open connection: the laptop slept, the mobile cell died) may never hear that its
/// request is over, so after `patience` without a byte its turn passes to the next request for the session; the
/// old writer learns it at its next byte (`stillHolds`) and stops without writing it.
actor UploadSessionLocks {
    static let shared = UploadSessionLocks()
    static let patience: TimeInterval = 20

    private struct Holder {
        let turn: UUID
        var lastByte: Date
    }
    private var holders: [UUID: Holder] = [:]

    /// A turn to write, or nil while another writer holds it and was heard from within `patience`.
    func take(_ id: UUID, now: Date = Date()) -> UUID? {
        if let holder = holders[id], now.timeIntervalSince(holder.lastByte) < Self.patience { return nil }
        let turn = UUID()
        holders[id] = Holder(turn: turn, lastByte: now)
        return turn
    }

    /// Whether `turn` is still the writer's, noting that it was just heard from.
    func stillHolds(_ id: UUID, _ turn: UUID, now: Date = Date()) -> Bool {
        guard holders[id]?.turn == turn else { return false }
        holders[id]?.lastByte = now
        return true
    }

    func release(_ id: UUID, _ turn: UUID) {
        if holders[id]?.turn == turn { holders[id] = nil }
    }
}
