/// Where in a school's roadmap a document is placed (PRODUCT.md, "The school's roadmap").
/// Sections under a direction (program, stages) need the direction; the others belong to the school.
public enum DocumentSection: String, Codable, Sendable, CaseIterable {
    case diagnostics, conceptDocuments, program, stage1, stage2, monitoring1, monitoring2

    public var needsDirection: Bool { self == .program || self == .stage1 || self == .stage2 }

    /// The roadmap section this documents section belongs to on the overview.
    public var roadmapSection: RoadmapSection {
        switch self {
        case .diagnostics: .diagnostics
        case .conceptDocuments: .conceptDocuments
        case .program: .programs
        case .stage1: .stage1
        case .stage2: .stage2
        case .monitoring1: .monitoring1
        case .monitoring2: .monitoring2
        }
    }

    /// Sections a school uploads documents to without choosing a direction first.
    public static let schoolWide: [DocumentSection] = allCases.filter { !$0.needsDirection }
}

/// What the overview says about a section, derived from the states of its items.
public enum SectionStatus: String, Sendable, Equatable {
    case notStarted, draft, waitingForCurator, returned, done

    /// Returned wins (the school must act), then waiting, then drafts; done only when all are approved.
    /// Withdrawn items are not the section's any more.
    public static func of(_ states: [ReviewState]) -> SectionStatus {
        let states = states.filter { $0 != .withdrawn }
        if states.isEmpty { return .notStarted }
        if states.contains(.returned) { return .returned }
        if states.contains(.submitted) { return .waitingForCurator }
        if states.contains(.draft) { return .draft }
        return .done
    }
}
