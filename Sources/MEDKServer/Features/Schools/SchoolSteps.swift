import Foundation
import MEDKCore

/// Where each step of a school's roadmap stands against its control date, and the one thing the school should
/// do next: what a curator in a village school wants to see first when she opens MEDK.
enum SchoolSteps {
    enum Timing: Equatable, Sendable {
        case done
        case overdue(days: Int)
        case left(days: Int)
        case waitingForCurator(days: Int)
        case returned
        /// No date to judge by (the chat, a cycle without the date).
        case undated

        /// The look of the timing: red when late, amber when the curator is slow, plain otherwise.
        var style: String {
            switch self {
            case .overdue, .returned: "late"
            case .waitingForCurator(let days): days > 7 ? "slow" : "plain"
            case .left(let days): days <= 7 ? "soon" : "plain"
            case .done, .undated: "plain"
            }
        }
    }

    struct Action: Equatable, Sendable {
        let title: String
        let url: String
        /// What the action is about: the curator's comment for a returned item, the step's timing otherwise.
        let detail: String?
    }

    /// The steps a school takes itself, in the order the programme year asks for them (verification is the curator's).
    static let schoolSteps: [RoadmapSection] = [.selfAssessment, .directions, .programs, .conceptDocuments, .stage1,
                                                .monitoring1, .stage2, .monitoring2]

    static func timing(_ page: SchoolPage, _ section: RoadmapSection) -> Timing {
        switch page.status(of: section) {
        case .done: return .done
        case .returned: return .returned
        case .waitingForCurator:
            let since = page.waitingSince[section].map { CalendarDate($0, in: page.school.region.zone) } ?? page.today
            return .waitingForCurator(days: page.today.days(since: since))
        case .notStarted, .draft:
            guard section != .chat, let due = page.dueDate(of: section)?.date else { return .undated }
            return page.today > due ? .overdue(days: page.today.days(since: due)) : .left(days: due.days(since: page.today))
        }
    }

    /// Returned items first (oldest first), then the first step of the year not yet done nor waiting; nil when
    /// everything left waits for the curator or the viewer is not the school.
    static func next(_ page: SchoolPage) -> Action? {
        guard page.canEdit, page.participation != nil else { return nil }
        let schoolID = page.school.id!
        if let item = page.returned.first {
            return Action(title: Strings.Home.rework(item.title), url: item.url, detail: item.comment)
        }
        for section in schoolSteps {
            let status = page.status(of: section)
            guard status == .notStarted || status == .draft else { continue }
            // Directions follow the approved self-assessment; programs follow the directions.
            if section == .directions, page.selfAssessment != .approved { continue }
            if section == .programs, page.directionCount == 0 { continue }
            guard let url = SchoolViews.sectionURL(section, schoolID: schoolID) else { continue }
            return Action(title: Strings.Home.nextAction(section, started: status == .draft), url: url,
                          detail: Strings.Home.timing(timing(page, section)))
        }
        return nil
    }
}
