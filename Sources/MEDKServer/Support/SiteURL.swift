import Foundation
import Vapor

/// A path parameter: `.key` when registering a route, `.value` when building a link.
enum Parameter<T: Sendable>: Sendable {
    case key
    case value(T)
}

/// The one place that knows the site's paths; routes and views both use it.
enum SiteURL: Sendable {
    case root, home, login, logout, password, switchRole
    case schools, newSchool
    case school(Parameter<UUID>)
    case schoolCurators(Parameter<UUID>)
    case schoolParticipation(Parameter<UUID>)
    case endAssignment(school: Parameter<UUID>, assignment: Parameter<UUID>)
    case territories, regions, municipalities
    case users, newUser
    case user(Parameter<UUID>)
    case userGrants(Parameter<UUID>)
    case revokeGrant(user: Parameter<UUID>, grant: Parameter<UUID>)
    case userActive(Parameter<UUID>)
    case imports, importSchools, importUsers, importRiskProfiles
    case importTemplate(Parameter<String>)
    case audit
    case health, ready, metrics
    case section(school: Parameter<UUID>, section: Parameter<String>)
    case sectionDocuments(school: Parameter<UUID>, section: Parameter<String>)
    case document(Parameter<UUID>)
    case documentVersions(Parameter<UUID>)
    case documentFile(Parameter<UUID>, number: Parameter<Int>)
    case documentMove(Parameter<UUID>, move: Parameter<String>)
    case documentDelete(Parameter<UUID>)
    case uploads, chats
    case notifications, notificationsRead, notification(Parameter<UUID>)
    // E-mail (issue 14).
    case mailPreferences, unsubscribe, mail, mailResend, mailResendOne(Parameter<UUID>)
    case forgotPassword, resetPassword(Parameter<String>)
    case upload(Parameter<UUID>)
    case reviews, feed
    case chat(Parameter<UUID>)
    case chatMessages(Parameter<UUID>)
    case verification(Parameter<UUID>)
    case selfAssessment(Parameter<UUID>)
    case directions(Parameter<UUID>)
    case selfAssessmentMove(Parameter<UUID>, move: Parameter<String>)
    case profileFile(Parameter<UUID>)
    case direction(school: Parameter<UUID>, factor: Parameter<Int>)
    case stageEvidence(school: Parameter<UUID>, factor: Parameter<Int>, stage: Parameter<String>)
    case program(school: Parameter<UUID>, factor: Parameter<Int>)
    case programMove(school: Parameter<UUID>, factor: Parameter<Int>, move: Parameter<String>)
    case programPrint(school: Parameter<UUID>, factor: Parameter<Int>), programExport(school: Parameter<UUID>, factor: Parameter<Int>)
    case monitoringReport(school: Parameter<UUID>, stage: Parameter<Int>)
    case monitoringReportMove(school: Parameter<UUID>, stage: Parameter<Int>, move: Parameter<String>)
    // Territories' own plans-schedules and monitorings (issue 6).
    case territoryPlans
    case territoryRoadmaps(Parameter<UUID>), territoryRoadmapTemplate(Parameter<UUID>)
    case territoryRoadmap(Parameter<UUID>), territoryRoadmapImport(Parameter<UUID>), territoryRoadmapExport(Parameter<UUID>)
    case territoryRoadmapItem(Parameter<UUID>), territoryRoadmapItemDone(Parameter<UUID>), territoryRoadmapItemNotDone(Parameter<UUID>)
    case territoryRoadmapEvidence(Parameter<UUID>)
    case publicTerritory(Parameter<UUID>)
    case monitoring, monitoringRuns, instruments, newInstrument
    case monitoringRun(Parameter<UUID>), monitoringRunSubjects(Parameter<UUID>), monitoringRunSummary(Parameter<UUID>)
    case monitoringSubject(Parameter<UUID>), monitoringSubjectConclusions(Parameter<UUID>)
    case instrument(Parameter<UUID>), instrumentJSON(Parameter<UUID>)
    case riskFactors, riskFactorsExport, riskFactor(Parameter<Int>)
    // Monitoring for coordinators (issue 5).
    case dashboards, dashboardCell, dashboardChart, dashboardCurators, visitRule, visits
    case dashboardExport(Parameter<String>)
    case seminarMark(Parameter<UUID>)
    // Programme years (issue 13).
    case cycles
    case cycle(Parameter<UUID>), cycleDates(Parameter<UUID>), cycleOpen(Parameter<UUID>), cycleClose(Parameter<UUID>)
    case cycleSchools(Parameter<UUID>), cycleImport(Parameter<UUID>)
    // Curators' activity reports (issue 15).
    case curatorReports, curatorReportsExport
    case curatorReport(Parameter<UUID>), curatorReportExport(Parameter<UUID>), curatorReportConfirm(Parameter<UUID>)
    case confirmedCuratorReport(Parameter<UUID>)
    // The federal expertise (issue 15).
    case expertise
    case expertiseRound(Parameter<UUID>), expertiseSample(Parameter<UUID>), expertiseSampleChange(Parameter<UUID>)
    case expertiseAssign(Parameter<UUID>), expertiseAssignOne(Parameter<UUID>), expertisePublish(Parameter<UUID>)
    case expertiseResults(Parameter<UUID>), expertiseResultsExport(Parameter<UUID>)
    case expertiseRegion(round: Parameter<UUID>, region: Parameter<UUID>), expertiseRegionExport(round: Parameter<UUID>, region: Parameter<UUID>)
    case expertiseSheet(Parameter<UUID>), expertiseSheetDecision(Parameter<UUID>, decision: Parameter<String>)
    // The bank of best practices, the territories' acts and the help (issue 17).
    case practices, newPractice
    case practice(Parameter<UUID>), practiceMove(Parameter<UUID>, move: Parameter<String>)
    case practiceFile(Parameter<UUID>, file: Parameter<UUID>)
    case catalogue, publicPractice(Parameter<UUID>)
    case territoryActs(Parameter<UUID>), territoryAct(Parameter<UUID>)
    case help
    // The JSON API (issue 18).
    case apiTokens, apiTokenRevoke(Parameter<UUID>), apiReference, apiDocument

