import Foundation

/// How strongly a disagreement between two scores counts: linear treats 0 vs 2 as twice 0 vs 1; quadratic as four times.
public enum KappaWeights: Sendable {
    case linear, quadratic
}

/// Agreement between the two experts who scored the same schools: the federal coordinator's check that the
/// rubric is read the same way by everyone.
public enum Agreement {
    /// Share (0...1) of pairs where both experts gave the same score; nil for no pairs.
    public static func equalShare(_ pairs: [(Int, Int)]) -> Double? {
        guard !pairs.isEmpty else { return nil }
        let equal = pairs.filter { $0.0 == $0.1 }.count
        return Double(equal) / Double(pairs.count)
    }

    /// Cohen's weighted kappa for scores 0...maxScore; nil when there are no pairs or expected disagreement is 0
    /// (undefined). Pairs with a score outside 0...maxScore are ignored: they are input errors, not opinions.
    /// Kappa = 1 − Σ w·O / Σ w·E with disagreement weights w_ij = |i−j|/(k−1) or ((i−j)/(k−1))², k = maxScore + 1.
    public static func weightedKappa(_ pairs: [(Int, Int)], maxScore: Int, weights: KappaWeights = .linear) -> Double? {
        guard maxScore >= 1 else { return nil }
        let scale = 0...maxScore
        let valid = pairs.filter { scale.contains($0.0) && scale.contains($0.1) }
        guard !valid.isEmpty else { return nil }

        let k = maxScore + 1
        var observed = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        var first = [Double](repeating: 0, count: k)
        var second = [Double](repeating: 0, count: k)
        for (a, b) in valid {
            observed[a][b] += 1
            first[a] += 1
            second[b] += 1
        }

        let n = Double(valid.count)
        var observedDisagreement = 0.0
        var expectedDisagreement = 0.0
        for i in 0..<k {
            for j in 0..<k {
                let w = weight(i, j, maxScore: maxScore, weights)
                observedDisagreement += w * observed[i][j] / n
                expectedDisagreement += w * first[i] * second[j] / (n * n)
            }
        }
        guard expectedDisagreement > 0 else { return nil }
        return 1 - observedDisagreement / expectedDisagreement
    }

    private static func weight(_ i: Int, _ j: Int, maxScore: Int, _ weights: KappaWeights) -> Double {
        let distance = Double(abs(i - j)) / Double(maxScore)
        return switch weights {
        case .linear: distance
        case .quadratic: distance * distance
        }
    }
}
