import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// The request an API operation serves. The generated server hands operations only their typed input, so the
/// token middleware puts the request (with its principal) where the operations can read it.
enum APIContext {
    @TaskLocal static var request: Request?

    static func current() throws -> Request {
        guard let request else { throw APIProblem(.internalServerError, Strings.Errors.server) }
        return request
    }
}

/// Lets a call in only with a live personal access token of an active user, and acts as that user in the role
/// the token was made for — through the same `PrincipalLoader` and `Policy` as the pages. Then the per-token rate
/// limit, and a cap on the body.
struct APITokenMiddleware: AsyncMiddleware {
    /// The largest JSON body any operation takes (an import of 20,000 schools fits).
    static let bodyLimit = 16 * 1024 * 1024

    func respond(to req: Request, chainingTo next: AsyncResponder) async throws -> Response {
        // Who asks comes first: a caller without a token hears only that.
        let (principal, token) = try await Self.authenticate(req)
        if let wait = try await req.application.apiRateLimiter.take(token.id!, at: req.now, on: req.db) {
            throw APIProblem(.tooManyRequests, Strings.Api.rateLimited, headers: ["Retry-After": "\(wait)"])
        }
        try Self.checkQuery(req)
        req.principal = principal
        req.apiToken = token
        try await Self.noteUse(token, req)
        if req.method != .GET, req.method != .HEAD {
            if let length = req.headers.first(name: .contentLength).flatMap(Int.init), length > Self.bodyLimit {
                throw APIProblem(.payloadTooLarge, Strings.Api.tooLarge)
            }
            _ = try await req.body.collect(max: Self.bodyLimit).get()
        }
        return try await APIContext.$request.withValue(req) { try await next.respond(to: req) }
    }

    /// A parameter the operation does not declare is a mistake the caller should hear of, not silently ignored.
    static func checkQuery(_ req: Request) throws {
        guard let query = req.url.query, !query.isEmpty, let route = req.route else { return }
        let template = "/" + route.path.map { component in
            if case .parameter(let name) = component { "{\(name)}" } else { component.description }
        }.joined(separator: "/")
        let known = APIReference.shared.contract.queryNames["\(req.method.rawValue) \(template)"] ?? []
        for pair in query.split(separator: "&", omittingEmptySubsequences: false) {
            let name = String(pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            guard known.contains(name.removingPercentEncoding ?? name) else {
                throw APIProblem(.badRequest, Strings.Api.unknownParameter(name.removingPercentEncoding ?? name))
            }
        }
    }

    static func authenticate(_ req: Request) async throws -> (Principal, ApiToken) {
        guard let presented = req.headers.bearerAuthorization?.token, !presented.isEmpty, presented.count <= 200 else {
            throw APIProblem(.unauthorized, Strings.Api.unauthorized, headers: ["WWW-Authenticate": "Bearer"])
        }
        let hash = SessionTokens.hash(presented, secret: req.settings.sessionSecret)
        guard let token = try await ApiToken.query(on: req.db).filter(\.$tokenHash == hash)
                .join(User.self, on: \ApiToken.$user.$id == \User.$id).first(),
              token.isLive(at: req.now) else {
            throw APIProblem(.unauthorized, Strings.Api.unauthorized, headers: ["WWW-Authenticate": "Bearer"])
        }
        let user = try token.joined(User.self)
        // A stand-in session that is never stored: it names the role the token acts in.
        let session = UserSession(tokenHash: hash, userID: token.$user.id, activeGrantID: token.grantID, csrfToken: "",
                                  createdAt: token.createdAt, expiresAt: token.expiresAt)
        // A blocked user, or a role taken away since, stops the token at once.
        guard let principal = try await PrincipalLoader.load(session: session, user: user, on: req.db, today: req.today),
              principal.activeGrant.id == token.grantID else {
            throw APIProblem(.unauthorized, Strings.Api.unauthorized, headers: ["WWW-Authenticate": "Bearer"])
        }
        return (principal, token)
    }

    /// «Last used» to the minute: a busy client does not write on every call.
    private static func noteUse(_ token: ApiToken, _ req: Request) async throws {
        if let last = token.lastUsedAt, req.now.timeIntervalSince(last) < 60 { return }
        try await ApiToken.query(on: req.db).filter(\.$id == token.id!).set(\.$lastUsedAt, to: req.now).update()
    }
}

extension Request {
    private struct ApiTokenKey: StorageKey { typealias Value = ApiToken }

    /// The token a call came with (nil on pages).
    var apiToken: ApiToken? {
        get { storage[ApiTokenKey.self] }
        set { storage[ApiTokenKey.self] = newValue }
    }

    /// The principal of an API call; a write also needs the token's import scope.
    func apiPrincipal(writing: Bool = false) throws -> Principal {
        guard let principal, let token = apiToken else { throw APIProblem(.unauthorized, Strings.Api.unauthorized) }
        if writing, token.scope != .import { throw APIProblem(.forbidden, Strings.Api.importScope) }
        return principal
    }
}

/// A token bucket per API token, kept in the token's own row: every instance behind the proxy takes from the same
/// bucket, so a token gets its limit however its calls are spread. `rate` calls a second on average, `burst` at
/// once. One conditional UPDATE refills and takes in one step, so two calls at once never both take the last one.
/// Times are seconds since 1970 as numbers: the same arithmetic on SQLite and PostgreSQL.
struct APIRateLimiter: Sendable {
    let rate: Double
    let burst: Double

    init(rate: Double, burst: Double) {
        (self.rate, self.burst) = (max(rate, 0.001), max(burst, 1))
    }

    /// Takes one call from the token's bucket: nil if allowed, else the whole seconds to wait.
    func take(_ token: UUID, at now: Date, on db: Database) async throws -> Int? {
        let sql = db as! SQLDatabase
        let seconds = now.timeIntervalSince1970
        // The numbers are our own doubles, never input: written into the statement, they keep it one expression.
        let (least, greatest) = sql.dialect.name == "sqlite" ? ("MIN", "MAX") : ("LEAST", "GREATEST")
        let refill = SQLRaw("\(least)(\(burst), COALESCE(bucket_level, \(burst)) + \(greatest)(0, \(seconds) - COALESCE(bucket_at, \(seconds))) * \(rate))")
        let taken = try await sql.update("api_tokens")
            .set("bucket_level", to: SQLBinaryExpression(refill, .subtract, SQLLiteral.numeric("1")))
            .set("bucket_at", to: SQLBind(seconds))
            .where("id", .equal, SQLBind(token))
            .where(refill, .greaterThanOrEqual, SQLLiteral.numeric("1"))
            .returning("id").all()
        guard taken.isEmpty else { return nil }
        let row = try await sql.select().column(SQLAlias(refill, as: SQLIdentifier("level"))).from("api_tokens")
            .where("id", .equal, SQLBind(token)).first()
        let current = (try? row?.decode(column: "level", as: Double.self)) ?? 0
        return max(1, Int(((1 - current) / rate).rounded(.up)))
    }
}

extension Application {
    private struct RateLimiterKey: StorageKey { typealias Value = APIRateLimiter }

    var apiRateLimiter: APIRateLimiter {
        get {
            guard let limiter = storage[RateLimiterKey.self] else { fatalError("configure(_:settings:) was not called") }
            return limiter
        }
        set { storage[RateLimiterKey.self] = newValue }
    }
}
