import Fluent
import MEDKCore
import Vapor

/// Cookie names and their attributes, in one place.
enum Cookies {
    static let session = "medk_session"
    /// Over https the pre-sign-in token's cookie is `__Host-` prefixed: a browser accepts such a cookie only from
    /// this very host over https, so a neighbouring subdomain or a plain-http response cannot plant a known token.
    static func csrf(secure: Bool) -> String { secure ? "__Host-medk_csrf" : "medk_csrf" }
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
            let cycle = try await request.currentCycle()
            request.unreadChats = try await ChatQueries.unreadForNavigation(principal, cycle: cycle, on: request.db)
            request.navigationCounts = try await Navigation.counts(for: principal, cycle: cycle, on: request.db)
            request.unreadNotifications = try await NotificationQueries.unreadCount(of: principal.userID, on: request.db)
        }
        var newCSRF: String?
        if request.principal == nil, (request.cookies[Cookies.csrf(secure: settings.secureCookies)]?.string ?? "").isEmpty {
            newCSRF = SessionTokens.random()
            request.storage[AnonymousCSRFKey.self] = newCSRF
        }
        let response = try await next.respond(to: request)
        if let newCSRF, !request.isPublicPage {
            response.cookies[Cookies.csrf(secure: settings.secureCookies)] = Cookies.value(newCSRF, secure: settings.secureCookies,
                                                                                           maxAge: nil)
        }
        return response
    }
}

struct AnonymousCSRFKey: StorageKey { typealias Value = String }
struct UnreadChatsKey: StorageKey { typealias Value = Int }
struct NavigationCountsKey: StorageKey { typealias Value = [String: Int] }
struct UnreadNotificationsKey: StorageKey { typealias Value = Int }

extension Request {
    /// The token every state-changing form must echo: the session's when signed in,
    /// otherwise the visitor's CSRF cookie (double submit).
    var csrfToken: String {
        if let principal { return principal.session.csrfToken }
        return storage[AnonymousCSRFKey.self] ?? cookies[Cookies.csrf(secure: settings.secureCookies)]?.string ?? ""
    }

    var unreadChats: Int {
        get { storage[UnreadChatsKey.self] ?? 0 }
        set { storage[UnreadChatsKey.self] = newValue }
    }

    /// The bell's number (loaded with the session for pages).
    var unreadNotifications: Int {
        get { storage[UnreadNotificationsKey.self] ?? 0 }
        set { storage[UnreadNotificationsKey.self] = newValue }
    }

    /// Numbers beside navigation items, by the item's path (loaded with the session for pages).
    var navigationCounts: [String: Int] {
        get { storage[NavigationCountsKey.self] ?? [:] }
        set { storage[NavigationCountsKey.self] = newValue }
    }

    /// Today's date where MEDK's users are (the default zone; per-region zones apply to control dates).
    var today: CalendarDate { CalendarDate(now, in: TimeZone(identifier: "Europe/Moscow")!) }
}

/// Refuses (403, nothing changed) any state-changing request that does not carry the CSRF token, and reads
/// no more of a body than its route accepts.
///
/// The token comes in the `X-CSRF-Token` header (scripts), or as the form field `_csrf`. A collected form's
/// body is read here with the route's own limit (a sign-in form is small; an anonymous visitor cannot make the
/// server hold megabytes). A streamed upload's body goes to disk: its `_csrf` field must be the first part,
/// and `UploadReceiver` checks it before it writes a byte of any file. Tokens never travel in a URL.
struct CSRFMiddleware: AsyncMiddleware {
    static let field = "_csrf"
    static let header = "X-CSRF-Token"
    /// No anonymous form (sign-in) needs more.
    static let anonymousBodyLimit = 16 * 1024

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        guard [.POST, .PUT, .PATCH, .DELETE].contains(request.method) else {
            return try await next.respond(to: request)
        }
        let expected = request.csrfToken
        // A visitor with neither session nor CSRF cookie cannot hold a valid token: refused before the body.
        guard !expected.isEmpty else { throw Abort(.forbidden, reason: Strings.Errors.csrf) }
        let header = request.headers.first(name: Self.header)
        if let header, !SessionTokens.csrfMatches(header, expected) { throw Abort(.forbidden, reason: Strings.Errors.csrf) }
        try FormBody.checkBoundary(request)
        switch request.route.map(RouteBody.of) ?? .collect(nil) {
        case .stream:
            // Only a multipart POST can carry the token as its first field; a raw body (a chunk) needs the header.
            guard header != nil || request.method == .POST else { throw Abort(.forbidden, reason: Strings.Errors.csrf) }
            if header == nil { request.storage[DeferredCSRFKey.self] = expected }
        case .collect(let routeLimit):
            var limit = routeLimit ?? request.application.routes.defaultMaxBodySize.value
            if request.principal == nil { limit = min(limit, Self.anonymousBodyLimit) }
            try await FormBody.collect(request, limit: limit)
            if header == nil {
                guard let sent = try? request.content.get(String.self, at: Self.field),
                      SessionTokens.csrfMatches(sent, expected) else {
                    throw Abort(.forbidden, reason: Strings.Errors.csrf)
                }
            }
        }
        return try await next.respond(to: request)
    }
}

/// The token a streamed upload must carry as its first field; set by `CSRFMiddleware`, checked by `UploadReceiver`.
struct DeferredCSRFKey: StorageKey { typealias Value = String }

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

    /// The CSRF token as a page shows it: XORed with a fresh random mask, the mask in front. Pages travel gzipped,
    /// and a secret repeated unchanged in compressed pages beside text an attacker chooses (a search, a name) can be
    /// read off the compressed sizes (BREACH); masked, it is different bytes on every page.
    static func masked(_ token: String) -> String {
        guard !token.isEmpty else { return token }
        let bytes = Array(token.utf8)
        var generator = SystemRandomNumberGenerator()
        let mask = bytes.map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return "m" + (mask + zip(bytes, mask).map { $0 ^ $1 }).map { String(format: "%02x", $0) }.joined()
    }

    /// A token sent back: the masked form a page showed, or the token itself (the sign-in cookie's double submit).
    static func csrfMatches(_ sent: String, _ expected: String) -> Bool {
        guard !expected.isEmpty else { return false }
        guard sent.hasPrefix("m"), sent.count == 1 + 4 * expected.utf8.count else { return constantTimeEqual(sent, expected) }
        var bytes: [UInt8] = []
        var index = sent.index(after: sent.startIndex)
        while index < sent.endIndex {
            let next = sent.index(index, offsetBy: 2)
            guard let byte = UInt8(sent[index..<next], radix: 16) else { return false }
            bytes.append(byte)
            index = next
        }
        let half = bytes.count / 2
        let unmasked = zip(bytes[..<half], bytes[half...]).map { $0 ^ $1 }
        return constantTimeEqual(String(decoding: unmasked, as: UTF8.self), expected)
    }
}
