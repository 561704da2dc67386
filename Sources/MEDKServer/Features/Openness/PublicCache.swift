import Crypto
import Vapor

/// Public pages (the catalogue, a practice, a territory, the help) are the same for every visitor who is signed out,
/// so caches may keep them for five minutes and a browser that has one asks only whether it changed (ETag → 304).
/// A signed-in person's copy carries its header (name, CSRF token): private, never shared.
enum PublicCache {
    static let maxAge = 300

    /// An answer's version: a hash of its bytes, so equal answers carry equal tags on every instance.
    static func etag(of bytes: Data) -> String {
        "\"" + SHA256.hash(data: bytes).prefix(12).map { String(format: "%02x", $0) }.joined() + "\""
    }

    /// Whether an `If-None-Match` value names `etag` (one of a comma-separated list).
    static func matches(_ ifNoneMatch: String, _ etag: String) -> Bool {
        ifNoneMatch.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == etag }
    }

    static func respond(_ req: Request, _ response: Response) -> Response {
        req.isPublicPage = true
        guard response.status == .ok, let body = response.body.buffer else { return response }
        let etag = Self.etag(of: Data(body.readableBytesView))
        response.headers.replaceOrAdd(name: .eTag, value: etag)
        response.headers.replaceOrAdd(name: .vary, value: "Cookie")
        response.headers.replaceOrAdd(name: .cacheControl,
                                      value: req.principal == nil ? "public, max-age=\(maxAge)" : "private, no-cache")
        if req.headers[.ifNoneMatch].contains(where: { Self.matches($0, etag) }) {
            let unchanged = Response(status: .notModified, headers: response.headers)
            unchanged.headers.remove(name: .contentLength)
            return unchanged
        }
        return response
    }
}

extension Request {
    private struct PublicPageKey: StorageKey { typealias Value = Bool }

    /// Set by a public page: the session middleware then gives a signed-out visitor no CSRF cookie, which a
    /// shared cache would hand to everyone.
    var isPublicPage: Bool {
        get { storage[PublicPageKey.self] ?? false }
        set { storage[PublicPageKey.self] = newValue }
    }
}
