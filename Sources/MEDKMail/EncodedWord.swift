import Foundation

/// RFC 2047 "B" encoded words for header text that is not plain printable ASCII.
///
/// B (base64) is used rather than Q so that the word length is predictable and
/// no character of the text needs context-dependent escaping.
enum EncodedWord {
    static let maximumLength = 75
    private static let prefix = "=?UTF-8?B?"
    private static let suffix = "?="

    /// Header text must be encoded when a header line could not carry it verbatim,
    /// or when a decoder would misread it as an encoded word.
    static func needsEncoding(_ text: String) -> Bool {
        if text.contains("=?") { return true }
        return text.unicodeScalars.contains { scalar in
            !scalar.isASCII || (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F
        }
    }

    /// Encodes `text` into words of at most `maximumLength` characters; the first one
    /// may be limited further so that it fits behind the header name.
    /// Words never split a character: decoders that decode word by word (many do)
    /// would otherwise show replacement characters.
    static func encode(_ text: String, firstWordLimit: Int = maximumLength) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        var capacity = byteCapacity(forWordLength: max(min(firstWordLimit, maximumLength), 24))

        func flush() {
            words.append(prefix + Data(chunk).base64EncodedString() + suffix)
            chunk.removeAll(keepingCapacity: true)
            capacity = byteCapacity(forWordLength: maximumLength)
        }
        func append(_ bytes: some Collection<UInt8>) {
            if !chunk.isEmpty && chunk.count + bytes.count > capacity { flush() }
            chunk.append(contentsOf: bytes)
        }

        for character in text {
            let bytes = Array(character.utf8)
            if bytes.count <= byteCapacity(forWordLength: maximumLength) {
                append(bytes)
            } else {
                // A grapheme longer than a whole word (long combining sequences) can
                // only be split; scalar boundaries still keep every word valid UTF-8.
                for scalar in character.unicodeScalars { append(Array(String(scalar).utf8)) }
            }
        }
        if !chunk.isEmpty || words.isEmpty { flush() }
        return words
    }

    private static func byteCapacity(forWordLength length: Int) -> Int {
        let base64Characters = (length - prefix.count - suffix.count) / 4 * 4
        return base64Characters / 4 * 3
    }
}

/// Builds folded header lines (RFC 5322 §2.2.3).
enum HeaderField {
    static let preferredLineLength = 78

    /// Joins `tokens` with single spaces, folding between tokens so that lines stay
    /// within 78 characters when the tokens allow it. Returns the field with CRLF.
    static func render(name: String, tokens: [String]) -> String {
        var lines: [String] = []
        var line = name + ":"
        var lineHasToken = false
        for token in tokens {
            let fits = line.utf8.count + 1 + token.utf8.count <= preferredLineLength
            // Never fold before an empty token: that would create a whitespace-only line.
            if fits || !lineHasToken || token.isEmpty {
                line += " " + token
            } else {
                lines.append(line)
                line = " " + token
            }
            lineHasToken = lineHasToken || !token.isEmpty
        }
        lines.append(line)
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// An unstructured value such as Subject: encoded words when needed, otherwise
    /// the text itself, foldable at its spaces.
    static func unstructured(name: String, value: String) -> String {
        if EncodedWord.needsEncoding(value) {
            let firstLimit = preferredLineLength - name.utf8.count - 2
            return render(name: name, tokens: EncodedWord.encode(value, firstWordLimit: firstLimit))
        }
        return render(name: name, tokens: value.split(separator: " ", omittingEmptySubsequences: false).map(String.init))
    }

    static func addressList(name: String, addresses: [EmailAddress]) -> String {
        var tokens: [String] = []
        for (index, address) in addresses.enumerated() {
            var addressTokens = address.headerTokens(firstWordLimit: preferredLineLength - name.utf8.count - 2)
            if index < addresses.count - 1 { addressTokens[addressTokens.count - 1] += "," }
            tokens += addressTokens
        }
        return render(name: name, tokens: tokens)
    }
}

extension EmailAddress {
    /// The address as header text, e.g. `"Doe, Jane" <jane@example.org>`.
    public var headerValue: String {
        headerTokens(firstWordLimit: EncodedWord.maximumLength).joined(separator: " ")
    }

    func headerTokens(firstWordLimit: Int) -> [String] {
        guard let displayName else { return [address] }
        let angle = "<\(address)>"
        if EncodedWord.needsEncoding(displayName) {
            return EncodedWord.encode(displayName, firstWordLimit: firstWordLimit) + [angle]
        }
        if displayName.unicodeScalars.allSatisfy(Self.isPhraseAtomCharacter) {
            return displayName.split(separator: " ").map(String.init) + [angle]
        }
        let escaped = displayName.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"")
        return ["\"\(escaped)\"", angle]
    }

    private static let atomSpecials = Set("!#$%&'*+-/=?^_`{|}~ ".unicodeScalars)

    private static func isPhraseAtomCharacter(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.isASCII else { return false }
        return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
            || ("0"..."9").contains(scalar) || atomSpecials.contains(scalar)
    }
}
