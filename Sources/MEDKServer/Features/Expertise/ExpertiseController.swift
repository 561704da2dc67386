import Fluent
import MEDKCore
import Vapor

/// The federal expertise (issue 15): the federal coordinator's rounds (sample, experts, accepting, publishing),
/// the experts' score sheets, and the published results for regions and schools.
struct ExpertiseController {
    typealias E = Strings.Expertise

    /// Each role's own view of the expertise: the rounds to run, the sheets to fill, or the published results.
    func index(_ req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let cycle = try await req.chosenCycle()
        let rounds = try await ExpertiseQueries.rounds(cycle: cycle?.id, on: req.db)
        switch principal.role {
        case .federal:
            let sheets = try await ExpertiseQueries.sheets(rounds: rounds, on: req.db)
            return ExpertiseViews.rounds(PageContext(req), cycle: cycle, rounds: rounds, sheets: sheets, form: [:], errors: [:])
        case .expert:
            let sheets = try await ExpertiseSheet.query(on: req.db).filter(\.$expertID == principal.userID).all()
            let allRounds = try await ExpertiseQueries.rounds(on: req.db)
            let schools = try await School.query(on: req.db).filter(\.$id ~~ Array(Set(sheets.map(\.schoolID)))).with(\.$region).all()
            return ExpertiseViews.expertHome(PageContext(req), rounds: allRounds, sheets: sheets,
                                             schools: Dictionary(uniqueKeysWithValues: schools.map { ($0.id!, $0) }))
        default:
            let published = rounds.filter { $0.status == .published }
            // Each accepted sheet of a school the person sees: a school its own, a curator its schools, a coordinator its territory.
            let sheets = try await ExpertiseSheet.query(on: req.db).filter(\.$roundID ~~ published.map { $0.id! })
                .filter(\.$stateCode == ReviewState.approved.rawValue).filter(\.$isSecond == false).all()
            let schools = try await School.query(on: req.db).filter(\.$id ~~ Array(Set(sheets.map(\.schoolID)))).with(\.$region).all()
            let visible = Dictionary(uniqueKeysWithValues: schools.filter { principal.can(.viewSchool, $0.place) }.map { ($0.id!, $0) })
            let regionLinks = principal.role == .regional ? principal.actor.scope.regionID : nil
            return ExpertiseViews.publishedHome(PageContext(req), principal: principal, rounds: published,
                                                sheets: sheets.filter { visible[$0.schoolID] != nil }, schools: visible,
                                                ownRegion: regionLinks)
        }
    }

