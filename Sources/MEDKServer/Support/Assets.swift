import Crypto
import Foundation
import NIOConcurrencyHelpers
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

    var bytes: [UInt8] { Self.loaded.withLockedValue { $0[self]! }.bytes }
    var version: String { Self.loaded.withLockedValue { $0[self]! }.version }
    /// What pages link to.
    var url: String { "\(path)?v=\(version)" }

    /// Where the file sits under `Public/`.
    var file: String { String(path.dropFirst()) }

    private typealias Table = [Asset: (bytes: [UInt8], version: String)]

    private static let loaded = NIOLockedValueBox<Table>(table { asset in
        switch asset {
        case .stylesheet: PackageResources.medk_css
        case .script: PackageResources.medk_js
        case .icon: PackageResources.favicon_svg
        }
    })

    private static func table(_ bytes: (Asset) throws -> [UInt8]) rethrows -> Table {
        var table = Table()
        for asset in allCases {
            let content = try bytes(asset)
            table[asset] = (content, SHA256.hash(data: content).prefix(6).map { String(format: "%02x", $0) }.joined())
        }
        return table
    }

    /// For whoever edits the stylesheet or script (MEDK_PUBLIC_DIR): served from that directory instead, read at
    /// start, so a missing file stops the start with its name rather than leaving pages unstyled.
    static func use(directory: String) throws {
        let table = try table { asset in
            let url = URL(fileURLWithPath: directory).appendingPathComponent(asset.file)
            guard let data = FileManager.default.contents(atPath: url.path) else { throw MissingAsset(path: url.path) }
            return [UInt8](data)
        }
        loaded.withLockedValue { $0 = table }
    }

    struct MissingAsset: Error, CustomStringConvertible {
        let path: String
        var description: String { Strings.Errors.missingAsset(path) }
    }

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
