import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Vapor
#if canImport(Glibc)
import Glibc
#endif

/// Files in an S3-compatible bucket (`MEDK_FILES=s3://bucket/prefix`), so that every app instance reads what any
/// other wrote. Uploads still arrive in a local temporary file (hashed as they come, never in memory); committing
/// sends it in parts of `partSize`, so a 200 MB document costs one part of memory, not 200 MB. Downloads are
/// streamed through the app, which has just checked who may read the file: the bucket stays private and no
/// presigned link can outlive a revoked right.
struct S3FileStore: FileStore {
    struct Location: Sendable, Equatable {
        var endpoint: String
        var region: String
        var bucket: String
        var prefix: String
        var accessKey: String
        var secretKey: String
    }

    let location: Location
    let temporaries: URL
    let signature: S3Signature
    /// S3's smallest part but the last.
    static let partSize = 5 * 1024 * 1024

    private var client: HTTPClient { .shared }

    init(_ location: Location, temporaries: URL) throws {
        self.location = location
        self.temporaries = temporaries
        signature = S3Signature(accessKey: location.accessKey, secretKey: location.secretKey, region: location.region)
        try FileManager.default.createDirectory(at: temporaries, withIntermediateDirectories: true)
    }

    func makeTemporary() throws -> TemporaryFile {
        try TemporaryFile(url: temporaries.appendingPathComponent(UUID().uuidString))
    }

    func commit(_ file: TemporaryFile, threadPool: NIOThreadPool) async throws {
        try await file.finish(threadPool: threadPool)
        defer { try? FileManager.default.removeItem(at: file.url) }
        let key = key(for: file.sha256)
        if try await head(key) != nil {
            // Committed again: a copy onto itself renews its date, so the orphan sweeper leaves it alone while its
            // new row is being written (as the local store touches the file).
            _ = try await send("PUT", key, headers: [("x-amz-copy-source", "/\(location.bucket)/\(key)"),
                                                     ("x-amz-metadata-directive", "REPLACE")], expect: [.ok])
            return
        }
        let handle = try FileHandle(forReadingFrom: file.url)
        defer { try? handle.close() }
        if file.size <= Int64(Self.partSize) {
            let bytes = try await threadPool.runIfActive { try Self.read(handle, upTo: Self.partSize) }
            _ = try await send("PUT", key, body: bytes, expect: [.ok])
            return
        }
        let created = try await send("POST", key, query: [("uploads", "")], expect: [.ok])
        guard let uploadID = XMLText.first("UploadId", in: created) else { throw S3Error.unexpected("no UploadId") }
        do {
            var parts: [String] = []
            while true {
                let chunk = try await threadPool.runIfActive { try Self.read(handle, upTo: Self.partSize) }
                if chunk.readableBytes == 0 { break }
                let answer = try await sendWithHeaders("PUT", key, query: [("partNumber", "\(parts.count + 1)"), ("uploadId", uploadID)],
                                                       body: chunk, expect: [.ok])
                guard let etag = answer.headers.first(name: "ETag") else { throw S3Error.unexpected("a part without ETag") }
                parts.append(etag)
            }
            let list = parts.enumerated().map { "<Part><PartNumber>\($0.offset + 1)</PartNumber><ETag>\($0.element)</ETag></Part>" }
            let body = ByteBuffer(string: "<CompleteMultipartUpload>\(list.joined())</CompleteMultipartUpload>")
            let completed = try await send("POST", key, query: [("uploadId", uploadID)], body: body, expect: [.ok])
            // S3 may answer 200 with an error inside when the completion fails late.
            if XMLText.first("Code", in: completed) != nil { throw S3Error.unexpected(String(decoding: completed, as: UTF8.self)) }
        } catch {
            // Nothing half-written stays behind: the parts are dropped with the upload.
            _ = try? await send("DELETE", key, query: [("uploadId", uploadID)], expect: [.noContent, .ok, .notFound])
            throw error
        }
    }

