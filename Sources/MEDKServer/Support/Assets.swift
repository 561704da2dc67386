import Crypto
import Foundation
import Vapor

/// The stylesheet, the script and the icon, compiled into the binary (SwiftPM's embedInCode), so every page is
/// styled wherever the binary is started from or copied to. Pages link each by a path carrying a digest of its
/// bytes: a browser on a slow line keeps it for a year and fetches it again only when it changed.
enum Asset: CaseIterable, Sendable {
    case stylesheet, script, icon

    var path: String {
        switch self {
        case .stylesheet: "/css/medk.css"
        case .script: "/js/medk.js"
        case .icon: "/favicon.svg"
        }
    }

    var contentType: String {
        switch self {
        case .stylesheet: "text/css; charset=utf-8"
        case .script: "text/javascript; charset=utf-8"
        case .icon: "image/svg+xml"
        }
    }

    var bytes: [UInt8] { Self.loaded[self]!.bytes }
    var version: String { Self.loaded[self]!.version }
    /// What pages link to.
    var url: String { "\(path)?v=\(version)" }

    private static let loaded: [Asset: (bytes: [UInt8], version: String)] = Dictionary(uniqueKeysWithValues: allCases.map { asset in
        let bytes = switch asset {
        case .stylesheet: PackageResources.medk_css
        case .script: PackageResources.medk_js
        case .icon: PackageResources.favicon_svg
        }
        return (asset, (bytes, SHA256.hash(data: bytes).prefix(6).map { String(format: "%02x", $0) }.joined()))
    })

    static func at(_ path: String) -> Asset? { allCases.first { $0.path == path } }
}

/// Answers the asset paths before routing; everything else goes on to the routes.
struct AssetsMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        guard request.method == .GET || request.method == .HEAD, let asset = Asset.at(request.url.path) else {
            return try await next.respond(to: request)
        }
        let etag = "\"\(asset.version)\""
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: asset.contentType)
        headers.replaceOrAdd(name: .eTag, value: etag)
        // The versioned link never changes meaning; a bare path (an old page, a bookmark) is checked again soon.
        let versioned = (try? request.query.get(String.self, at: "v")) == asset.version
        headers.replaceOrAdd(name: .cacheControl, value: versioned ? "public, max-age=31536000, immutable" : "public, max-age=300")
        if request.headers.first(name: .ifNoneMatch) == etag {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(buffer: ByteBuffer(bytes: asset.bytes)))
    }
}
