import Fluent
import Foundation
import MEDKCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import MEDKServer

/// The moment the tests live in: a weekday of the 2021 cycle, in Moscow working hours.
let testNow = Date(timeIntervalSince1970: 1_615_370_400) // 10.03.2021 10:00 UTC

/// Runs `body` against a freshly configured and migrated MEDK: in-memory SQLite by default, or a
/// throwaway schema of the PostgreSQL database named by DATABASE_URL (so tests can run in parallel).
func withMEDK(demo: Bool = true, settings adjust: (inout Settings) -> Void = { _ in },
              _ body: (Application) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    // A request log per test request buries the one line that says what failed.
    app.logger.logLevel = .warning
    let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("medk-test-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dataDirectory) }
    var settings = try Settings.load(for: .testing, dataDirectory: dataDirectory.path)
    settings.clock = .manual(testNow)
    adjust(&settings)
    var schema: String?
    if case .postgres(let url, _) = settings.database {
        schema = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        settings.database = .postgres(url: url, searchPath: [schema!])
        await PostgresSlots.shared.acquire()
    }
    defer { if schema != nil { Task { await PostgresSlots.shared.release() } } }
    do {
        try await configure(app, settings: settings)
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    do {
        if let schema { try await (app.db as! SQLDatabase).raw("CREATE SCHEMA \(ident: schema)").run() }
        try await app.autoMigrate()
        if demo { try await DemoData.seed(on: app.db, hasher: app.password.async) }
        try await body(app)
    } catch {
        try? await dropSchema(schema, app)
        try? await app.asyncShutdown()
        throw error
    }
    try await dropSchema(schema, app)
    try await app.asyncShutdown()
}

/// PostgreSQL serves 100 connections and each test app may hold one per event loop (one per core),
/// so only so many apps run against it at once; the rest wait their turn. A machine with more cores
/// gets fewer apps at a time, not "too many clients".
private actor PostgresSlots {
    static let shared = PostgresSlots(limit: max(1, 60 / max(1, System.coreCount)))
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { free = limit }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}

private func dropSchema(_ schema: String?, _ app: Application) async throws {
    guard let schema else { return }
    try await (app.db as! SQLDatabase).raw("DROP SCHEMA \(ident: schema) CASCADE").run()
}

/// A browser for the tests: keeps cookies, remembers the CSRF token of the last page, follows nothing
/// by itself so that tests can check redirects.
final class Browser {
    let app: Application
    private(set) var cookies: [String: String] = [:]
    private(set) var csrf = ""
    private(set) var last: Page?

    struct Page {
        let status: HTTPStatus
        let headers: HTTPHeaders
        let body: String
        let data: Data

        var location: String? { headers.first(name: .location) }
        func contains(_ text: String) -> Bool { body.contains(text) }
        /// The body without the `<abbr>` marks tables put around abbreviations («МОБУ», «СОШ»): a school's name as typed.
        var plain: String { body.replacing(/<\/?abbr[^>]*>/, with: "") }
        /// The body with its CSRF tokens blanked: each page masks the token afresh, so two renderings of the same
        /// figures differ only there.
        var figures: String { body.replacing(/name="_csrf" value="[^"]*"/, with: "name=\"_csrf\"") }
    }

    init(_ app: Application) { self.app = app }

    /// A second tab of the same signed-in browser.
    init(_ app: Application, cookies: [String: String], csrf: String) {
        self.app = app
        self.cookies = cookies
        self.csrf = csrf
    }

    @discardableResult
    func get(_ path: String) async throws -> Page {
        try await send(.GET, path, body: nil, contentType: nil)
    }

    /// A GET with request headers of its own (a cache asking `If-None-Match`).
    @discardableResult
    func get(_ path: String, headers: [String: String]) async throws -> Page {
        try await send(.GET, path, body: nil, contentType: nil, headers: headers)
    }

    /// Posts a form with the current CSRF token (unless `csrf: false`).
    @discardableResult
    func post(_ path: String, _ form: [String: String] = [:], csrf includeToken: Bool = true) async throws -> Page {
        var fields = form
        if includeToken, fields["_csrf"] == nil { fields["_csrf"] = csrf }
        let body = fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        return try await send(.POST, path, body: ByteBuffer(string: body), contentType: "application/x-www-form-urlencoded")
    }

    /// Uploads one file as multipart/form-data under the field name `file`, the CSRF token in the body.
    @discardableResult
    func upload(_ path: String, fileName: String, data: Data, contentType: String = "text/csv") async throws -> Page {
        try await upload(path, files: [(fileName, data)], fields: ["_csrf": csrf], contentType: contentType)
    }

    /// Uploads documents the way the roadmap form does: the token as the first field, files streamed.
    @discardableResult
    func uploadDocuments(_ path: String, _ files: [(String, Data)], title: String? = nil) async throws -> Page {
        try await upload(path, files: files, fields: ["_csrf": csrf].merging(title.map { ["title": $0] } ?? [:]) { a, _ in a },
                         contentType: "application/octet-stream")
    }

    /// A multipart form with fields and files, the CSRF token among the fields (before every file, as forms send it).
    @discardableResult
    func postMultipart(_ path: String, fields: [String: String], files: [(String, Data)] = [],
                       contentType: String = "text/csv") async throws -> Page {
        try await upload(path, files: files, fields: fields.merging(["_csrf": csrf]) { mine, _ in mine },
                         contentType: contentType)
    }

    /// Any body with any content type, as a hostile client would send it.
    @discardableResult
    func raw(_ method: HTTPMethod, _ path: String, body: Data, contentType: String) async throws -> Page {
        try await send(method, path, body: ByteBuffer(data: body), contentType: contentType)
    }

    /// What a page's script sends: the token in the X-CSRF-Token header.
    @discardableResult
    func script(_ method: HTTPMethod, _ path: String, body: Data = Data(), contentType: String = "application/octet-stream") async throws -> Page {
        try await send(method, path, body: ByteBuffer(data: body), contentType: contentType, headers: ["X-CSRF-Token": csrf])
    }

    /// A multipart upload with no token field at all (an attacker's form, or the old token-in-the-URL forms).
    @discardableResult
    func postMultipartWithoutToken(_ path: String, file: (String, Data)) async throws -> Page {
        try await upload(path, files: [file], fields: [:], contentType: "application/octet-stream")
    }

    private func upload(_ path: String, files: [(String, Data)], fields: [String: String], contentType: String) async throws -> Page {
        let boundary = "----medk\(UUID().uuidString)"
        var body = ByteBuffer()
        for (name, value) in fields {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for (fileName, data) in files {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: \(contentType)\r\n\r\n")
            body.writeBytes(data)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        return try await send(.POST, path, body: body, contentType: "multipart/form-data; boundary=\(boundary)")
    }

    /// Signs in through the real form and lands on the home page.
    @discardableResult
    func signIn(_ login: String, password: String = DemoData.password) async throws -> Page {
        try await get("/login")
        let result = try await post("/login", ["login": login, "password": password])
        guard result.status == .seeOther, let location = result.location else { return result }
        return try await get(location)
    }

    func setCookie(_ name: String, _ value: String) { cookies[name] = value }

    private func send(_ method: HTTPMethod, _ path: String, body: ByteBuffer?, contentType: String?,
                      headers extra: [String: String] = [:]) async throws -> Page {
        var headers = HTTPHeaders()
        for (name, value) in extra { headers.add(name: name, value: value) }
        if !cookies.isEmpty {
            headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        if let contentType { headers.add(name: .contentType, value: contentType) }
        let request = TestingHTTPRequest(method: method, url: URI(path: path), headers: headers,
                                         body: body ?? ByteBuffer())
        let response = try await app.testing().performTest(request: request)
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0]), value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || header.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        let text = String(buffer: response.body)
        if let token = Self.csrfToken(in: text) { csrf = token }
        let page = Page(status: response.status, headers: response.headers, body: text, data: Data(buffer: response.body))
        last = page
        return page
    }

    private static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    private static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// Looks things up in the demo data by name, as the tests' stories refer to them.
enum Demo {
    static func school(_ fullName: String, _ app: Application) async throws -> School {
        try #require(try await School.query(on: app.db).filter(\.$fullName == fullName).first())
    }

    static func user(_ login: String, _ app: Application) async throws -> User {
        try #require(try await User.query(on: app.db).filter(\.$login == login).first())
    }

    static func municipality(_ name: String, _ app: Application) async throws -> Municipality {
        try #require(try await Municipality.query(on: app.db).filter(\.$name == name).first())
    }

    static func region(_ name: String, _ app: Application) async throws -> Region {
        try #require(try await Region.query(on: app.db).filter(\.$name == name).first())
    }

    static let gusino = "МБОУ «Гусинская СШ» Краснинского района"
    static let merlino = "МБОУ «Мерлинская школа» Краснинского района"
    static let safonovo3 = "МБОУ «СОШ № 3» г. Сафонова"
    static let kokuy = "МОУ Кокуйская СОШ № 2"
}
