import Foundation

/// The one check for a path that came from the request and will be sent back as a redirect (`?next=` after
/// sign-in, a form's `back`): a path on this site only, never another host, never a character that could end
/// the Location header and start another one, and re-encoded before it is written.
enum LocalPath {
    static let maxLength = 2000

    /// The path re-encoded, if it is a same-site path under `prefix`; nil otherwise.
    static func validated(_ candidate: String?, under prefix: String = "/") -> String? {
        guard let candidate, candidate.utf8.count <= maxLength, candidate.hasPrefix("/"), !candidate.hasPrefix("//"),
              candidate.hasPrefix(prefix),
              !candidate.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\\" }),
              let parsed = URLComponents(string: candidate), parsed.scheme == nil, parsed.host == nil,
              parsed.percentEncodedPath.hasPrefix("/"), !parsed.percentEncodedPath.hasPrefix("//")
        else { return nil }
        var rebuilt = URLComponents()
        rebuilt.percentEncodedPath = parsed.percentEncodedPath
        rebuilt.percentEncodedQuery = parsed.percentEncodedQuery
        guard let text = rebuilt.string, !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value >= 0x7F })
        else { return nil }
        return text
    }
}