    func download(_ sha256: String, for request: Request) async throws -> Response? {
        guard Self.isHash(sha256) else { return nil }
        var extra: [(String, String)] = []
        if let range = request.headers.first(name: .range) { extra.append(("Range", range)) }
        let answer = try await execute("GET", key(for: sha256), headers: extra)
        switch answer.status {
        case .ok, .partialContent: break
        case .notFound: return nil
        case HTTPResponseStatus(statusCode: 416):
            return Response(status: HTTPResponseStatus(statusCode: 416))
        default:
            throw S3Error.status(answer.status, try await String(buffer: answer.body.collect(upTo: 64 * 1024)))
        }
        var headers = HTTPHeaders()
        for name in ["Content-Length", "Content-Range", "ETag", "Last-Modified"] {
            if let value = answer.headers.first(name: name) { headers.replaceOrAdd(name: name, value: value) }
        }
        headers.replaceOrAdd(name: .acceptRanges, value: "bytes")
        let length = answer.headers.first(name: "Content-Length").flatMap(Int.init) ?? -1
        let body = answer.body
        return Response(status: answer.status == .ok ? .ok : .partialContent, headers: headers,
                        body: .init(managedAsyncStream: { writer in
                            for try await buffer in body { try await writer.write(.buffer(buffer)) }
                        }, count: length))
    }

    func files(untouchedSince date: Date) async throws -> [String] {
        var found: [String] = []
        var token: String?
        repeat {
            var query = [("list-type", "2"), ("prefix", keyPrefix)]
            if let token { query.append(("continuation-token", token)) }
            let page = try await send("GET", nil, query: query, expect: [.ok])
            for entry in XMLText.all("Contents", in: page) {
                guard let key = XMLText.first("Key", in: entry), let modified = XMLText.first("LastModified", in: entry),
                      let when = Self.isoDate(modified), when < date else { continue }
                let name = String(key.split(separator: "/").last ?? "")
                if Self.isHash(name) { found.append(name) }
            }
            token = XMLText.first("IsTruncated", in: page) == "true" ? XMLText.first("NextContinuationToken", in: page) : nil
        } while token != nil
        return found
    }

    func remove(_ sha256: String, ifUntouchedSince date: Date) async throws {
        guard Self.isHash(sha256), let modified = try await head(key(for: sha256)), modified < date else { return }
        _ = try await send("DELETE", key(for: sha256), expect: [.noContent, .ok, .notFound])
    }

    /// Makes the bucket (tests, a first start against an empty MinIO); an existing one of ours is fine.
    func createBucket() async throws {
        _ = try await send("PUT", nil, expect: [.ok, .conflict])
    }

    func sweepTemporaries() { LocalFileStore.clear(temporaries) }

    func checkReachable() async throws {
        // A readiness probe answers in seconds: an unreachable store is the answer, not a reason to wait.
        let answer = try await execute("HEAD", nil, timeout: .seconds(3))
        guard answer.status == .ok else { throw S3Error.status(answer.status, "") }
    }

    func exists(_ sha256: String) async throws -> Bool {
        guard Self.isHash(sha256) else { return false }
        return try await head(key(for: sha256)) != nil
    }

    func read(_ sha256: String, _ each: (ByteBuffer) async throws -> Void) async throws -> Bool {
        guard Self.isHash(sha256) else { return false }
        let answer = try await execute("GET", key(for: sha256))
        switch answer.status {
        case .ok: break
        case .notFound: return false
        default: throw S3Error.status(answer.status, "")
        }
        for try await buffer in answer.body { try await each(buffer) }
        return true
    }

    // MARK: requests

    private var keyPrefix: String { location.prefix.isEmpty ? "" : location.prefix + "/" }

    func key(for sha256: String) -> String {
        "\(keyPrefix)\(sha256.prefix(2))/\(sha256.dropFirst(2).prefix(2))/\(sha256)"
    }

    /// The object's last change, or nil when it is not there.
    private func head(_ key: String) async throws -> Date? {
        let answer = try await execute("HEAD", key)
        switch answer.status {
        case .ok: return answer.headers.first(name: "Last-Modified").flatMap(Self.httpDate) ?? .distantPast
        case .notFound: return nil
        default: throw S3Error.status(answer.status, "")
        }
    }

    private func send(_ method: String, _ key: String?, query: [(String, String)] = [], headers: [(String, String)] = [],
                      body: ByteBuffer? = nil, expect: Set<HTTPResponseStatus>) async throws -> Data {
        let answer = try await sendWithHeaders(method, key, query: query, headers: headers, body: body, expect: expect)
        return answer.body
    }

