import AsyncKit
import Fluent
import Plot
import SQLiteNIO
import Vapor

/// Errors become Russian HTML pages with a way back; API paths get JSON instead.
struct ErrorPagesMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return render(error, for: request)
        }
    }

    private func render(_ error: Error, for request: Request) -> Response {
        if request.url.path.hasPrefix("/api/") { return APIProblem.response(for: error, request) }
        // A unique index refused a second identical write (two tabs, a double click, a parallel import):
        // nothing was written twice and the person hears so, never a server error.
        let abort = (error as? DatabaseError).flatMap { $0.isConstraintFailure ? Abort(.conflict, reason: Strings.Errors.duplicate) : nil }
            ?? (Self.isOverloaded(error) ? Abort(.serviceUnavailable, headers: ["Retry-After": "30"], reason: Strings.Errors.busy) : nil)
            ?? error as? AbortError
        let status = abort?.status ?? .internalServerError
        if let abort, (300..<400).contains(Int(status.code)) {
            let response = Response(status: status, headers: abort.headers)
            return response
        }
        if status == .internalServerError {
            request.logger.error("\(String(reflecting: error))")
        }
        // The upload sessions' answers are read by the page's script, which shows their `error` as it is.
        if Self.isUploadSession(request.url.path) {
            let response = Response(status: status)
            try? response.content.encode(["error": Self.ownReason(abort) ?? Self.defaultText(status, request)], as: .json)
            return response
        }
        let title = switch status {
        case .notFound: Strings.Errors.notFoundTitle
        case .forbidden: Strings.Errors.forbiddenTitle
        case .conflict: Strings.Errors.conflictTitle
        case .serviceUnavailable: Strings.Errors.busyTitle
        case .payloadTooLarge: Strings.Errors.tooLargeTitle
        case .badRequest, .unprocessableEntity, .unsupportedMediaType, .uriTooLong: Strings.Errors.badRequestTitle
        default: Strings.Errors.serverTitle
        }
        let text = Self.ownReason(abort) ?? Self.defaultText(status, request)
        let response = Layout.render(
            PageContext(request), title: title, status: status,
            .p(.class("lead"), .text(text)),
            .p(.a(.class("button"), .href(SiteURL.home.path), .text(Strings.Common.home)))
        )
        for (name, value) in abort?.headers ?? [:] { response.headers.replaceOrAdd(name: name, value: value) }
        return response
    }

    static func isUploadSession(_ path: String) -> Bool {
        path == SiteURL.uploads.path || path.hasPrefix(SiteURL.uploads.path + "/")
    }

    /// The database could not take the request in time (every connection busy, or SQLite's write lock held
    /// past `writeTransaction`'s patience): nothing was written, and trying again later is the right advice.
    static func isOverloaded(_ error: Error) -> Bool {
        if error is ConnectionPoolTimeoutError { return true }
        if let sqlite = error as? SQLiteError { return sqlite.reason == .busy || sqlite.reason == .locked }
        return false
    }

    /// A reason MEDK wrote for the person (Russian, from Strings). Vapor's own reasons (decoding errors and the
    /// like) are English developer text and never reach the page.
    static func ownReason(_ abort: AbortError?) -> String? {
        guard let reason = abort?.reason, reason.unicodeScalars.contains(where: { (0x0400...0x04FF).contains($0.value) })
        else { return nil }
        return reason
    }

    private static func defaultText(_ status: HTTPStatus, _ request: Request) -> String {
        switch status {
        case .notFound: Strings.Errors.notFound
        case .forbidden: Strings.Errors.forbidden
        case .payloadTooLarge: Strings.Import.tooLarge(request.settings.maxImportBytes / 1024 / 1024)
        case .badRequest, .unprocessableEntity, .unsupportedMediaType, .uriTooLong, .conflict: Strings.Errors.badRequest
        default: Strings.Errors.server
        }
    }
}

/// Headers that keep pages from loading anything from elsewhere or being framed.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    static let pagePolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    static let filePolicy = "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        // A stored file (a school's PDF, a picture, a video) opened in the browser runs in a sandbox: an HTML or
        // SVG file that slipped through could not run script with the site's cookies.
        let isFile = response.headers.contains(name: .contentDisposition)
        var headers: [(String, String)] = [
            ("Content-Security-Policy", isFile ? Self.filePolicy : Self.pagePolicy),
            ("X-Content-Type-Options", "nosniff"),
            // A stored file may show inside its own document page (the PDF preview); a page never in a frame.
            ("X-Frame-Options", isFile ? "SAMEORIGIN" : "DENY"),
            ("Referrer-Policy", "same-origin"),
        ]
        if request.settings.strictTransport {
            headers.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
        }
        for (name, value) in headers where !response.headers.contains(name: name) {
            response.headers.add(name: name, value: value)
        }
        return response
    }
}
