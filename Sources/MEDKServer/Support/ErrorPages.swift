import Plot
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
        let abort = error as? AbortError
        let status = abort?.status ?? .internalServerError
        if let abort, (300..<400).contains(Int(status.code)) {
            let response = Response(status: status, headers: abort.headers)
            return response
        }
        if status == .internalServerError {
            request.logger.error("\(String(reflecting: error))")
        }
        if request.url.path.hasPrefix("/api/") {
            let body = ["error": abort?.reason ?? status.reasonPhrase]
            let response = Response(status: status)
            try? response.content.encode(body, as: .json)
            return response
        }
        let (title, text): (String, String) = switch status {
        case .notFound: (Strings.Errors.notFoundTitle, Strings.Errors.notFound)
        case .forbidden: (Strings.Errors.forbiddenTitle, abort?.reason == Strings.Errors.csrf ? Strings.Errors.csrf : Strings.Errors.forbidden)
        case .payloadTooLarge: (Strings.Errors.badRequestTitle,
                                Strings.Import.tooLarge(request.settings.maxImportBytes / 1024 / 1024))
        case .badRequest, .unprocessableEntity, .unsupportedMediaType: (Strings.Errors.badRequestTitle, Strings.Errors.badRequest)
        case .conflict: (Strings.Errors.conflictTitle, abort?.reason ?? Strings.Errors.badRequest)
        default: (Strings.Errors.serverTitle, Strings.Errors.server)
        }
        let response = Layout.render(
            PageContext(request), title: title, status: status,
            .p(.class("lead"), .text(text)),
            .p(.a(.class("button"), .href(SiteURL.home.path), .text(Strings.Common.home)))
        )
        return response
    }
}

/// Headers that keep pages from loading anything from elsewhere or being framed.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers: [(String, String)] = [
            ("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "same-origin"),
        ]
        for (name, value) in headers where !response.headers.contains(name: name) {
            response.headers.add(name: name, value: value)
        }
        return response
    }
}
