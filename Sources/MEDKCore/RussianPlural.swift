/// Russian plural forms: 1 документ, 2 документа, 5 документов, 21 документ, 11 документов.
public struct RussianPlural: Sendable {
    public let one: String
    public let few: String
    public let many: String

    public init(_ one: String, _ few: String, _ many: String) {
        self.one = one
        self.few = few
        self.many = many
    }

    public func form(for count: Int) -> String {
        let n = abs(count) % 100
        if (11...14).contains(n) { return many }
        switch n % 10 {
        case 1: return one
        case 2, 3, 4: return few
        default: return many
        }
    }

    /// "5 документов"
    public func callAsFunction(_ count: Int) -> String { "\(count) \(form(for: count))" }
}
