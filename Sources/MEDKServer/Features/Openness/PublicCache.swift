import Crypto
import Vapor

/// Public pages (the catalogue, a practice, a territory, the help) are the same for every visitor who is signed out,
/// so caches may keep them for five minutes and a browser that has one asks only whether it changed (ETag → 304).
/// A signed-in person's copy carries its header (name, CSRF token): private, never shared.
enum PublicCache {
    static let maxAge = 300

    static func respond(_ req: Request, _ response: Response) -> Response {
        req.isPublicPage = true
        guard response.status == .ok, let body = response.body.buffer else { return response }
        let etag = "\"" + SHA256.hash(data: Data(body.readableBytesView)).prefix(12).map { String(format: "%02x", $0) }.joined() + "\""
        response.headers.replaceOrAdd(name: .eTag, value: etag)
        response.headers.replaceOrAdd(name: .vary, value: "Cookie")
        response.headers.replaceOrAdd(name: .cacheControl,
                                      value: req.principal == nil ? "public, max-age=\(maxAge)" : "private, no-cache")
        if req.headers[.ifNoneMatch].contains(where: { $0.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == etag } }) {
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
