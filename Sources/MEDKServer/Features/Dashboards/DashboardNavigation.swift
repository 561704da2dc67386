import Fluent
import MEDKCore
import Vapor

extension Navigation {
    /// The whole menu: each role's daily items, then the territories' plans, then monitoring, then the expertise.
    static func menu(for principal: Principal) -> [Item] {
        items(for: principal) + territoryPlanItems(for: principal) + dashboardItems(for: principal)
            + (principal.role == .expert ? [] : [Item(title: Strings.Expertise.navTitle, url: .expertise)])
    }

    /// Coordinators open the indicators every morning; curators log their visits.
    static func dashboardItems(for principal: Principal) -> [Item] {
        switch principal.role {
        case .municipal: [Item(title: Strings.Dashboards.navTitle, url: .dashboards)]
        case .regional, .federal, .admin:
            [Item(title: Strings.Dashboards.navTitle, url: .dashboards),
             Item(title: Strings.CuratorReports.navTitle, url: .curatorReports)]
        case .curator: [Item(title: Strings.Dashboards.visitsNav, url: .visits)]
        default: []
        }
    }
}

/// `medk rebuild-indicators`: recomputes the indicator rollup from the history, after a bulk load that
/// bypassed the application (the benchmark's generator) or to check a suspicion.
struct RebuildInclusionFactsCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Пересчитывает показатели включенности по истории." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let started = Date()
        try await InclusionFacts.rebuildAll(on: context.application.db)
        // Run after bulk loads: the planner's statistics are as stale as the rollup was.
        try await PlannerStatistics.refresh(on: context.application.db)
        context.console.print("Показатели пересчитаны за \(Int(Date().timeIntervalSince(started))) с.")
    }
}
