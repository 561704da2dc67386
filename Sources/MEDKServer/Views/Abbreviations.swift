import Plot

/// Abbreviations in tables carry their expansion (`<abbr title>`), so a newcomer meeting «ШНОР» or «МНЦ» in a column
/// learns what it is where it stands. The glossary is the help page's (`Strings.Help.glossary`).
enum Abbreviations {
    private static let known: [String: String] = Dictionary(
        Strings.Help.glossary.map { ($0.abbreviation, $0.expansion) }, uniquingKeysWith: { first, _ in first })
    /// Two or more capitals: the cheap test that lets ordinary text through untouched.
    private static let longest = known.keys.map(\.count).max() ?? 0

    /// The text, with each known abbreviation (a whole word of capitals) marked.
    static func marked<C: HTMLContext>(_ text: String) -> Node<C> {
        var nodes: [Node<C>] = []
        var plain = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character.isUppercase, index == text.startIndex || !text[text.index(before: index)].isLetter {
                var end = index
                while end < text.endIndex, text[end].isUppercase { end = text.index(after: end) }
                let word = String(text[index..<end])
                if word.count >= 2, word.count <= longest, end == text.endIndex || !text[end].isLetter, let expansion = known[word] {
                    if !plain.isEmpty { nodes.append(.text(plain)); plain = "" }
                    nodes.append(.element(named: "abbr", nodes: [.attribute(named: "title", value: expansion), .text(word)]))
                    index = end
                    continue
                }
            }
            plain.append(character)
            index = text.index(after: index)
        }
        guard !nodes.isEmpty else { return .text(text) }
        if !plain.isEmpty { nodes.append(.text(plain)) }
        return .group(nodes)
    }
}
