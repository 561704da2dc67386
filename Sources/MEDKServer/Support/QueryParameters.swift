import Vapor

/// The query parameters every list shares, bounded where they are read: Swift traps on an overflowing
/// `(page - 1) * 50`, and one such GET would stop the server for everyone.
extension Request {
    /// No list is longer than this many pages; a larger number shows the last (empty) page.
    static let maxPage = 100_000
    /// Searches look at names and logins; a longer text is cut (SQLite refuses very long LIKE patterns).
    static let maxSearchLength = 200

    /// `?page=`, from 1 to `maxPage`; anything else (missing, negative, not a number, huge) is read as the nearest bound.
    var pageNumber: Int {
        let text = (try? query.get(String.self, at: "page")) ?? ""
        guard !text.isEmpty else { return 1 }
        guard let number = Int(text) else {
            return text.hasPrefix("-") || text.allSatisfy({ !$0.isNumber }) ? 1 : Self.maxPage
        }
        return min(max(1, number), Self.maxPage)
    }

    /// `?q=`, trimmed and at most `maxSearchLength` characters.
    var searchText: String {
        String(((try? query.get(String.self, at: "q")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            .prefix(Self.maxSearchLength))
    }
}
