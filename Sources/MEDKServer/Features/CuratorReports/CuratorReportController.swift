import Fluent
import MEDKCore
import Vapor

/// The curators' activity report (issue 15): a region's figures for a period, confirmed by its coordinator for
/// each payment of seed 000, and the federal coordinator's view of every region's confirmations.
struct CuratorReportController {
    typealias C = Strings.CuratorReports

    /// The region's page for a regional coordinator; every region's status for the federal level.
    func index(_ req: Request) async throws -> Response {
        let principal = try req.authorizeAnywhere { [.regional, .federal, .admin].contains($0.role) }
        if principal.role == .regional, let region = principal.actor.scope.regionID {
            return req.redirect(to: SiteURL.curatorReport(.value(region)).path)
        }
        let cycle = try await cycle(req)
        let regions = try await Region.query(on: req.db).sort(\.$name).all()
        var latest: [CuratorPayment: [UUID: CuratorReportRecord]] = [:]
        for payment in CuratorPayment.allCases {
            for record in try await CuratorReportQueries.confirmed(cycle: cycle.id!, payment: payment, on: req.db)
            where latest[payment]?[record.regionID] == nil {
                latest[payment, default: [:]][record.regionID] = record
            }
        }
        return CuratorReportViews.overview(PageContext(req), cycle: cycle, regions: regions, latest: latest)
    }

    func show(_ req: Request) async throws -> Response {
        let (principal, region, cycle) = try await context(req)
        let choice = Self.period(req, cycle: cycle)
        let report = try await CuratorReportQueries.gather(region: region, cycle: cycle, period: choice.period, on: req.db)
        let versions = try await CuratorReportQueries.confirmed(cycle: cycle.id!, payment: choice.payment ?? .first,
                                                                region: region.id!, on: req.db)
        let canConfirm = principal.can(.confirmCuratorReport, Place(region: region.id!)) && cycle.status != .closed
        return CuratorReportViews.region(PageContext(req), region: region, cycle: cycle, choice: choice, report: report,
                                         versions: choice.payment == nil ? [] : versions, canConfirm: canConfirm,
                                         today: region.day(of: req.now))
    }

    func export(_ req: Request) async throws -> Response {
        let (_, region, cycle) = try await context(req)
        let period = Self.period(req, cycle: cycle).period
        let report = try await CuratorReportQueries.gather(region: region, cycle: cycle, period: period, on: req.db)
        return try download(CuratorReportViews.grid(report, sheet: region.name), C.fileName(region.name, period))
    }

    struct ConfirmForm: Content {
        var payment: String?
    }

    func confirm(_ req: Request) async throws -> Response {
        let (principal, region, cycle) = try await context(req)
        try _ = req.authorize(.confirmCuratorReport, Place(region: region.id!))
        let form = try req.content.decode(ConfirmForm.self)
        guard let payment = form.payment.flatMap(CuratorPayment.init(rawValue:)) else {
            return req.redirect(to: SiteURL.curatorReport(.value(region.id!)).path, flash: Flash(kind: .error, text: C.badPayment))
        }
        let back = Self.url(region: region.id!, cycle: cycle, payment: payment)
        if cycle.status == .closed { return req.redirect(to: back, flash: Flash(kind: .error, text: C.closedCycle)) }
        let period = payment.period(of: cycle)
        // Paid on what was done: a period still running would be confirmed on figures that keep moving.
        guard region.day(of: req.now) > period.to else {
            return req.redirect(to: back, flash: Flash(kind: .error, text: C.notEnded(period)))
        }
        let report = try await CuratorReportQueries.gather(region: region, cycle: cycle, period: period, on: req.db)
        let record = try await CuratorReportQueries.confirm(report, region: region.id!, cycle: cycle.id!, payment: payment,
                                                           by: principal.user, at: req.now, on: req.db)
        return req.redirect(to: back, flash: Flash(kind: .success, text: C.confirmed(record.version)))
    }

    /// One confirmed version exactly as it was confirmed.
    func confirmedExport(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("reportID", as: UUID.self),
              let record = try await CuratorReportRecord.find(id, on: req.db),
              let region = try await Region.find(record.regionID, on: req.db) else { throw Abort(.notFound) }
        try _ = req.authorize(.viewCuratorReports, Place(region: region.id!))
        let report = try CuratorReportQueries.report(of: record)
        return try download(CuratorReportViews.grid(report, sheet: region.name),
                            C.fileName("\(region.name) — \(C.version(record.version))", report.period))
    }

