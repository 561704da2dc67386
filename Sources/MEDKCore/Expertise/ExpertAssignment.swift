import Foundation

/// An expert who may take schools in this round.
public struct ExpertCandidate: Sendable, Equatable {
    public let id: UUID
    /// nil: a federal expert, outside every region.
    public let regionID: UUID?
    /// Schools already assigned in this round.
    public let load: Int

    public init(id: UUID, regionID: UUID?, load: Int = 0) {
        self.id = id
        self.regionID = regionID
        self.load = load
    }
}

/// A school participation drawn for the expertise.
public struct SampledSchool: Sendable, Equatable {
    public let participationID: UUID
    public let regionID: UUID

    public init(participationID: UUID, regionID: UUID) {
        self.participationID = participationID
        self.regionID = regionID
    }
}

public struct ExpertPick: Sendable, Equatable {
    public let participationID: UUID
    public let expertID: UUID
    /// The second, independent opinion on a school (used to measure agreement between experts).
    public let isSecond: Bool

    public init(participationID: UUID, expertID: UUID, isSecond: Bool) {
        self.participationID = participationID
        self.expertID = expertID
        self.isSecond = isSecond
    }
}

public enum AssignmentError: Error, Equatable, Sendable {
    case noExperts
    case notEnoughCapacity(needed: Int, available: Int)
    /// maxPerExpert < 1.
    case invalidLimit
    /// secondSharePercent outside 0...100.
    case invalidSecondShare
    /// A second opinion asked, but only one expert exists.
    case noSecondExpert
}

public enum ExpertAssignment {
    /// Assigns every school one expert (and a `secondSharePercent` share of the schools, chosen reproducibly by
    /// seed, a second, different expert).
    /// Rules: each expert's total (load + new picks) ≤ maxPerExpert; balanced: always pick, among allowed experts,
    /// the one with the smallest total so far (ties → by id.uuidString); never an expert from the school's own
    /// region when an allowed expert from another region has capacity (an expert with regionID nil counts as
    /// "another region"); the second expert ≠ first. Schools processed in a deterministic order (by
    /// participationID.uuidString). Returns picks sorted by (participationID.uuidString, isSecond).
    ///
    /// Capacity is checked up front (needed = schools + seconds, available = Σ max(0, maxPerExpert − load)).
    /// Should the region rule then leave, for some second opinion, no different expert with room (capacity
    /// concentrated in the first expert), it throws `notEnoughCapacity` with `available` = the picks that could
    /// be placed: more room per expert is the remedy in both cases.
    public static func assign(_ schools: [SampledSchool], experts: [ExpertCandidate], maxPerExpert: Int,
                              secondSharePercent: Int, seed: UInt64) throws(AssignmentError) -> [ExpertPick] {
        guard maxPerExpert >= 1 else { throw .invalidLimit }
        guard (0...100).contains(secondSharePercent) else { throw .invalidSecondShare }
        let pool = ExpertPool(experts, limit: maxPerExpert)
        guard !pool.isEmpty else { throw .noExperts }

        let ordered = orderedSchools(schools)
        let secondCount = secondSharePercent == 0 ? 0 : roundedHalfUpPercent(secondSharePercent, of: ordered.count)
        if secondCount > 0 && pool.count < 2 { throw .noSecondExpert }
        let needed = ordered.count + secondCount
        guard needed <= pool.room else { throw .notEnoughCapacity(needed: needed, available: pool.room) }

        var generator = SplitMix64(seed: seed)
        let withSecond = Set(SeededDraw.first(secondCount, of: ordered, using: &generator).map(\.participationID))

        var state = pool
        var picks: [ExpertPick] = []
        for school in ordered {
            // The first pick always succeeds: total room ≥ total need, and each pick uses one of each.
            guard let first = state.take(for: school.regionID, except: nil) else {
                throw .notEnoughCapacity(needed: needed, available: picks.count)
            }
            picks.append(ExpertPick(participationID: school.participationID, expertID: first, isSecond: false))
            guard withSecond.contains(school.participationID) else { continue }
            guard let second = state.take(for: school.regionID, except: first) else {
                throw .notEnoughCapacity(needed: needed, available: picks.count)
            }
            picks.append(ExpertPick(participationID: school.participationID, expertID: second, isSecond: true))
        }
        // Schools were walked in uuidString order and a first pick precedes its second: already sorted.
        return picks
    }

    /// Deduplicated and in uuidString order: the assignment must not depend on how the list was fetched.
    private static func orderedSchools(_ schools: [SampledSchool]) -> [SampledSchool] {
        var seen = Set<UUID>()
        return schools
            .sorted { $0.participationID.uuidString < $1.participationID.uuidString }
            .filter { seen.insert($0.participationID).inserted }
    }
}

/// Experts with their running totals during one assignment.
private struct ExpertPool {
    private struct Slot {
        let id: UUID
        let key: String
        let regionID: UUID?
        var total: Int
    }

    private var slots: [Slot]
    private let limit: Int

    /// An expert listed twice counts once, with the larger load: overfilling an expert is worse than leaving room unused.
    init(_ experts: [ExpertCandidate], limit: Int) {
        var byID: [UUID: ExpertCandidate] = [:]
        for expert in experts where expert.load >= byID[expert.id]?.load ?? Int.min {
            byID[expert.id] = expert
        }
        slots = byID.values
            .map { Slot(id: $0.id, key: $0.id.uuidString, regionID: $0.regionID, total: max(0, $0.load)) }
            .sorted { $0.key < $1.key }
        self.limit = limit
    }

    var isEmpty: Bool { slots.isEmpty }
    var count: Int { slots.count }
    var room: Int { slots.reduce(0) { $0 + max(0, limit - $1.total) } }

    /// Takes the expert for a school of `region`: someone from elsewhere if anyone there has room, the least
    /// busy first, ties by uuidString.
    mutating func take(for region: UUID, except excluded: UUID?) -> UUID? {
        let allowed = slots.indices.filter { slots[$0].total < limit && slots[$0].id != excluded }
        let elsewhere = allowed.filter { slots[$0].regionID != region }
        let candidates = elsewhere.isEmpty ? allowed : elsewhere
        guard let chosen = candidates.min(by: { (slots[$0].total, slots[$0].key) < (slots[$1].total, slots[$1].key) })
        else { return nil }
        slots[chosen].total += 1
        return slots[chosen].id
    }
}
