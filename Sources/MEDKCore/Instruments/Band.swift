import Foundation

/// One interpretation band of an instrument: «[0; 10] – неудовлетворительный уровень …, требуется …».
public struct Band: Codable, Sendable, Equatable {
    public var interval: BandInterval
    public var label: String
    public var recommendation: String

    public init(_ interval: BandInterval, label: String, recommendation: String) {
        self.interval = interval
        self.label = label
        self.recommendation = recommendation
    }
}

public enum BandBound: Sendable, Equatable {
    case unbounded
    /// The edge itself is outside the band: «(» or «)».
    case open(Double)
    /// The edge itself is inside the band: «[» or «]».
    case closed(Double)
}

/// An interval written the way the seed writes it, "[0; 0,3)" or "(10; 11]", and stored in JSON in
/// the same notation so that a coordinator reads and writes bands as they appear in the documents.
/// "(-∞; 5]" leaves a side unbounded.
public struct BandInterval: Sendable, Equatable, Codable, CustomStringConvertible {
    public var lower: BandBound
    public var upper: BandBound

    public init(lower: BandBound, upper: BandBound) {
        self.lower = lower
        self.upper = upper
    }

    /// Reads "[0; 0,3)", "(1,6; 1,75]", "[0.5; 1.6)", "(-∞; 5]". Decimal comma or point.
    public init?(_ notation: String) {
        let text = notation.trimmingCharacters(in: .whitespaces)
        guard let first = text.first, let last = text.last, text.count >= 3,
              "[(".contains(first), "])".contains(last) else { return nil }
        let parts = text.dropFirst().dropLast().split(separator: ";", omittingEmptySubsequences: false)
        guard parts.count == 2,
              let lower = Self.bound(parts[0], closed: first == "[", infinity: ["-∞", "−∞", "-inf"]),
              let upper = Self.bound(parts[1], closed: last == "]", infinity: ["∞", "+∞", "inf", "+inf"])
        else { return nil }
        self.init(lower: lower, upper: upper)
    }

    private static func bound(_ text: Substring, closed: Bool, infinity: Set<String>) -> BandBound? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if infinity.contains(t) { return .unbounded }
        guard let x = Double(t.replacingOccurrences(of: ",", with: ".")), x.isFinite else { return nil }
        return closed ? .closed(x) : .open(x)
    }

    public func contains(_ x: Double) -> Bool {
        let aboveLower = switch lower {
        case .unbounded: true
        case .open(let a): x > a
        case .closed(let a): x >= a
        }
        let belowUpper = switch upper {
        case .unbounded: true
        case .open(let b): x < b
        case .closed(let b): x <= b
        }
        return aboveLower && belowUpper
    }

    /// True when no number can fall inside, e.g. "[2; 1]" or "(1; 1]".
    public var isEmpty: Bool {
        func edge(_ b: BandBound) -> (Double, Bool)? {
            switch b {
            case .unbounded: nil
            case .open(let x): (x, false)
            case .closed(let x): (x, true)
            }
        }
        guard case let (a, aClosed)? = edge(lower), case let (b, bClosed)? = edge(upper) else { return false }
        return a > b || (a == b && !(aClosed && bClosed))
    }

    /// The seed's notation with a decimal comma: "[0,3; 0,5)".
    public var description: String {
        let left = switch lower {
        case .unbounded: "(-∞"
        case .open(let a): "(" + Self.russian(a)
        case .closed(let a): "[" + Self.russian(a)
        }
        let right = switch upper {
        case .unbounded: "∞)"
        case .open(let b): Self.russian(b) + ")"
        case .closed(let b): Self.russian(b) + "]"
        }
        return left + "; " + right
    }

    static func russian(_ x: Double) -> String {
        let text = x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
        return text.replacingOccurrences(of: ".", with: ",")
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let interval = BandInterval(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "not an interval like \"[0; 0,3)\": \(text)"))
        }
        self = interval
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension BandBound {
    var edge: Double? {
        switch self {
        case .unbounded: nil
        case .open(let x), .closed(let x): x
        }
    }
}

extension Instrument {
    /// How many decimals show `value` without moving it into another band or onto an edge it is not on: «22» next to
    /// a band that ends at 22 would claim a band 22,004 is not in (PRODUCT.md: values at band edges).
    public func decisiveDecimals(for value: Double, atLeast minimum: Int = 2) -> Int {
        guard value.isFinite else { return minimum }
        let edges = bands.flatMap { [$0.interval.lower.edge, $0.interval.upper.edge] }.compactMap { $0 }
        let band = bandIndex(for: value)
        for digits in max(0, minimum)...12 {
            let scale = pow(10, Double(digits))
            let shown = (value * scale).rounded() / scale
            if bandIndex(for: shown) == band, edges.allSatisfy({ (shown == $0) == (value == $0) }) { return digits }
        }
        return 12
    }
}
