import Fluent
import MEDKCore
import Plot
import Vapor

/// «Верификация РПШ»: the curator's protocol after the first visit. The curator fills it; the school and
/// the coordinators read it.
struct VerificationController {
    func page(_ req: Request) async throws -> Response {
        let (principal, roadmap) = try await context(req)
        return try await render(req, principal, roadmap, errors: [:], status: .ok)
    }

    func save(_ req: Request) async throws -> Response {
        let (principal, roadmap) = try await context(req)
        try principal.authorize(.review, in: roadmap)
        let form = try req.content.decode([String: String].self)
        let protocol_ = VerificationProtocol.seed003
        var answers: [VerificationRecord.Answer] = []
        for group in protocol_.groups {
            let confirmed: Bool? = switch form["confirmed-\(group.number)"] {
            case "yes": true
            case "no": false
            default: nil
            }
            let text = { (key: String, limit: Int) in
                String((form["\(key)-\(group.number)"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(limit))
            }
            answers.append(.init(group: group.number, confirmed: confirmed, note: text("note", 2000),
                                 other: group.asksForOther ? text("other", 1000) : nil))
        }
        var errors: [String: String] = [:]
        var verifiedOn: CalendarDate?
        if form["verified"] != nil {
            let text = (form["verifiedOn"] ?? "").trimmingCharacters(in: .whitespaces)
            let today = roadmap.school.region.day(of: req.now)
            verifiedOn = text.isEmpty ? today : CalendarDate(text)
            if verifiedOn == nil { errors["verifiedOn"] = Strings.Schools.badDate }
            // A verification date changes past figures («посещена и верифицирована» as of a date), so it is bounded:
            // not after the day it is recorded, and not before this curator began to work with the school.
            else if let day = verifiedOn, day > today { errors["verifiedOn"] = Strings.Verification.futureDate }
            else if let day = verifiedOn, let start = try await CuratorAssignment.query(on: req.db)
                .filter(\.$participation.$id == roadmap.participationID).filter(\.$curator.$id == principal.userID)
                .sort(\.$startsOn).first()?.startsOn, day.iso < start {
                errors["verifiedOn"] = Strings.Verification.beforeAssignment(CalendarDate(start)?.russian ?? start)
            }
            if answers.contains(where: { $0.confirmed == nil }) { errors["confirmed"] = Strings.Verification.allGroupsNeeded }
        }
        guard errors.isEmpty else { return try await render(req, principal, roadmap, errors: errors, status: .unprocessableEntity) }
        let participationID = roadmap.participationID
        let now = req.now, actor = principal.actor, schoolName = roadmap.school.fullName
        let (finalAnswers, verifiedDay) = (answers, verifiedOn)
        let added = String((form["addedRisks"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(4000))
        try await req.db.writeTransaction { db in
            let record = try await VerificationRecord.query(on: db).filter(\.$participation.$id == participationID).first()
                ?? { let fresh = VerificationRecord(); fresh.$participation.id = participationID; return fresh }()
            record.answers = finalAnswers
            record.addedRisks = added
            record.verifiedOn = verifiedDay?.iso
            record.verifiedBy = verifiedDay == nil ? nil : actor.userID
            record.updatedAt = now
            try await record.save(on: db)
            try await AuditLog.record(.verificationSaved, by: actor.userID, object: "verification", id: record.id,
                                      schoolName + (verifiedDay.map { " — верифицирован \($0.russian)" } ?? ""),
                                      at: now, on: db)
        }
        return req.redirect(to: SiteURL.verification(.value(roadmap.school.id!)).path,
                            flash: Flash(kind: .success, text: verifiedOn == nil ? Strings.Verification.saved : Strings.Verification.verified))
    }

    private func render(_ req: Request, _ principal: Principal, _ roadmap: RoadmapContext, errors: [String: String],
                        status: HTTPStatus) async throws -> Response {
        let record = try await VerificationRecord.query(on: req.db).filter(\.$participation.$id == roadmap.participationID).first()
        let profile = try await RiskProfileRecord.query(on: req.db).filter(\.$participation.$id == roadmap.participationID).first()
        return VerificationViews.page(PageContext(req), roadmap: roadmap, record: record,
                                      significance: profile?.significance ?? [], canEdit: principal.can(.review, in: roadmap),
                                      today: roadmap.school.region.day(of: req.now), errors: errors, status: status)
    }

    private func context(_ req: Request) async throws -> (Principal, RoadmapContext) {
        guard let schoolID = req.parameters.get("schoolID", as: UUID.self),
              let roadmap = try await DocumentQueries.currentRoadmap(of: schoolID, today: req.today, on: req.db) else { throw Abort(.notFound) }
        return (try req.authorize(.viewSchool, roadmap.place), roadmap)
    }
}

enum VerificationViews {
    static func page(_ context: PageContext, roadmap: RoadmapContext, record: VerificationRecord?, significance: [Significance],
                     canEdit: Bool, today: CalendarDate, errors: [String: String], status: HTTPStatus) -> Response {
        let V = Strings.Verification.self
        let protocol_ = VerificationProtocol.seed003
        let answers = Dictionary(uniqueKeysWithValues: (record?.answers ?? []).map { ($0.group, $0) })
        let school = roadmap.school
        let rows: [[Node<HTML.TableRowContext>]] = protocol_.groups.map { group in
            let answer = answers[group.number]
            let diagnosed = protocol_.diagnosed(group, in: significance)
            return [
                .td(.class("num"), .text("\(group.number)")),
                .td(.strong(.text(group.title)), .ul(.forEach(group.items) { .li(.text($0)) }),
                    .if(group.asksForOther, otherItem(group.number, answer?.other ?? "", canEdit: canEdit)),
                    .if(group.asksForOther, .p(.class("hint"), .text(V.checksFactors(group.factors.map(factorTitle)))))),
                .td(.span(.class("risk risk-\(diagnosed.rawValue)"), .text(significance.isEmpty ? Strings.Common.none : diagnosed.title))),
                .td(canEdit ? choice(group.number, answer?.confirmed) : .text(answer?.confirmed.map { $0 ? V.confirmed : V.notConfirmed } ?? Strings.Common.none),
                    canEdit ? .element(named: "textarea", nodes: [.attribute(named: "name", value: "note-\(group.number)"),
                                                                   .attribute(named: "rows", value: "2"),
                                                                   .attribute(named: "aria-label", value: V.note),
                                                                   .text(answer?.note ?? "")])
                        : .p(.text(answer?.note ?? ""))),
            ]
        }
        let table: Node<HTML.BodyContext> = Components.table([Strings.Profile.number, V.parameters, V.diagnosed, V.observed], rows)
        return Layout.render(
            context, title: V.title,
            crumbs: [Crumb(school.shortName, .school(.value(school.id!))), Crumb(V.title)], status: status,
            .p(.class("lead"), .text(protocol_.title)),
            .p(.class("hint"), .text(V.mappingNote)),
            Components.errorSummary(errors),
            .unwrap(record?.verifiedOn.flatMap(CalendarDate.init)) { .p(.class("flash flash-success"), .text("\(V.verifiedOn) \($0.russian)")) },
            canEdit
                ? .form(.method(.post), .action(SiteURL.verification(.value(school.id!)).path),
                        Components.csrfField(context.csrf),
                        .div(.raw(table.render())),
                        .element(named: "label", nodes: [.attribute(named: "for", value: "added-risks"), .text(V.addedRisks)]),
                        .element(named: "textarea", nodes: [.attribute(named: "id", value: "added-risks"),
                                                            .attribute(named: "name", value: "addedRisks"),
                                                            .attribute(named: "rows", value: "3"), .text(record?.addedRisks ?? "")]),
                        Components.checkbox(V.markVerified, name: "verified", checked: record?.verifiedOn != nil),
                        Components.field(V.verifiedOn, name: "verifiedOn", value: record?.verifiedOn ?? today.iso, type: "date",
                                         error: errors["verifiedOn"]),
                        Components.submit(Strings.Common.save))
                : .group(table, .h2(.text(V.addedRisks)), .p(.text(record?.addedRisks.isEmpty == false ? record!.addedRisks : Strings.Common.none)))
        )
    }

    /// «1. Недостаточная предметная …»: the factor of the 2021 catalogue the protocol's groups refer to.
    private static func factorTitle(_ number: Int) -> String {
        "\(number). " + (Methodology.cycle2021.riskFactors.first { $0.number == number }?.title ?? "")
    }

    private static func otherItem(_ group: Int, _ text: String, canEdit: Bool) -> Node<HTML.BodyContext> {
        let V = Strings.Verification.self
        guard canEdit else { return text.isEmpty ? .empty : .p(.text("\(V.other): \(text)")) }
        return Components.field(V.other, name: "other-\(group)", value: text)
    }

    private static func choice(_ group: Int, _ confirmed: Bool?) -> Node<HTML.BodyContext> {
        let V = Strings.Verification.self
        func radio(_ value: String, _ label: String, _ checked: Bool) -> Node<HTML.BodyContext> {
            .element(named: "label", nodes: [
                .selfClosedElement(named: "input", attributes: [
                    .attribute(named: "type", value: "radio"), .attribute(named: "name", value: "confirmed-\(group)"),
                    .attribute(named: "value", value: value),
                    checked ? .attribute(named: "checked", value: "checked") : .attribute(named: "data-unchecked", value: ""),
                ]),
                .text(" " + label + " "),
            ])
        }
        return .div(.class("choice"), radio("yes", V.confirmed, confirmed == true), radio("no", V.notConfirmed, confirmed == false))
    }
}
