/// Why validation fails; kept coarse because callers mostly show it to a person.
public enum EmailAddressError: Error, Sendable, Equatable {
    case empty
    case tooLong
    case missingAt
    case invalidCharacter
    case invalidLocalPart
    case invalidDomain
    case invalidDisplayName
}

/// A mailbox (`local@domain`) with an optional human-readable name.
///
/// Validation is deliberately pragmatic: it accepts the dot-atom forms real
/// mailboxes use and refuses anything that could break an SMTP command line or a
/// header (whitespace, CR/LF, control characters, angle brackets, quotes).
/// Quoted local parts and address literals are refused on purpose.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    public let address: String
    public let displayName: String?

    /// The longest address that fits into an SMTP forward-path (RFC 5321 §4.5.3.1.3).
    public static let maximumLength = 254

    public init(_ address: String, displayName: String? = nil) throws(EmailAddressError) {
        try Self.validate(address)
        if let displayName {
            if displayName.unicodeScalars.contains(where: Self.isControl) {
                throw .invalidDisplayName
            }
        }
        self.address = address
        let trimmed = displayName?.trimmingSpaces
        self.displayName = (trimmed?.isEmpty ?? true) ? nil : trimmed
    }

    /// Non-throwing convenience for call sites that only need a yes/no answer.
    public static func isValid(_ address: String) -> Bool {
        (try? validate(address)) != nil
    }

    public var localPart: Substring {
        address[..<address.lastIndex(of: "@")!]
    }

    public var domain: Substring {
        address[address.index(after: address.lastIndex(of: "@")!)...]
    }

    /// True when the address itself needs the SMTPUTF8 extension to be transported.
    public var requiresSMTPUTF8: Bool {
        !address.unicodeScalars.allSatisfy(\.isASCII)
    }

    public var description: String {
        if let displayName { return "\(displayName) <\(address)>" }
        return address
    }

    private static func validate(_ address: String) throws(EmailAddressError) {
        if address.isEmpty { throw .empty }
        if address.utf8.count > maximumLength { throw .tooLong }
        if address.unicodeScalars.contains(where: { isControl($0) || $0.properties.isWhitespace }) {
            throw .invalidCharacter
        }
        guard let at = address.lastIndex(of: "@") else { throw .missingAt }
        let local = address[..<at]
        let domain = address[address.index(after: at)...]
        try validateLocalPart(local)
        try validateDomain(domain)
    }

    private static let localSpecials = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)

    private static func validateLocalPart(_ local: Substring) throws(EmailAddressError) {
        if local.isEmpty || local.utf8.count > 64 { throw .invalidLocalPart }
        if local.hasPrefix(".") || local.hasSuffix(".") || local.contains("..") {
            throw .invalidLocalPart
        }
        for scalar in local.unicodeScalars {
            let ok = scalar == "." || localSpecials.contains(scalar)
                || isASCIIAlphanumeric(scalar) || !scalar.isASCII
            if !ok { throw .invalidCharacter }
        }
    }

    private static func validateDomain(_ domain: Substring) throws(EmailAddressError) {
        if domain.isEmpty || domain.utf8.count > 253 { throw .invalidDomain }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        // A dotless domain is valid in theory but in practice a typo ("user@gmail").
        if labels.count < 2 { throw .invalidDomain }
        for label in labels {
            if label.isEmpty || label.utf8.count > 63 { throw .invalidDomain }
            if label.hasPrefix("-") || label.hasSuffix("-") { throw .invalidDomain }
            for scalar in label.unicodeScalars {
                // Non-ASCII is allowed for IDNs; they travel with SMTPUTF8.
                let ok = scalar == "-" || isASCIIAlphanumeric(scalar) || !scalar.isASCII
                if !ok { throw .invalidDomain }
            }
        }
        if let tld = labels.last, tld.unicodeScalars.allSatisfy({ $0.isASCII && ("0"..."9").contains($0) }) {
            throw .invalidDomain
        }
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
            || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    private static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while scalars.first?.isWhitespace == true { scalars.removeFirst() }
        while scalars.last?.isWhitespace == true { scalars.removeLast() }
        return String(scalars)
    }
}
