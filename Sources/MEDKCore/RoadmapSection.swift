/// The sections of a school's electronic roadmap (PRODUCT.md, "The school's roadmap"), in the order
/// the school walks them, each with the control date that it is due by.
public enum RoadmapSection: String, CaseIterable, Sendable {
    case diagnostics, verification, selfAssessment, directions, programs, conceptDocuments, stage1, monitoring1, stage2,
         monitoring2, chat

    public var dueBy: ControlDateKind? {
        switch self {
        case .diagnostics: .profilesPlaced
        case .verification, .directions: .firstVisit
        case .selfAssessment: .firstVisit
        case .programs, .conceptDocuments: .conceptDocuments
        case .stage1: .monitoring1
        case .stage2: .monitoring2
        case .monitoring1: .monitoring1
        case .monitoring2: .monitoring2
        case .chat: nil
        }
    }
}
