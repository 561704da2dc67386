import Fluent
import Foundation
import MEDKAPI
import MEDKCore
import Vapor

/// The coordinators' reads beyond the indicators: curators' work, territories' plans, monitorings.
extension APIServer {
    func listCuratorWork(_ input: Operations.ListCuratorWork.Input) async throws -> Operations.ListCuratorWork.Output {
        let req = try APIContext.current()
        let principal = try req.apiPrincipal()
        let scope = try await APIScope.dashboard(principal, territory: input.query.territory, req)
        guard scope.level != .country else { throw APIProblem(.badRequest, A.chooseTerritory) }
        guard let cycle = try await req.currentCycle() else { throw APIProblem(.notFound, Strings.Dashboards.noCycle) }
        let work = try await CuratorWorkQueries.load(scope, cycle: cycle, today: req.today, on: req.db)
        let body = S.CuratorWork(territory: scope.name, territoryId: scope.id?.uuidString, date: work.day.iso, curators: work.curators.map { row in
            S.CuratorRow(curatorId: row.curatorID.uuidString, name: row.name, schools: row.schools, waiting: row.waiting,
                         medianDays: row.medianDays, p90Days: row.p90Days, overdueReviews: row.overdueReviews,
                         visitsThisMonth: row.visitsThisMonth, lastActivity: row.lastActivity)
        })
        return switch APIPaging.tag(body, input.headers.ifNoneMatch) {
        case .notModified(let etag): .notModified(.init(headers: .init(eTag: etag)))
        case .fresh(let etag): .ok(.init(headers: .init(eTag: etag), body: .json(body)))
        }
    }

    func listPlans(_ input: Operations.ListPlans.Input) async throws -> Operations.ListPlans.Output {
        let req = try APIContext.current()
        let principal = try req.apiPrincipal()
        let limit = try APIPaging.limit(input.query.limit)
        let after = try APIPaging.uuidCursor(input.query.cursor)
        let day = try APIScope.day(input.query.date, req)
        var plans: [TerritoryRoadmapRecord]
        if let text = input.query.territory {
            guard let id = UUID(uuidString: text), let owner = try await TerritoryRoadmapQueries.owner(id, on: req.db),
                  principal.can(.viewTerritoryPlans, owner.place) else { throw APIProblem(.notFound, A.notFound) }
            plans = try await TerritoryRoadmapQueries.roadmaps(of: owner.place, on: req.db)
        } else {
            plans = try await TerritoryRoadmapQueries.roadmaps(within: principal.actor.scope, on: req.db)
        }
        plans = plans.filter { principal.can(.viewTerritoryPlans, $0.place) }.sorted { $0.id!.uuidString < $1.id!.uuidString }
        if let after { plans = plans.filter { $0.id!.uuidString > after.uuidString } }
        let shown = Array(plans.prefix(limit))
        var items: [S.Plan] = []
        for plan in shown {
            let standing = try await TerritoryRoadmapQueries.standing(of: plan.id!, asOf: day, on: req.db)
            items.append(S.Plan(
                id: plan.id!.uuidString, regionId: plan.$region.id.uuidString, municipalityId: plan.$municipality.id?.uuidString,
                cycleYear: plan.cycleYear, title: plan.title, orderNumber: plan.orderNumber, orderDate: plan.orderDate,
                date: day.iso, done: standing.share.done, due: standing.share.due,
                items: standing.items.map { item in
                    let (state, doneOn): (S.PlanItem.StatePayload, CalendarDate?) = switch standing.state(of: item) {
                    case .heading: (.heading, nil)
                    case .open: (.open, nil)
                    case .done(let on): (.done, on)
                    case .notDone: (.notDone, nil)
                    case .overdue: (.overdue, nil)
                    }
                    return S.PlanItem(id: item.id!.uuidString, number: item.number, isHeading: item.isHeading, action: item.action,
                                      dueDate: item.dueDate, dueText: item.dueText, responsible: item.responsible,
                                      indicator: item.indicator, state: state, doneOn: doneOn?.iso)
                }))
        }
        let page = S.PlanPage(items: items, next: plans.count > limit ? shown.last?.id?.uuidString : nil)
        return switch APIPaging.tag(page, input.headers.ifNoneMatch) {
        case .notModified(let etag): .notModified(.init(headers: .init(eTag: etag)))
        case .fresh(let etag): .ok(.init(headers: .init(eTag: etag), body: .json(page)))
        }
    }

    func listMonitoringRuns(_ input: Operations.ListMonitoringRuns.Input) async throws -> Operations.ListMonitoringRuns.Output {
        let req = try APIContext.current()
        let principal = try req.apiPrincipal()
        var runs: [S.MonitoringRun] = []
        for run in try await MonitoringQueries.runs(visibleTo: principal.actor, on: req.db) {
            let (rows, _) = try await MonitoringQueries.results(of: run, on: req.db)
            runs.append(S.MonitoringRun(
                id: run.id!.uuidString, instrument: run.instrumentRecord.code, instrumentTitle: run.instrumentRecord.title,
                regionId: run.$region.id.uuidString, municipalityId: run.$municipality.id?.uuidString, period: run.period,
                startsOn: run.startsOn, endsOn: run.endsOn,
                subjects: rows.map { row in
                    S.MonitoringResult(subjectId: row.subject.id!.uuidString, name: row.subject.name, kind: row.subject.kind,
                                       schoolId: row.subject.schoolID?.uuidString, value: row.evaluation?.value,
                                       band: row.evaluation?.band?.label, previousValue: row.previous?.value,
                                       previousBand: row.previous?.band?.label)
                }))
        }
        let list = S.MonitoringRunList(items: runs)
        return switch APIPaging.tag(list, input.headers.ifNoneMatch) {
        case .notModified(let etag): .notModified(.init(headers: .init(eTag: etag)))
        case .fresh(let etag): .ok(.init(headers: .init(eTag: etag), body: .json(list)))
        }
    }
}

/// The territory and the day a coordinator's read is about, checked as the dashboard pages check them.
enum APIScope {
    static func dashboard(_ principal: Principal, territory: String?, _ req: Request) async throws -> DashboardScope {
        guard principal.role.isCoordinator || principal.role == .admin,
              let own = try await DashboardScope.of(principal.activeGrant, on: req.db) else {
            throw APIProblem(.notFound, Strings.Api.notFound)
        }
        var scope = own
        if let territory {
            guard let id = UUID(uuidString: territory), let found = try await DashboardScope.find(id, from: own, on: req.db) else {
                throw APIProblem(.notFound, Strings.Api.notFound)
            }
            scope = found
        }
        guard principal.can(.viewDashboards, scope.place) else { throw APIProblem(.notFound, Strings.Api.notFound) }
        return scope
    }

    static func day(_ text: String?, _ req: Request) throws -> CalendarDate {
        guard let text else { return req.today }
        guard let day = CalendarDate(text) else { throw APIProblem(.badRequest, Strings.Api.badDate) }
        return day
    }
}
