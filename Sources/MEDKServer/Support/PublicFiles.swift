import Foundation
import Vapor

/// The stylesheet, scripts and icon of `Public/`. Only paths under its own top-level entries reach the file
/// system: every other request (a page, or a 5,000-character path segment that made `stat` fail with «file name
/// too long» and the request answer 500) goes straight to the routes.
struct PublicFiles: AsyncMiddleware {
    private let files: FileMiddleware
    private let entries: Set<String>

    init(directory: String) {
        files = FileMiddleware(publicDirectory: directory, defaultFile: nil, advancedETagComparison: true)
        entries = Set((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
    }

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard path.utf8.count <= 1024, let first = path.split(separator: "/").first, entries.contains(String(first))
        else { return try await next.respond(to: request) }
        return try await files.respond(to: request, chainingTo: next)
    }
}