    var path: String { "/" + components.map(\.description).joined(separator: "/") }

    /// The path with `query` appended (values percent-encoded).
    func path(query: [(String, String)]) -> String {
        var parts = URLComponents()
        parts.path = path
        let items = query.filter { !$0.1.isEmpty }.map { URLQueryItem(name: $0.0, value: $0.1) }
        parts.queryItems = items.isEmpty ? nil : items
        return parts.string ?? path
    }

    var pathComponents: [PathComponent] { components }

    private var components: [PathComponent] {
        switch self {
        case .root: []
        case .home: ["home"]
        case .login: ["login"]
        case .logout: ["logout"]
        case .password: ["account", "password"]
        case .switchRole: ["account", "role"]
        case .schools: ["schools"]
        case .newSchool: ["schools", "new"]
        case .school(let id): ["schools", Self.component(id, "schoolID")]
        case .schoolCurators(let id): ["schools", Self.component(id, "schoolID"), "curators"]
        case .schoolParticipation(let id): ["schools", Self.component(id, "schoolID"), "participation"]
        case .endAssignment(let school, let assignment):
            ["schools", Self.component(school, "schoolID"), "curators", Self.component(assignment, "assignmentID"), "end"]
        case .territories: ["territories"]
        case .regions: ["territories", "regions"]
        case .municipalities: ["territories", "municipalities"]
        case .users: ["users"]
        case .newUser: ["users", "new"]
        case .user(let id): ["users", Self.component(id, "userID")]
        case .userGrants(let id): ["users", Self.component(id, "userID"), "grants"]
        case .revokeGrant(let user, let grant):
            ["users", Self.component(user, "userID"), "grants", Self.component(grant, "grantID"), "revoke"]
        case .userActive(let id): ["users", Self.component(id, "userID"), "active"]
        case .imports: ["import"]
        case .importSchools: ["import", "schools"]
        case .importUsers: ["import", "users"]
        case .importRiskProfiles: ["import", "risk-profiles"]
        case .importTemplate(let kind): ["import", "template", Self.component(kind, "kind")]
        case .audit: ["audit"]
        case .health: ["healthz"]
        case .ready: ["readyz"]
        case .metrics: ["metrics"]
        case .section(let school, let section):
            ["schools", Self.component(school, "schoolID"), "sections", Self.component(section, "section")]
        case .sectionDocuments(let school, let section):
            ["schools", Self.component(school, "schoolID"), "sections", Self.component(section, "section"), "documents"]
        case .document(let id): ["documents", Self.component(id, "documentID")]
        case .documentVersions(let id): ["documents", Self.component(id, "documentID"), "versions"]
        case .documentFile(let id, let number):
            ["documents", Self.component(id, "documentID"), "versions", Self.component(number, "number")]
        case .documentMove(let id, let move): ["documents", Self.component(id, "documentID"), Self.component(move, "move")]
        case .documentDelete(let id): ["documents", Self.component(id, "documentID"), "delete"]
        case .uploads: ["uploads"]
        case .chats: ["chats"]
        case .notifications: ["notifications"]
        case .notificationsRead: ["notifications", "read"]
        case .notification(let id): ["notifications", Self.component(id, "notificationID")]
        case .mailPreferences: ["account", "mail"]
        case .unsubscribe: ["mail", "unsubscribe"]
        case .mail: ["mail"]
        case .mailResend: ["mail", "resend"]
        case .mailResendOne(let id): ["mail", Self.component(id, "mailID"), "resend"]
        case .forgotPassword: ["password", "forgot"]
        case .resetPassword(let token): ["password", "reset", Self.component(token, "token")]
        case .upload(let id): ["uploads", Self.component(id, "uploadID")]
        case .reviews: ["reviews"]
        case .feed: ["feed"]
        case .chat(let school): ["schools", Self.component(school, "schoolID"), "chat"]
        case .chatMessages(let school): ["schools", Self.component(school, "schoolID"), "chat", "messages"]
        case .verification(let school): ["schools", Self.component(school, "schoolID"), "verification"]
        case .selfAssessment(let school): ["schools", Self.component(school, "schoolID"), "self-assessment"]
        case .directions(let school): ["schools", Self.component(school, "schoolID"), "directions"]
        case .selfAssessmentMove(let school, let move):
            ["schools", Self.component(school, "schoolID"), "self-assessment", Self.component(move, "move")]
        case .profileFile(let school): ["schools", Self.component(school, "schoolID"), "risk-profile", "file"]
        case .direction(let school, let factor):
            ["schools", Self.component(school, "schoolID"), "directions", Self.component(factor, "factor")]
        case .stageEvidence(let school, let factor, let stage):
            SiteURL.direction(school: school, factor: factor).pathComponents + ["stages", Self.component(stage, "stage")]
        case .program(let school, let factor): SiteURL.direction(school: school, factor: factor).pathComponents + ["program"]
        case .programMove(let school, let factor, let move):
            SiteURL.program(school: school, factor: factor).pathComponents + [Self.component(move, "move")]
        case .programPrint(let school, let factor): SiteURL.program(school: school, factor: factor).pathComponents + ["print"]
        case .programExport(let school, let factor): SiteURL.program(school: school, factor: factor).pathComponents + ["xlsx"]
        case .monitoringReport(let school, let stage):
            ["schools", Self.component(school, "schoolID"), "monitoring", Self.component(stage, "stage")]
        case .monitoringReportMove(let school, let stage, let move):
            SiteURL.monitoringReport(school: school, stage: stage).pathComponents + [Self.component(move, "move")]
        case .territoryPlans: ["plans"]
        case .territoryRoadmaps(let id): ["territories", Self.component(id, "territoryID"), "roadmaps"]
        case .territoryRoadmapTemplate(let id): ["territories", Self.component(id, "territoryID"), "roadmaps", "template"]
        case .territoryRoadmap(let id): ["territory-roadmaps", Self.component(id, "roadmapID")]
        case .territoryRoadmapImport(let id): ["territory-roadmaps", Self.component(id, "roadmapID"), "import"]
        case .territoryRoadmapExport(let id): ["territory-roadmaps", Self.component(id, "roadmapID"), "xlsx"]
        case .territoryRoadmapItem(let id): ["territory-roadmap-items", Self.component(id, "itemID")]
        case .territoryRoadmapItemDone(let id): ["territory-roadmap-items", Self.component(id, "itemID"), "done"]
        case .territoryRoadmapItemNotDone(let id): ["territory-roadmap-items", Self.component(id, "itemID"), "not-done"]
        case .territoryRoadmapEvidence(let id): ["territory-roadmap-marks", Self.component(id, "markID"), "file"]
        case .publicTerritory(let id): ["public", "territories", Self.component(id, "territoryID")]
        case .monitoring: ["monitoring"]
        case .monitoringRuns: ["monitoring", "runs"]
        case .instruments: ["monitoring", "instruments"]
        case .newInstrument: ["monitoring", "instruments", "new"]
        case .monitoringRun(let id): ["monitoring", "runs", Self.component(id, "runID")]
        case .monitoringRunSubjects(let id): ["monitoring", "runs", Self.component(id, "runID"), "subjects"]
        case .monitoringRunSummary(let id): ["monitoring", "runs", Self.component(id, "runID"), "xlsx"]
        case .monitoringSubject(let id): ["monitoring", "subjects", Self.component(id, "subjectID")]
        case .monitoringSubjectConclusions(let id): ["monitoring", "subjects", Self.component(id, "subjectID"), "conclusions"]
        case .instrument(let id): ["monitoring", "instruments", Self.component(id, "instrumentID")]
        case .instrumentJSON(let id): ["monitoring", "instruments", Self.component(id, "instrumentID"), "json"]
        case .riskFactors: ["monitoring", "risk-factors"]
        case .riskFactorsExport: ["monitoring", "risk-factors.xlsx"]
        case .riskFactor(let number): ["monitoring", "risk-factors", Self.component(number, "factor")]
        case .dashboards: ["dashboards"]
        case .dashboardCell: ["dashboards", "cell"]
        case .dashboardChart: ["dashboards", "chart"]
        case .dashboardCurators: ["dashboards", "curators"]
        case .dashboardExport(let file): ["dashboards", "export", Self.component(file, "file")]
        case .seminarMark(let school): ["dashboards", "seminar", Self.component(school, "schoolID")]
        case .visitRule: ["dashboards", "visit-rule"]
        case .visits: ["visits"]
        case .cycles: ["cycles"]
        case .cycle(let id): ["cycles", Self.component(id, "cycleID")]
        case .cycleDates(let id): ["cycles", Self.component(id, "cycleID"), "dates"]
        case .cycleOpen(let id): ["cycles", Self.component(id, "cycleID"), "open"]
        case .cycleClose(let id): ["cycles", Self.component(id, "cycleID"), "close"]
        case .cycleSchools(let id): ["cycles", Self.component(id, "cycleID"), "schools"]
        case .cycleImport(let id): ["cycles", Self.component(id, "cycleID"), "import"]
        case .curatorReports: ["curator-reports"]
        case .curatorReportsExport: ["curator-reports", "confirmed.xlsx"]
        case .curatorReport(let region): ["curator-reports", Self.component(region, "regionID")]
        case .curatorReportExport(let region): ["curator-reports", Self.component(region, "regionID"), "report.xlsx"]
        case .curatorReportConfirm(let region): ["curator-reports", Self.component(region, "regionID"), "confirm"]
        case .confirmedCuratorReport(let id): ["curator-reports", "versions", Self.component(id, "reportID"), "report.xlsx"]
        case .expertise: ["expertise"]
        case .expertiseRound(let id): ["expertise", Self.component(id, "roundID")]
        case .expertiseSample(let id): ["expertise", Self.component(id, "roundID"), "sample"]
        case .expertiseSampleChange(let id): ["expertise", Self.component(id, "roundID"), "sample", "change"]
        case .expertiseAssign(let id): ["expertise", Self.component(id, "roundID"), "assign"]
        case .expertiseAssignOne(let id): ["expertise", Self.component(id, "roundID"), "assign-one"]
        case .expertisePublish(let id): ["expertise", Self.component(id, "roundID"), "publish"]
        case .expertiseResults(let id): ["expertise", Self.component(id, "roundID"), "results"]
        case .expertiseResultsExport(let id): ["expertise", Self.component(id, "roundID"), "results.xlsx"]
        case .expertiseRegion(let round, let region):
            ["expertise", Self.component(round, "roundID"), "regions", Self.component(region, "regionID")]
        case .expertiseRegionExport(let round, let region):
            ["expertise", Self.component(round, "roundID"), "regions", Self.component(region, "regionID"), "results.xlsx"]
        case .expertiseSheet(let id): ["expertise", "sheets", Self.component(id, "sheetID")]
        case .expertiseSheetDecision(let id, let decision):
            ["expertise", "sheets", Self.component(id, "sheetID"), Self.component(decision, "decision")]
        case .practices: ["practices"]
        case .newPractice: ["practices", "new"]
        case .practice(let id): ["practices", Self.component(id, "practiceID")]
        case .practiceMove(let id, let move): ["practices", Self.component(id, "practiceID"), Self.component(move, "move")]
        case .practiceFile(let id, let file):
            ["practices", Self.component(id, "practiceID"), "files", Self.component(file, "fileID")]
        case .catalogue: ["public", "practices"]
        case .publicPractice(let id): ["public", "practices", Self.component(id, "practiceID")]
        case .territoryActs(let id): ["territories", Self.component(id, "territoryID"), "acts"]
        case .territoryAct(let id): ["public", "acts", Self.component(id, "actID")]
        case .help: ["help"]
        case .apiTokens: ["account", "tokens"]
        case .apiTokenRevoke(let id): ["account", "tokens", Self.component(id, "tokenID"), "revoke"]
        case .apiReference: ["api"]
        case .apiDocument: ["api", "v1", "openapi.json"]
        }
    }

    private static func component<T>(_ parameter: Parameter<T>, _ name: String) -> PathComponent {
        switch parameter {
        case .key: .parameter(name)
        case .value(let value): .constant("\(value)")
        }
    }
}
