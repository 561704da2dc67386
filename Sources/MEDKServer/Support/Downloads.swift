import MEDKCore
import Vapor

enum Downloads {
    /// A stored file streamed from the store under its own name: shown in the browser when it can preview the kind
    /// (a PDF, a picture), else downloaded. Each caller has checked who may read it and says how long it may be kept.
    static func stored(_ req: Request, sha256: String, name: String, kind: UploadKind?, cacheControl: String) async throws -> Response {
        guard let response = try await req.application.fileStore.download(sha256, for: req) else { throw Abort(.notFound) }
        response.headers.replaceOrAdd(name: .contentType, value: kind?.mimeType ?? "application/octet-stream")
        response.headers.replaceOrAdd(name: .contentDisposition, value: disposition(name, inline: kind?.previewsInBrowser == true))
        response.headers.replaceOrAdd(name: .cacheControl, value: cacheControl)
        return response
    }

    /// A file made in memory (exports, templates) sent as a download.
    static func response(_ data: Data, fileName: String, contentType: String) -> Response {
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: contentType)
        response.headers.replaceOrAdd(name: .contentDisposition, value: disposition(fileName, inline: false))
        return response
    }

    /// `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): an ASCII fallback for old clients,
    /// the percent-encoded Cyrillic name for everyone else.
    static func disposition(_ fileName: String, inline: Bool) -> String {
        let ascii = String(fileName.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && scalar.value >= 0x20 && scalar != "\"" && scalar != "\\" ? Character(scalar) : "_"
        })
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let encoded = fileName.addingPercentEncoding(withAllowedCharacters: allowed) ?? ascii
        return "\(inline ? "inline" : "attachment"); filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }
}
