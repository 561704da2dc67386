import Fluent
import MEDKCore
import Plot
import Vapor

struct AuditController {
    func index(_ req: Request) async throws -> Response {
        _ = try req.authorize(.readAudit, .country)
        let page = req.pageNumber
        let events = try await AuditEvent.query(on: req.db).sort(\.$at, .descending)
            .range(lower: (page - 1) * 100, upper: page * 100).all()
        let actorIDs = Set(events.compactMap(\.actorID))
        let actors = try await User.query(on: req.db).filter(\.$id ~~ Array(actorIDs)).all()
        let names = Dictionary(uniqueKeysWithValues: actors.map { ($0.id!, "\($0.fullName) (\($0.login))") })
        return Layout.render(
            PageContext(req), title: Strings.Audit.title,
            crumbs: [Crumb(Strings.Home.title, .home), Crumb(Strings.Audit.title)],
            Components.table(
                [Strings.Audit.at, Strings.Audit.actor, Strings.Audit.action, Strings.Audit.summary],
                events.map { event in
                    [Components.cell(Formats.moment(event.at)),
                     Components.cell(event.actorID.flatMap { names[$0] } ?? Strings.Audit.system),
                     Components.cell(AuditLog.Action(rawValue: event.action).map(Strings.Audit.action) ?? event.action),
                     Components.cell(event.summary)]
                }, empty: Strings.Audit.empty),
            .if(events.count == 100, .p(.a(.href(SiteURL.audit.path(query: [("page", "\(page + 1)")])), .text(Strings.Audit.next))))
        )
    }
}

enum Formats {
    /// "15.02.2021 14:05" in Moscow time, as people in the programme read times.
    static func moment(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Moscow")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%02d.%02d.%04d %02d:%02d", c.day!, c.month!, c.year!, c.hour!, c.minute!)
    }

    /// "12,5" and "80": a value as Russians write it, without a trailing ",0".
    static func number(_ value: Double?) -> String {
        guard let value else { return "" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.4g", value).replacingOccurrences(of: ".", with: ",")
    }
}
