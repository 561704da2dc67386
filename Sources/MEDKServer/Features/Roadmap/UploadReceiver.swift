import Fluent
import MEDKCore
import SQLKit
import Vapor

/// One file received from a multipart upload: already on disk, hashed, its type decided by content.
struct ReceivedFile: Sendable {
    let temporary: TemporaryFile
    let fileName: String
    let kind: UploadKind

    /// Records the stored bytes once its file is committed to the store. Identical bytes uploaded twice,
    /// even at the same moment, are one stored file.
    func register(at now: Date, on db: Database) async throws {
        try await (db as! SQLDatabase).insert(into: StoredFile.schema)
            .columns("sha256", "size", "kind", "created_at")
            .values(SQLBind(temporary.sha256), SQLBind(temporary.size), SQLBind(kind.rawValue), SQLBind(now))
            .ignoringConflicts()
            .run()
    }
}

/// Reads a multipart/form-data body as it streams in: small text fields are kept, each file part
/// goes straight to a temporary file. Refuses a file the moment it passes the size limit or shows
/// an executable's header; every temporary is removed when anything is refused.
struct UploadReceiver {
    let store: FileStore
    let maxFileBytes: Int
    let threadPool: NIOThreadPool
    static let maxFieldBytes = 16 * 1024
    /// All text fields of one form together: a body of endless small fields is refused too.
    static let maxFieldsBytes = 64 * 1024

    struct Result: Sendable {
        var fields: [String: String] = [:]
        var files: [ReceivedFile] = []
        /// Bytes of every text field so far, against `maxFieldsBytes`.
        var fieldBytes = 0
    }

    enum Failure: Error {
        case refused(fileName: String, UploadRefusal)
        case malformed
    }

    func receive(_ request: Request) async throws -> Result {
        guard let boundary = request.headers.contentType?.parameters["boundary"] else { throw Failure.malformed }
        var stream = MultipartStream(boundary: boundary)
        var result = Result()
        var part = PartState()
        let token = request.storage[DeferredCSRFKey.self]
        var chunks = request.body.makeAsyncIterator()
        do {
            while let chunk = try await chunks.next() {
                let events = try chunk.withUnsafeReadableBytes { try stream.feed($0) }
                for event in events {
                    try await handle(event, &part, &result, token: token)
                }
            }
            guard part.isEmpty, stream.isComplete else { throw Failure.malformed }
            try Self.check(token, result)
            // Files the page's script sent ahead in chunks (a slow line): claimed now that the form is checked.
            if let sessions = result.fields[UploadSessions.field], !sessions.isEmpty {
                guard let principal = request.principal else { throw Failure.malformed }
                result.files += try await UploadSessions.claim(sessions, by: principal.userID, request: request) { temporary, name in
                    try await complete(temporary, declared: name)
                }
            }
            return result
        } catch {
            part.temporary?.discard()
            result.files.forEach { $0.temporary.discard() }
            Self.discardRest(of: chunks, upTo: Int64(maxFileBytes) * 2)
            // The stream's own parse failure is the form's: a page that says so, never a server error.
            if error is MultipartStream.Failure { throw Failure.malformed }
            throw error
        }
    }

    private struct PartState {
        var fieldName: String?
        var fileName: String?
        var temporary: TemporaryFile?
        var text: [UInt8] = []
        var isEmpty: Bool { fieldName == nil && temporary == nil }
    }

    /// Reads and drops, in the background, what the client still sends after a refusal (too large, a program, a
    /// missing token), while the answer goes out at once. A browser reads the answer only once its body is out, so
    /// a reader that simply stopped left the upload's progress bar hanging for ever; Vapor 4 offers no way to close
    /// the connection instead. Nothing of it is kept, and a client sending more than twice the limit is left alone.
    static func discardRest(of chunks: Request.Body.AsyncIterator, upTo limit: Int64) {
        let rest = UncheckedBox(chunks)
        Task {
            var dropped: Int64 = 0
            while dropped < limit, let chunk = try? await rest.value.next() { dropped += Int64(chunk.readableBytes) }
        }
    }

