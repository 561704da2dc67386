import Foundation

/// How many schools of each region go into a documents expertise.
public enum SampleRule: Sendable, Equatable, Codable {
    /// N schools from each region.
    case perRegion(Int)
    /// p % (1...100) of each region's population.
    case percent(Int)

    /// How many to take from a stratum of `population`. percent: rounded half up of population*p/100, but at
    /// least 1 when population > 0 (a small region must not vanish from the expertise). perRegion(n): n, which
    /// may exceed the population; `ExpertiseSampling.draw` then throws.
    public func size(population: Int) -> Int {
        switch self {
        case .perRegion(let count):
            return count
        case .percent(let percent):
            guard population > 0 else { return 0 }
            return max(1, roundedHalfUpPercent(percent, of: population))
        }
    }

    var isValid: Bool {
        switch self {
        case .perRegion(let count): count >= 1
        case .percent(let percent): (1...100).contains(percent)
        }
    }
}

/// p % of `count`, rounded half up in integers so that no floating point decides a school's fate.
func roundedHalfUpPercent(_ percent: Int, of count: Int) -> Int {
    (count * percent + 50) / 100
}

/// One participation that may be drawn, with the region (stratum) it is drawn within.
public struct SamplingCandidate: Sendable, Equatable {
    public let id: UUID
    public let stratum: UUID

    public init(id: UUID, stratum: UUID) {
        self.id = id
        self.stratum = stratum
    }
}

public enum SamplingError: Error, Equatable, Sendable {
    case largerThanPopulation(stratum: UUID, population: Int, requested: Int)
    /// perRegion < 1, percent outside 1...100.
    case invalidRule
    case emptyPopulation
}

/// The reproducible draw of schools for an expertise: anyone holding the list, the rule and the seed can
/// repeat it and get the same schools, which is what makes the draw auditable.
public enum ExpertiseSampling {
    /// stratum → the chosen ids, sorted by id.uuidString. Result depends only on (set of candidates, rule, seed)
    /// — NOT on input order, platform or run. A candidate listed twice counts once; listed under two strata, it
    /// belongs to the stratum first by uuidString, so that even a contradictory list draws the same way.
    public static func draw(_ population: [SamplingCandidate], rule: SampleRule, seed: UInt64) throws(SamplingError) -> [UUID: [UUID]] {
        guard rule.isValid else { throw .invalidRule }
        let strata = strata(of: population)
        guard !strata.isEmpty else { throw .emptyPopulation }

        let orderedStrata = strata.keys.sorted { $0.uuidString < $1.uuidString }
        // Checked for all strata before drawing any, so a failing rule names the same stratum every time.
        for stratum in orderedStrata {
            let count = strata[stratum, default: []].count
            let requested = rule.size(population: count)
            if requested > count {
                throw .largerThanPopulation(stratum: stratum, population: count, requested: requested)
            }
        }

        var result: [UUID: [UUID]] = [:]
        for stratum in orderedStrata {
            let members = strata[stratum, default: []]
            // Each stratum has a generator of its own: adding a region to the list leaves other regions' draws as they were.
            var generator = SplitMix64(seed: seed ^ fnv1a64(stratum.uuidString))
            let chosen = SeededDraw.first(rule.size(population: members.count), of: members, using: &generator)
            result[stratum] = chosen.sorted { $0.uuidString < $1.uuidString }
        }
        return result
    }

    /// A fresh seed for a new draw (random), kept within 1...999_999_999 so people can read it and type it back.
    public static func newSeed() -> UInt64 {
        UInt64.random(in: 1...999_999_999)
    }

    /// Members of each stratum, deduplicated and sorted by uuidString: the draw must not see input order.
    private static func strata(of population: [SamplingCandidate]) -> [UUID: [UUID]] {
        var stratumOf: [UUID: UUID] = [:]
        for candidate in population {
            if let known = stratumOf[candidate.id], known.uuidString <= candidate.stratum.uuidString { continue }
            stratumOf[candidate.id] = candidate.stratum
        }
        var strata: [UUID: [UUID]] = [:]
        for (id, stratum) in stratumOf { strata[stratum, default: []].append(id) }
        return strata.mapValues { $0.sorted { $0.uuidString < $1.uuidString } }
    }
}

/// The partial Fisher–Yates shuffle written out by hand: the standard library's `shuffled(using:)` does not
/// promise the same order across Swift versions, and a published draw has to replay years later.
enum SeededDraw {
    /// The first `count` items of a seeded partial shuffle of `items` (all of them when count ≥ items.count).
    static func first<Item>(_ count: Int, of items: [Item], using generator: inout SplitMix64) -> [Item] {
        var pool = items
        let taken = min(max(count, 0), pool.count)
        for index in 0..<taken {
            let remaining = pool.count - index
            // The modulo bias is below 2^-50 for any realistic list and keeps the algorithm trivially reproducible.
            let offset = Int(generator.next() % UInt64(remaining))
            pool.swapAt(index, index + offset)
        }
        return Array(pool.prefix(taken))
    }
}

/// SplitMix64: tiny, fully specified, the same numbers on every platform for the same seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// FNV-1a (64 bit) of the UTF-8 bytes: `String.hashValue` is seeded per process and would change every run.
func fnv1a64(_ text: String) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    return hash
}
