import MultipartKit
import Vapor

/// A form's body at the door: read no further than the route's limit, and a multipart body that the form decoder
/// could not parse (an empty boundary even trips a precondition in MultipartKit and would stop the process) is
/// refused here with 400, so no handler ever decodes a broken one.
enum FormBody {
    static func checkBoundary(_ request: Request) throws {
        guard let type = request.headers.contentType, type.type == "multipart" else { return }
        let boundary = type.parameters["boundary"] ?? ""
        guard (1...70).contains(boundary.utf8.count) else { throw Abort(.badRequest, reason: Strings.Errors.malformedForm) }
    }

    static func collect(_ request: Request, limit: Int) async throws {
        let tooLarge = Abort(.payloadTooLarge, reason: Strings.Errors.bodyTooLarge(kilobytes: limit / 1024))
        // A declared length over the limit is refused before a byte is read; a body that arrived whole with
        // its head (Vapor hands it over already collected) is measured as it is.
        if let declared = request.headers.first(name: .contentLength).flatMap(Int.init), declared > limit { throw tooLarge }
        let body: ByteBuffer?
        do {
            body = try await request.body.collect(max: limit).get()
        } catch let error as Abort where error.status == .payloadTooLarge {
            throw tooLarge
        }
        guard let body else { return }
        if body.readableBytes > limit { throw tooLarge }
        if let type = request.headers.contentType, type.type == "multipart", let boundary = type.parameters["boundary"] {
            let parser = MultipartParser(boundary: boundary)
            do { try parser.execute(body) } catch { throw Abort(.badRequest, reason: Strings.Errors.malformedForm) }
        }
    }
}

/// How a route takes its body, kept on the route so that the CSRF check reads no more than the route would.
enum RouteBody: Sendable {
    /// Collected in memory up to this many bytes (nil: the application's default).
    case collect(Int?)
    /// Streamed to disk by the handler.
    case stream

    static let key: AnySendableHashable = "medk.body"

    static func of(_ route: Route) -> RouteBody { route.userInfo[key] as? RouteBody ?? .collect(nil) }
}

extension RoutesBuilder {
    /// A POST whose multipart body streams to disk (documents, evidence).
    @discardableResult
    func upload(_ path: [PathComponent], use closure: @Sendable @escaping (Request) async throws -> Response) -> Route {
        let route = on(.POST, path, body: .stream, use: closure)
        route.userInfo[RouteBody.key] = RouteBody.stream
        return route
    }

    /// A PUT whose body streams to the handler (a chunk of a resumable upload).
    @discardableResult
    func chunk(_ path: [PathComponent], use closure: @Sendable @escaping (Request) async throws -> Response) -> Route {
        let route = on(.PUT, path, body: .stream, use: closure)
        route.userInfo[RouteBody.key] = RouteBody.stream
        return route
    }

    /// A POST whose body is collected in memory up to `maxBytes` (imports, the sign-in form).
    @discardableResult
    func form(_ path: [PathComponent], maxBytes: Int,
              use closure: @Sendable @escaping (Request) async throws -> Response) -> Route {
        let route = on(.POST, path, body: .collect(maxSize: ByteCount(value: maxBytes)), use: closure)
        route.userInfo[RouteBody.key] = RouteBody.collect(maxBytes)
        return route
    }
}
