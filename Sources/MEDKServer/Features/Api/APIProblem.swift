import Fluent
import OpenAPIRuntime
import Vapor

/// A refusal of the API, answered as `application/problem+json` (RFC 9457) with a Russian `detail`.
struct APIProblem: AbortError {
    struct FieldError: Content, Equatable {
        /// The item's index in the request's list, from 0; nil for the request as a whole.
        var item: Int?
        var field: String
        var detail: String
    }

    var status: HTTPResponseStatus
    var detail: String
    var headers: HTTPHeaders
    var errors: [FieldError]

    init(_ status: HTTPResponseStatus, _ detail: String, headers: HTTPHeaders = [:], errors: [FieldError] = []) {
        (self.status, self.detail, self.headers, self.errors) = (status, detail, headers, errors)
    }

    var reason: String { detail }

    private struct Body: Content {
        var type = "about:blank"
        var title: String
        var status: Int
        var detail: String
        var instance: String
        var errors: [FieldError]?
    }

    /// Any failure of an API route as a problem: MEDK's own refusals keep their Russian reason; a request the
    /// generated server could not read is a 400 (or a 422 for a body of the wrong shape); anything else is a 500
    /// that says nothing about the inside.
    static func response(for error: Error, _ request: Request) -> Response {
        var problem = problem(for: error)
        // The router found no route: a path the API has, asked with another method, is a 405 that says which.
        if problem.status == .notFound, request.route == nil {
            let allowed = allowedMethods(request)
            if !allowed.isEmpty {
                problem = APIProblem(.methodNotAllowed, Strings.Api.methodNotAllowed(allowed), headers: ["Allow": allowed.joined(separator: ", ")])
            }
        }
        if problem.status == .internalServerError { request.logger.error("\(String(reflecting: error))") }
        let code = Int(problem.status.code)
        let body = Body(title: Strings.Api.title(code), status: code, detail: problem.detail, instance: request.url.path,
                        errors: problem.errors.isEmpty ? nil : problem.errors)
        let response = Response(status: problem.status, headers: problem.headers)
        try? response.content.encode(body, as: .json)
        response.headers.contentType = HTTPMediaType(type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])
        return response
    }

    private static func allowedMethods(_ request: Request) -> [String] {
        let asked = request.url.path.split(separator: "/").map(String.init)
        let methods = request.application.routes.all.filter { route in
            route.path.count == asked.count && zip(route.path, asked).allSatisfy { component, part in
                switch component {
                case .constant(let text): text == part
                case .parameter: true
                default: false
                }
            }
        }.map(\.method.rawValue)
        return Array(Set(methods)).sorted()
    }

    private static func problem(for error: Error) -> APIProblem {
        if let server = error as? ServerError {
            // No input yet: the generated server could not read the request (a parameter, the body, its type).
            guard server.operationInput == nil else { return problem(for: server.underlyingError) }
            // A body of the wrong shape names its field (422); a parameter that does not read is a plain 400.
            if let decoding = server.underlyingError as? DecodingError, server.requestBody != nil, server.request.method == .post {
                return APIProblem(.unprocessableEntity, Strings.Api.invalid, errors: [field(decoding)])
            }
            if server.causeDescription.localizedCaseInsensitiveContains("content type") {
                return APIProblem(.unsupportedMediaType, Strings.Api.unsupportedMediaType)
            }
            return APIProblem(.badRequest, Strings.Api.badRequest)
        }
        if let problem = error as? APIProblem { return problem }
        if let database = error as? DatabaseError, database.isConstraintFailure { return APIProblem(.conflict, Strings.Errors.duplicate) }
        if ErrorPagesMiddleware.isOverloaded(error) { return APIProblem(.serviceUnavailable, Strings.Errors.busy, headers: ["Retry-After": "30"]) }
        if let abort = error as? AbortError {
            let status = abort.status
            let own = ErrorPagesMiddleware.ownReason(abort)
            let detail: String = switch status {
            case .notFound: own ?? Strings.Api.notFound
            case .payloadTooLarge: Strings.Api.tooLarge
            case .unsupportedMediaType: Strings.Api.unsupportedMediaType
            default: own ?? (status.code < 500 ? Strings.Api.badRequest : Strings.Errors.server)
            }
            return APIProblem(status, detail, headers: abort.headers)
        }
        return APIProblem(.internalServerError, Strings.Errors.server)
    }

    /// The place in the body a decoding error points at: `schools[3].locality`.
    private static func field(_ error: DecodingError) -> FieldError {
        let path: [any CodingKey] = switch error {
        case .keyNotFound(let key, let context): context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): context.codingPath
        @unknown default: []
        }
        // Like the validation's problems: the item's index in the list, and the field inside the item.
        let index = path.firstIndex { $0.intValue != nil }
        let item = index.flatMap { path[$0].intValue }
        let inside = index.map { Array(path[(path.index(after: $0))...]) } ?? path
        let field = inside.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        let detail = switch error {
        case .keyNotFound: "Обязательное поле не передано."
        case .typeMismatch, .valueNotFound: "Значение не того типа, что в описании API."
        default: "Недопустимое значение: допустимые перечислены в описании API (/api)."
        }
        return FieldError(item: item, field: field.isEmpty ? "body" : field, detail: detail)
    }
}