    /// A form that streams comes with its CSRF token as a field before any file: nothing reaches the disk
    /// for a forged request.
    private static func check(_ token: String?, _ result: Result) throws {
        guard let token else { return }
        guard let sent = result.fields[CSRFMiddleware.field], SessionTokens.csrfMatches(sent, token) else {
            throw Abort(.forbidden, reason: Strings.Errors.csrf)
        }
    }

    private func handle(_ event: MultipartStream.Event, _ part: inout PartState, _ result: inout Result,
                        token: String?) async throws {
        switch event {
        case .part(let headers):
            let disposition = Self.parameters(of: headers["content-disposition"] ?? "")
            part.fieldName = disposition["name"]
            if let fileName = disposition["filename"] {
                try Self.check(token, result)
                part.fileName = fileName
                part.temporary = try store.makeTemporary()
            }
        case .body(let bytes):
            if let temporary = part.temporary {
                if temporary.size + Int64(bytes.count) > Int64(maxFileBytes) {
                    throw Failure.refused(fileName: part.fileName ?? "", .tooLarge(limit: maxFileBytes))
                }
                let before = temporary.header.count
                try await temporary.append(bytes, headerSize: UploadInspector.headerSize, threadPool: threadPool)
                // A program is refused as soon as its header shows; other verdicts wait for the whole file,
                // since a PDF may put its marker after up to 1 KB of junk.
                if before < UploadInspector.headerSize, temporary.header.count >= min(UploadInspector.headerSize, 512),
                   UploadInspector.sniff(temporary.header) == .refused(.executable) {
                    throw Failure.refused(fileName: part.fileName ?? "", .executable)
                }
            } else {
                result.fieldBytes += bytes.count
                guard part.text.count + bytes.count <= Self.maxFieldBytes, result.fieldBytes <= Self.maxFieldsBytes
                else { throw Failure.malformed }
                part.text += bytes
            }
        case .partEnd:
            let finished = part
            part = PartState()
            if let temporary = finished.temporary {
                do {
                    if let file = try await complete(temporary, declared: finished.fileName ?? "") { result.files.append(file) }
                } catch {
                    temporary.discard()
                    throw error
                }
            } else if let name = finished.fieldName {
                result.fields[name] = String(decoding: finished.text, as: UTF8.self)
            }
        }
    }

    /// Decides a finished file part: nil for an empty file input, the received file, or a refusal.
    private func complete(_ temporary: TemporaryFile, declared: String) async throws -> ReceivedFile? {
        // A file input left empty still sends a part with no name and no bytes.
        if declared.isEmpty && temporary.size == 0 {
            temporary.discard()
            return nil
        }
        if temporary.size == 0 { throw Failure.refused(fileName: declared, .empty) }
        try await temporary.finish(threadPool: threadPool)
        let url = temporary.url
        do {
            let kind = try await threadPool.runIfActive { try UploadInspector.inspect(fileAt: url, declaredName: declared) }
            return ReceivedFile(temporary: temporary, fileName: declared, kind: kind)
        } catch let refusal as UploadRefusal {
            throw Failure.refused(fileName: declared, refusal)
        }
    }

    /// `form-data; name="file"; filename="Отчёт.pdf"` → ["name": "file", "filename": "Отчёт.pdf"].
    static func parameters(of header: String) -> [String: String] {
        var result: [String: String] = [:]
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            // Browsers escape a quote in a file name as %22.
            result[pair[0].trimmingCharacters(in: .whitespaces).lowercased()] = value.replacingOccurrences(of: "%22", with: "\"")
        }
        return result
    }
}

/// Hands the body's iterator to the task that drains it; nothing else touches it after the hand-over.
private final class UncheckedBox<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