    /// Every region's latest confirmed version of a payment: one workbook, a sheet per region.
    func exportAll(_ req: Request) async throws -> Response {
        // Every region at once: the federal level's download (a regional coordinator downloads its own region's).
        try _ = req.authorizeAnywhere { [.federal, .admin].contains($0.role) }
        let cycle = try await cycle(req)
        guard let payment = (try? req.query.get(String.self, at: "payment")).flatMap(CuratorPayment.init(rawValue:)) else {
            throw Abort(.notFound, reason: C.badPayment)
        }
        let records = try await CuratorReportQueries.confirmed(cycle: cycle.id!, payment: payment, on: req.db)
        let names = Dictionary(uniqueKeysWithValues: try await Region.query(on: req.db).all().map { ($0.id!, $0.name) })
        var seen = Set<UUID>()
        let grids = try records.filter { seen.insert($0.regionID).inserted }
            .sorted { (names[$0.regionID] ?? "") < (names[$1.regionID] ?? "") }
            .map { try CuratorReportViews.grid(CuratorReportQueries.report(of: $0), sheet: names[$0.regionID] ?? "") }
        guard !grids.isEmpty else {
            return req.redirect(to: SiteURL.curatorReports.path(query: [("cycle", "\(cycle.year)")]),
                                flash: Flash(kind: .error, text: C.nothingConfirmed))
        }
        return Downloads.response(try DashboardGrid.xlsx(grids), fileName: C.fileName(C.region, payment, year: cycle.year),
                                  contentType: TerritoryRoadmapController.xlsx)
    }

    // MARK: reading the request

    private func context(_ req: Request) async throws -> (Principal, Region, Cycle) {
        guard let id = req.parameters.get("regionID", as: UUID.self) else { throw Abort(.notFound) }
        let principal = try req.authorize(.viewCuratorReports, Place(region: id))
        guard let region = try await Region.find(id, on: req.db) else { throw Abort(.notFound) }
        return (principal, region, try await cycle(req))
    }

    private func cycle(_ req: Request) async throws -> Cycle {
        guard let cycle = try await req.chosenCycle() else { throw Abort(.notFound, reason: C.noCycle) }
        return cycle
    }

    private func download(_ grid: DashboardGrid, _ fileName: String) throws -> Response {
        Downloads.response(try grid.xlsx(), fileName: fileName, contentType: TerritoryRoadmapController.xlsx)
    }

    /// What the page shows: a payment's period (`payment=`), a period of one's own (`from=`/`to=` inside the year),
    /// or by default the payment whose period is running or was the last to end.
    struct PeriodChoice: Sendable {
        let payment: CuratorPayment?
        let period: ReportPeriod
        let error: String?
    }

    static func period(_ req: Request, cycle: Cycle) -> PeriodChoice {
        let text = { (key: String) in ((try? req.query.get(String.self, at: key)) ?? "").trimmingCharacters(in: .whitespaces) }
        if let payment = CuratorPayment(rawValue: text("payment")) {
            return PeriodChoice(payment: payment, period: payment.period(of: cycle), error: nil)
        }
        let (fromText, toText) = (text("from"), text("to"))
        if !fromText.isEmpty || !toText.isEmpty {
            if let from = CalendarDate(fromText), let to = CalendarDate(toText), from <= to, cycle.starts <= from, to <= cycle.ends {
                return PeriodChoice(payment: nil, period: ReportPeriod(from: from, to: to), error: nil)
            }
            return PeriodChoice(payment: .first, period: CuratorPayment.first.period(of: cycle), error: C.badPeriod)
        }
        let payment: CuratorPayment = req.today > CuratorPayment.first.period(of: cycle).to ? .final : .first
        return PeriodChoice(payment: payment, period: payment.period(of: cycle), error: nil)
    }

    static func url(region: UUID, cycle: Cycle, payment: CuratorPayment) -> String {
        SiteURL.curatorReport(.value(region)).path(query: [("cycle", "\(cycle.year)"), ("payment", payment.rawValue)])
    }
}
