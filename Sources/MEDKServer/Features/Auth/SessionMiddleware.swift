import Fluent
import MEDKCore
import Vapor

/// Cookie names and their attributes, in one place.
enum Cookies {
    static let session = "medk_session"
    static let csrf = "medk_csrf"
    static let flash = "medk_flash"

    static func value(_ string: String, secure: Bool, maxAge: Int?) -> HTTPCookies.Value {
        HTTPCookies.Value(string: string, maxAge: maxAge, path: "/", isSecure: secure, isHTTPOnly: true,
                          sameSite: .lax)
    }

    static func expired(secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/",
                          isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }
}

/// Finds the signed-in user from the session cookie and gives every visitor a CSRF token.
struct SessionMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let settings = request.settings
        if let token = request.cookies[Cookies.session]?.string, !token.isEmpty {
            let hash = SessionTokens.hash(token, secret: settings.sessionSecret)
            // The session with its user in one query: every page a signed-in person opens starts here.
            if let session = try await UserSession.query(on: request.db).filter(\.$tokenHash == hash)
                .join(User.self, on: \UserSession.$user.$id == \User.$id).first(),
               session.expiresAt > request.now {
                request.principal = try await PrincipalLoader.load(session: session, user: try session.joined(User.self),
                                                                   on: request.db, today: request.today)
            }
        }
        if let principal = request.principal, request.method == .GET {
            request.unreadChats = try await ChatQueries.unreadForNavigation(principal, cycle: try await request.currentCycle(),
                                                                            on: request.db)
        }
        var newCSRF: String?
        if request.principal == nil, (request.cookies[Cookies.csrf]?.string ?? "").isEmpty {
            newCSRF = SessionTokens.random()
            request.storage[AnonymousCSRFKey.self] = newCSRF
        }
        let response = try await next.respond(to: request)
        if let newCSRF {
            response.cookies[Cookies.csrf] = Cookies.value(newCSRF, secure: settings.secureCookies, maxAge: nil)
        }
        return response
    }
}

struct AnonymousCSRFKey: StorageKey { typealias Value = String }
struct UnreadChatsKey: StorageKey { typealias Value = Int }

extension Request {
    /// The token every state-changing form must echo: the session's when signed in,
    /// otherwise the visitor's CSRF cookie (double submit).
    var csrfToken: String {
        if let principal { return principal.session.csrfToken }
        return storage[AnonymousCSRFKey.self] ?? cookies[Cookies.csrf]?.string ?? ""
    }

    var unreadChats: Int {
        get { storage[UnreadChatsKey.self] ?? 0 }
        set { storage[UnreadChatsKey.self] = newValue }
    }

    /// Today's date where MEDK's users are (the default zone; per-region zones apply to control dates).
    var today: CalendarDate { CalendarDate(now, in: TimeZone(identifier: "Europe/Moscow")!) }
}

/// Refuses (403, nothing changed) any state-changing request that does not carry the CSRF token.
struct CSRFMiddleware: AsyncMiddleware {
    static let field = "_csrf"
    static let header = "X-CSRF-Token"

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        guard [.POST, .PUT, .PATCH, .DELETE].contains(request.method) else {
            return try await next.respond(to: request)
        }
        let expected = request.csrfToken
        // Streaming uploads carry the token in the form's action URL, so their body is never collected here.
        var sent = request.headers.first(name: Self.header) ?? (try? request.query.get(String.self, at: Self.field))
        if sent == nil {
            // The form field lives in the body: collect it before the route does (same limit).
            _ = try await request.body.collect(max: request.settings.maxImportBytes + 64 * 1024).get()
            sent = try? request.content.get(String.self, at: Self.field)
        }
        guard !expected.isEmpty, let sent, SessionTokens.constantTimeEqual(sent, expected) else {
            throw Abort(.forbidden, reason: Strings.Errors.csrf)
        }
        return try await next.respond(to: request)
    }
}

enum SessionTokens {
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ token: String, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(token.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
