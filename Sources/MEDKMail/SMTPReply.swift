/// A complete (possibly multi-line) server reply.
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    public let code: Int
    /// The text of each line without the code and separator.
    public let lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines.isEmpty ? [""] : lines
    }

    public var text: String { lines.joined(separator: "\n") }

    public var isPositive: Bool { (200..<400).contains(code) }
    public var isTransientFailure: Bool { (400..<500).contains(code) }
    public var isPermanentFailure: Bool { (500..<600).contains(code) }

    /// The reply as the server sent it (CRLF-less), e.g. for logs.
    public var description: String {
        lines.enumerated().map { index, line in
            let separator = index == lines.count - 1 ? " " : "-"
            return line.isEmpty ? "\(code)" : "\(code)\(separator)\(line)"
        }.joined(separator: "\n")
    }
}

/// Assembles replies from lines (RFC 5321 §4.2): `250-first`, `250-second`, `250 last`.
struct SMTPReplyParser {
    struct ParseError: Error, Equatable {
        let line: String
        let reason: String
    }

    /// Bounds memory when a peer streams endless continuation lines.
    static let maximumLines = 512

    private var pendingCode: Int?
    private var pendingLines: [String] = []

    var isIdle: Bool { pendingCode == nil }

    /// Feeds one line without its CRLF; returns a reply once its last line arrived.
    mutating func feed(_ line: String) throws(ParseError) -> SMTPReply? {
        let scalars = Array(line.unicodeScalars.prefix(4))
        guard scalars.count >= 3,
              scalars[0..<3].allSatisfy({ ("0"..."9").contains($0) }),
              ("2"..."5").contains(scalars[0]),
              let code = Int(String(String.UnicodeScalarView(scalars[0..<3])))
        else {
            throw ParseError(line: line, reason: "not an SMTP reply line")
        }
        let separator: Unicode.Scalar = scalars.count > 3 ? scalars[3] : " "
        guard separator == " " || separator == "-" else {
            throw ParseError(line: line, reason: "invalid separator after reply code")
        }
        if let pendingCode, pendingCode != code {
            throw ParseError(line: line, reason: "reply code changed inside a multi-line reply")
        }
        let text = line.unicodeScalars.count > 4 ? String(line.unicodeScalars.dropFirst(4)) : ""
        pendingLines.append(text)
        if separator == "-" {
            guard pendingLines.count < Self.maximumLines else {
                throw ParseError(line: line, reason: "too many continuation lines")
            }
            pendingCode = code
            return nil
        }
        let reply = SMTPReply(code: code, lines: pendingLines)
        pendingCode = nil
        pendingLines = []
        return reply
    }

    /// Parses a complete reply from raw text, for tests and diagnostics.
    static func parse(_ text: String) throws(ParseError) -> SMTPReply {
        var parser = SMTPReplyParser()
        // "\r\n" is a single Character in Swift, so both kinds of break are matched.
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\r\n" || $0 == "\n" }.map(String.init)
        if lines.last == "" { lines.removeLast() }
        for (index, line) in lines.enumerated() {
            if let reply = try parser.feed(line) {
                guard index == lines.count - 1 else {
                    throw ParseError(line: lines[index + 1], reason: "data after the final reply line")
                }
                return reply
            }
        }
        throw ParseError(line: lines.last ?? "", reason: "incomplete reply")
    }
}

/// Capabilities announced in the EHLO reply.
public struct SMTPExtensions: Sendable, Hashable {
    /// Keyword (upper-cased) to its parameters, e.g. `AUTH` → `["PLAIN", "LOGIN"]`.
    public let keywords: [String: [String]]

    public init(ehloReply: SMTPReply) {
        var keywords: [String: [String]] = [:]
        // The first line is the greeting ("host Hello ..."), not an extension.
        for line in ehloReply.lines.dropFirst() {
            var words = line.split(separator: " ").map(String.init)
            guard !words.isEmpty else { continue }
            var keyword = words.removeFirst().uppercased()
            // Old servers announce "AUTH=PLAIN LOGIN" in addition to "AUTH PLAIN LOGIN".
            if keyword.hasPrefix("AUTH=") {
                words.insert(String(keyword.dropFirst(5)), at: 0)
                keyword = "AUTH"
            }
            keywords[keyword, default: []] += words
        }
        self.keywords = keywords
    }

    public init() { keywords = [:] }

    public func supports(_ keyword: String) -> Bool { keywords[keyword.uppercased()] != nil }

    public var supportsStartTLS: Bool { supports("STARTTLS") }
    public var supportsSMTPUTF8: Bool { supports("SMTPUTF8") }
    public var supports8BitMIME: Bool { supports("8BITMIME") }
    public var authMechanisms: Set<String> { Set((keywords["AUTH"] ?? []).map { $0.uppercased() }) }

    /// The announced message size limit; nil when absent or unlimited (0).
    public var maximumMessageSize: Int? {
        guard let value = keywords["SIZE"]?.first, let size = Int(value), size > 0 else { return nil }
        return size
    }
}