    func create(_ req: Request) async throws -> Response {
        let principal = try req.authorize(.manageExpertise, .country)
        guard let cycle = try await req.chosenCycle() else { throw Abort(.notFound) }
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        let title = (form["title"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let due = CalendarDate((form["dueOn"] ?? "").trimmingCharacters(in: .whitespaces))
        var errors: [String: String] = [:]
        if title.isEmpty || title.count > 200 { errors["title"] = E.titleRequired }
        if due.map({ cycle.starts <= $0 && $0 <= cycle.ends }) != true { errors["dueOn"] = E.badDue }
        if cycle.status == .closed { errors["title"] = E.closedCycle }
        let rounds = try await ExpertiseQueries.rounds(cycle: cycle.id, on: req.db)
        if rounds.contains(where: { $0.title == title }) { errors["title"] = E.titleTaken }
        guard errors.isEmpty, let due else {
            let sheets = try await ExpertiseQueries.sheets(rounds: rounds, on: req.db)
            return ExpertiseViews.rounds(PageContext(req), cycle: cycle, rounds: rounds, sheets: sheets, form: form, errors: errors,
                                         status: .unprocessableEntity)
        }
        let now = req.now
        let round = try ExpertiseRound(cycleID: cycle.id!, title: title, dueOn: due, createdBy: principal.userID, at: now)
        try await req.db.writeTransaction { db in
            try await round.create(on: db)
            try await AuditLog.record(.expertiseRoundCreated, by: principal.userID, object: "expertise_round", id: round.id,
                                      title, at: now, on: db)
        }
        return req.redirect(to: SiteURL.expertiseRound(.value(round.id!)).path, flash: Flash(kind: .success, text: E.created(title)))
    }

    func round(_ req: Request) async throws -> Response {
        let (_, round) = try await managed(req)
        return try await ExpertiseViews.round(PageContext(req), try await ExpertisePage.load(round, on: req.db), form: [:])
    }

    func draw(_ req: Request) async throws -> Response {
        let (principal, round) = try await managed(req)
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        let value = Int((form["value"] ?? "").trimmingCharacters(in: .whitespaces))
        let seed = UInt64((form["seed"] ?? "").trimmingCharacters(in: .whitespaces))
        let rule: SampleRule? = switch (form["kind"], value) {
        case ("perRegion", let n?) where (1...10_000).contains(n): .perRegion(n)
        case ("percent", let p?) where (1...100).contains(p): .percent(p)
        default: nil
        }
        guard let rule else { return try await refuse(req, round, E.badRuleValue, form) }
        guard let seed, (1...999_999_999).contains(seed) else { return try await refuse(req, round, E.badSeed, form) }
        do {
            let count = try await ExpertiseQueries.draw(round, rule: rule, seed: seed, by: principal.userID, at: req.now, on: req.db)
            return req.redirect(to: SiteURL.expertiseRound(.value(round.id!)).path, flash: Flash(kind: .success, text: E.drawn(count)))
        } catch let refusal as ExpertiseRefusal {
            return try await refuse(req, round, refusal.message, form)
        }
    }

    func changeSample(_ req: Request) async throws -> Response {
        let (principal, round) = try await managed(req)
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        let change: ExpertiseSampleChange? = switch form["action"] {
        case "add": .added
        case "remove": .removed
        default: nil
        }
        let reason = (form["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard round.isSampled else { return try await refuse(req, round, E.drawFirst, form) }
        guard let change else { return try await refuse(req, round, E.schoolNotFound, form) }
        guard !reason.isEmpty, reason.count <= 1000 else { return try await refuse(req, round, E.reasonRequired, form) }
        guard let (participation, school) = try await participation(named: form["school"] ?? "", round: round, on: req.db) else {
            return try await refuse(req, round, E.schoolNotFound, form)
        }
        do {
            try await ExpertiseQueries.change(round, participation: participation, region: school.$region.id, change, reason: reason,
                                              by: principal.userID, at: req.now, on: req.db)
        } catch let refusal as ExpertiseRefusal {
            return try await refuse(req, round, refusal.message, form)
        }
        return req.redirect(to: SiteURL.expertiseRound(.value(round.id!)).path, flash: Flash(kind: .success, text: E.changed(change)))
    }

    func assign(_ req: Request) async throws -> Response {
        let (principal, round) = try await managed(req)
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        guard round.isSampled else { return try await refuse(req, round, E.drawFirst, form) }
        guard let limit = Int((form["limit"] ?? "").trimmingCharacters(in: .whitespaces)), (1...1000).contains(limit) else {
            return try await refuse(req, round, E.badLimit, form)
        }
        guard let share = Int((form["secondShare"] ?? "0").trimmingCharacters(in: .whitespaces)), (0...100).contains(share) else {
            return try await refuse(req, round, E.badShare, form)
        }
        do {
            let count = try await ExpertiseQueries.assign(round, limit: limit, secondShare: share, by: principal.userID, at: req.now,
                                                          on: req.db)
            return req.redirect(to: SiteURL.expertiseRound(.value(round.id!)).path, flash: Flash(kind: .success, text: E.assigned(count)))
        } catch let refusal as ExpertiseRefusal {
            return try await refuse(req, round, refusal.message, form)
        }
    }

    func assignOne(_ req: Request) async throws -> Response {
        let (principal, round) = try await managed(req)
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        guard let expert = UUID(uuidString: form["expert"] ?? "") else { return try await refuse(req, round, E.expertRequired, form) }
        guard let (participation, _) = try await participation(named: form["school"] ?? "", round: round, on: req.db) else {
            return try await refuse(req, round, E.schoolNotFound, form)
        }
        do {
            try await ExpertiseQueries.assignOne(round, participation: participation, expert: expert, by: principal.userID,
                                                 at: req.now, on: req.db)
        } catch let refusal as ExpertiseRefusal {
            return try await refuse(req, round, refusal.message, form)
        }
        return req.redirect(to: SiteURL.expertiseRound(.value(round.id!)).path, flash: Flash(kind: .success, text: E.assigned(1)))
    }

    func publish(_ req: Request) async throws -> Response {
        let (principal, round) = try await managed(req)
        do {
            try await ExpertiseSheetActions.publish(round, by: principal.userID, at: req.now, on: req.db)
        } catch let refusal as ExpertiseRefusal {
            return try await refuse(req, round, refusal.message, [:])
        }
        return req.redirect(to: SiteURL.expertiseResults(.value(round.id!)).path, flash: Flash(kind: .success, text: E.published))
    }

    // MARK: sheets

    func sheet(_ req: Request) async throws -> Response {
        let (principal, sheet, round) = try await readableSheet(req)
        return try await ExpertiseViews.sheet(PageContext(req), try await SheetPage.load(sheet, round: round, principal: principal, on: req.db),
                                              form: nil, error: nil)
    }

    func saveSheet(_ req: Request) async throws -> Response {
        let (principal, sheet, round) = try await readableSheet(req)
        guard principal.role == .expert, sheet.expertID == principal.userID, round.status == .open else { throw Abort(.notFound) }
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        var scores: [CriterionScore] = []
        var unreadable: [String] = []
        for criterion in round.rubric {
            let text = (form["score-\(criterion.key)"] ?? "").trimmingCharacters(in: .whitespaces)
            let score = Int(text)
            if !text.isEmpty && score == nil { unreadable.append(criterion.title) }
            let comment = String((form["comment-\(criterion.key)"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(4000))
            scores.append(CriterionScore(key: criterion.key, score: score, comment: comment))
        }
        let conclusion = String((form["conclusion"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(8000))
        let submit = form["action"] == "submit"
        let page = { (error: String) in
            try await ExpertiseViews.sheet(PageContext(req), try await SheetPage.load(sheet, round: round, principal: principal, on: req.db),
                                           form: form, error: error)
        }
        if !unreadable.isEmpty {
            return try await page(unreadable.map { "«\($0)»: балл — целое число." }.joined(separator: " "))
        }
        do {
            _ = try await ExpertiseSheetActions.save(sheet, round: round, scores: scores, conclusion: conclusion, submit: submit,
                                                     by: principal.userID, at: req.now, on: req.db)
        } catch let refusal as ExpertiseRefusal {
            return try await page(refusal.message)
        }
        return req.redirect(to: SiteURL.expertiseSheet(.value(sheet.id!)).path,
                            flash: Flash(kind: .success, text: submit ? E.submitted : E.saved))
    }

    func decide(_ req: Request) async throws -> Response {
        guard let id = req.parameters.get("sheetID", as: UUID.self), let sheet = try await ExpertiseSheet.find(id, on: req.db),
              let round = try await ExpertiseRound.find(sheet.roundID, on: req.db) else { throw Abort(.notFound) }
        let principal = try req.authorize(.manageExpertise, .country)
        let decision = req.parameters.get("decision")
        guard ["accept", "return"].contains(decision) else { throw Abort(.notFound) }
        let comment = ((try? req.content.decode([String: String].self))?["comment"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let back = SiteURL.expertiseSheet(.value(id)).path
        guard round.status == .open else { return req.redirect(to: back, flash: Flash(kind: .error, text: E.roundPublished)) }
        do {
            try await ExpertiseSheetActions.decide(sheet, accept: decision == "accept", comment: String(comment.prefix(4000)),
                                                   by: principal.userID, at: req.now, on: req.db)
        } catch let refusal as ExpertiseRefusal {
            return req.redirect(to: back, flash: Flash(kind: .error, text: refusal.message))
        }
        return req.redirect(to: back, flash: Flash(kind: .success, text: decision == "accept" ? E.accepted : E.returned))
    }

    // MARK: results

    func results(_ req: Request) async throws -> Response {
        let (_, round) = try await publishedRound(req, region: nil)
        let body = try await ExpertiseResults.rendered(round, part: "country", on: req.db) { ExpertiseViews.resultsBody(round, $0).render() }
        return ExpertiseViews.results(PageContext(req), round: round, body: body)
    }

    func resultsExport(_ req: Request) async throws -> Response {
        let (_, round) = try await publishedRound(req, region: nil)
        let results = try await ExpertiseResults.of(round, on: req.db)
        return try xlsx(ExpertiseViews.countryGrids(results), E.fileName(round.title))
    }

    func region(_ req: Request) async throws -> Response {
        let (region, round) = try await regionOfRound(req)
        let body = try await ExpertiseResults.rendered(round, part: "region/\(region.id!)", on: req.db) {
            ExpertiseViews.regionBody(round, region: region, $0).render()
        }
        return ExpertiseViews.region(PageContext(req), round: round, region: region, body: body)
    }

    func regionExport(_ req: Request) async throws -> Response {
        let (region, round) = try await regionOfRound(req)
        let results = try await ExpertiseResults.of(round, on: req.db)
        return try xlsx(ExpertiseViews.regionGrids(results, region: region), E.fileName("\(round.title) — \(region.name)"))
    }

    // MARK: reading the request

    private func managed(_ req: Request) async throws -> (Principal, ExpertiseRound) {
        let principal = try req.authorize(.manageExpertise, .country)
        guard let id = req.parameters.get("roundID", as: UUID.self), let round = try await ExpertiseRound.find(id, on: req.db) else {
            throw Abort(.notFound)
        }
        if req.method == .POST, round.status == .published, req.url.path != SiteURL.expertisePublish(.value(id)).path {
            throw Abort(.forbidden, reason: E.roundPublished)
        }
        return (principal, round)
    }

    /// A round's results: the federal coordinator any time, a region's coordinator (and the admin) once published.
    private func publishedRound(_ req: Request, region: UUID?) async throws -> (Principal, ExpertiseRound) {
        let principal = try req.requirePrincipal()
        guard let id = req.parameters.get("roundID", as: UUID.self), let round = try await ExpertiseRound.find(id, on: req.db) else {
            throw Abort(.notFound)
        }
        let place = region.map { Place(region: $0) }
        let allowed = principal.can(.manageExpertise, .country)
            || (round.status == .published && (place.map { principal.can(.viewExpertiseResults, $0) } ?? [.federal, .admin].contains(principal.role)))
        guard allowed else { throw Abort(.notFound) }
        return (principal, round)
    }

    private func regionOfRound(_ req: Request) async throws -> (Region, ExpertiseRound) {
        guard let regionID = req.parameters.get("regionID", as: UUID.self) else { throw Abort(.notFound) }
        let (_, round) = try await publishedRound(req, region: regionID)
        guard let region = try await Region.find(regionID, on: req.db) else { throw Abort(.notFound) }
        return (region, round)
    }

    /// Before publication a sheet is its expert's and the federal coordinator's; after, an accepted sheet is also
    /// read by whoever sees its school.
    private func readableSheet(_ req: Request) async throws -> (Principal, ExpertiseSheet, ExpertiseRound) {
        let principal = try req.requirePrincipal()
        guard let id = req.parameters.get("sheetID", as: UUID.self), let sheet = try await ExpertiseSheet.find(id, on: req.db),
              let round = try await ExpertiseRound.find(sheet.roundID, on: req.db),
              let school = try await School.find(sheet.schoolID, on: req.db) else { throw Abort(.notFound) }
        let own = principal.role == .expert && sheet.expertID == principal.userID
        let published = round.status == .published && sheet.state == .approved && principal.role != .expert
            && principal.can(.viewSchool, school.place)
        guard own || principal.can(.manageExpertise, .country) || published else { throw Abort(.notFound) }
        return (principal, sheet, round)
    }

    /// The school a hand change names: its registry code or its full name, among the round's year's participants.
    private func participation(named text: String, round: ExpertiseRound, on db: Database) async throws -> (UUID, School)? {
        let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !key.isEmpty, key.count <= 500 else { return nil }
        let schools = try await School.query(on: db).group(.or) { $0.filter(\.$code == key).filter(\.$fullName == key) }.all()
        guard !schools.isEmpty else { return nil }
        let participation = try await Participation.query(on: db).filter(\.$cycle.$id == round.cycleID)
            .filter(\.$school.$id ~~ schools.map { $0.id! }).first()
        guard let participation, let school = schools.first(where: { $0.id == participation.$school.id }) else { return nil }
        return (participation.id!, school)
    }

    private func refuse(_ req: Request, _ round: ExpertiseRound, _ message: String, _ form: [String: String]) async throws -> Response {
        var page = try await ExpertisePage.load(round, on: req.db)
        page.error = message
        return try await ExpertiseViews.round(PageContext(req), page, form: form, status: .unprocessableEntity)
    }

    private func xlsx(_ grids: [DashboardGrid], _ fileName: String) throws -> Response {
        Downloads.response(try DashboardGrid.xlsx(grids), fileName: fileName, contentType: TerritoryRoadmapController.xlsx)
    }
}