    private func sendWithHeaders(_ method: String, _ key: String?, query: [(String, String)] = [], headers: [(String, String)] = [],
                                 body: ByteBuffer? = nil, expect: Set<HTTPResponseStatus>) async throws -> (headers: HTTPHeaders, body: Data) {
        let answer = try await execute(method, key, query: query, headers: headers, body: body)
        let bytes = Data(buffer: try await answer.body.collect(upTo: 16 * 1024 * 1024))
        guard expect.contains(answer.status) else { throw S3Error.status(answer.status, String(decoding: bytes.prefix(2000), as: UTF8.self)) }
        return (answer.headers, bytes)
    }

    /// The client retries a refused connection until the deadline: 30 s for a request, more for a 5 MB part.
    private func execute(_ method: String, _ key: String?, query: [(String, String)] = [], headers extra: [(String, String)] = [],
                         body: ByteBuffer? = nil, timeout: TimeAmount? = nil) async throws -> HTTPClientResponse {
        guard let endpoint = URL(string: location.endpoint), let host = endpoint.host else { throw S3Error.unexpected("endpoint") }
        let hostHeader = endpoint.port.map { "\(host):\($0)" } ?? host
        let base = endpoint.path.hasSuffix("/") ? String(endpoint.path.dropLast()) : endpoint.path
        let path = base + "/" + S3Signature.encode(location.bucket) + (key.map { "/" + S3Signature.encode($0, keepingSlashes: true) } ?? "")
        let payload = body.map { S3Signature.sha256($0.readableBytesView) } ?? S3Signature.emptyPayload
        let signed = signature.headers(method: method, host: hostHeader, path: path, query: query, headers: extra,
                                       payloadSHA256: payload, date: Date())
        let queryText = query.map { "\(S3Signature.encode($0.0))=\(S3Signature.encode($0.1))" }.joined(separator: "&")
        let origin = "\(endpoint.scheme ?? "http")://\(hostHeader)"
        var request = HTTPClientRequest(url: origin + path + (queryText.isEmpty ? "" : "?" + queryText))
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in extra + signed { request.headers.add(name: name, value: value) }
        if let body {
            request.body = .bytes(body)
            request.headers.replaceOrAdd(name: "Content-Length", value: "\(body.readableBytes)")
        }
        return try await client.execute(request, timeout: timeout ?? (body.map { $0.readableBytes > 1 << 20 } == true ? .seconds(120) : .seconds(30)))
    }

    /// Up to `count` bytes of the file, read straight into the buffer the request sends: a part costs its own
    /// size in memory once, not twice (a `Data` and its copy).
    static func read(_ handle: FileHandle, upTo count: Int) throws -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: count)
        while buffer.readableBytes < count {
            let want = count - buffer.readableBytes
            let got = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: want) { pointer -> Int in
                let n = Glibc.read(handle.fileDescriptor, pointer.baseAddress, want)
                guard n >= 0 else { throw CocoaError(.fileReadUnknown) }
                return n
            }
            if got == 0 { break }
        }
        return buffer
    }

    // MARK: reading answers

    static func isHash(_ text: String) -> Bool { text.count == 64 && text.allSatisfy(\.isHexDigit) }

    static func isoDate(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }

    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}

enum S3Error: Error, CustomStringConvertible {
    case status(HTTPResponseStatus, String)
    case unexpected(String)

    var description: String {
        switch self {
        case .status(let status, let body): "S3 answered \(status.code): \(body.prefix(300))"
        case .unexpected(let what): "S3: \(what)"
        }
    }
}

/// The few values read from S3's XML answers. Keys are our own hex names and the values are plain, so a scan for
/// the element is enough; entities are decoded for the one place they can occur (an ETag's quotes).
enum XMLText {
    static func first(_ element: String, in data: Data) -> String? { first(element, in: String(decoding: data, as: UTF8.self)) }

    static func first(_ element: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(element)>"),
              let close = text.range(of: "</\(element)>", range: open.upperBound..<text.endIndex) else { return nil }
        return String(text[open.upperBound..<close.lowerBound]).replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    static func all(_ element: String, in data: Data) -> [String] {
        let text = String(decoding: data, as: UTF8.self)
        var found: [String] = []
        var rest = text.startIndex..<text.endIndex
        while let open = text.range(of: "<\(element)>", range: rest),
              let close = text.range(of: "</\(element)>", range: open.upperBound..<text.endIndex) {
            found.append(String(text[open.upperBound..<close.lowerBound]))
            rest = close.upperBound..<text.endIndex
        }
        return found
    }
}
