import Foundation
import MEDKCore
import Plot
import Vapor

enum ExpertiseViews {
    typealias E = Strings.Expertise

    private static func crumbs(_ current: String, round: ExpertiseRound? = nil) -> [Crumb] {
        var crumbs = [Crumb(Strings.Home.title, .home), Crumb(E.title, .expertise)]
        if let round { crumbs.append(Crumb(round.title, .expertiseRound(.value(round.id!)))) }
        return crumbs + [Crumb(current)]
    }

    // MARK: the federal coordinator's rounds

    static func rounds(_ page: PageContext, cycle: Cycle?, rounds: [ExpertiseRound], sheets: [ExpertiseSheet],
                       form: [String: String], errors: [String: String], status: HTTPStatus = .ok) -> Response {
        let sheetsOf = Dictionary(grouping: sheets, by: \.roundID)
        return Layout.render(
            page, title: E.title, crumbs: [Crumb(Strings.Home.title, .home), Crumb(E.title)], status: status,
            .p(.text(E.intro)),
            .h2(.text(E.rounds)),
            Components.table([E.roundTitle, E.dueOn, E.status, E.sample, E.sheets], rounds.map { round in
                let list = sheetsOf[round.id!] ?? []
                return [Components.cell(link: round.title, SiteURL.expertiseRound(.value(round.id!)).path),
                        Components.cell(round.due?.russian ?? round.dueOn),
                        Components.cell(round.isSampled ? E.statusTitle(round.status) : E.notDrawn),
                        Components.number(Set(list.map(\.participationID)).count),
                        Components.cell("\(list.filter { $0.state == .approved }.count) / \(list.count)")]
            }, empty: E.noRounds),
            .if(cycle != nil && cycle?.status != .closed, .group(
                .h2(.text(E.newRound)),
                Components.errorSummary(errors),
                .form(
                    .method(.post), .action(SiteURL.expertise.path(query: [("cycle", cycle.map { "\($0.year)" } ?? "")])),
                    Components.csrfField(page.csrf),
                    Components.field(E.roundTitle, name: "title", value: form["title"] ?? "", required: true, hint: E.roundTitleHint,
                                     error: errors["title"]),
                    Components.field(E.dueOn, name: "dueOn", value: form["dueOn"] ?? "", type: "date", required: true,
                                     error: errors["dueOn"]),
                    Components.submit(E.create)
                )
            ))
        )
    }

    static func round(_ page: PageContext, _ model: ExpertisePage, form: [String: String], status: HTTPStatus = .ok) async throws -> Response {
        let round = model.round, id = round.id!
        let open = round.status == .open
        let sheets = model.sheets
        return Layout.render(
            page, title: round.title, crumbs: crumbs(round.title), status: status,
            .p(.text("\(E.dueOn): \(round.due?.russian ?? round.dueOn). \(E.status): \(round.isSampled ? E.statusTitle(round.status) : E.notDrawn).")),
            .unwrap(model.error) { Components.errorSummary(["error": $0]) },
            .if(round.status == .published, .p(.a(.href(SiteURL.expertiseResults(.value(id)).path), .text(E.results)))),

            .h2(.text(E.sample)),
            .unwrap(round.sampleRule) { rule in
                .p(.class("rule"), .text(E.drawnWith(rule: E.rule(rule), seed: round.seed ?? 0,
                                                     at: round.sampledAt.map(Formats.moment) ?? "")))
            },
            Components.table([E.region, E.population, E.inSample] + (round.sampleRule.map { _ in [E.regionRule] } ?? []),
                             model.strata.map { stratum in
                                 [Components.cell(stratum.region), Components.number(stratum.population), Components.number(stratum.inSample)]
                                     + (round.sampleRule.map { [Components.cell(E.ruleForRegion($0, population: stratum.population))] } ?? [])
                             }),
            .if(!round.isSampled && open, drawForm(page, id, form: form, seed: model.newSeed)),
            .if(round.isSampled && open, changeForm(page, id, form: form)),

            .if(round.isSampled, .group(
                .h2(.text(E.experts)),
                .if(open, assignForms(page, model, form: form)),
                Components.table([E.school, E.region, E.expert, E.status], model.rows.map { row in
                    [Components.cell(row.school.fullName), Components.cell(row.region),
                     .td(.forEach(row.sheets) { entry in
                         .div(.a(.href(SiteURL.expertiseSheet(.value(entry.sheet.id!)).path),
                                 .text(entry.expert + (entry.sheet.isSecond ? " (\(E.second))" : ""))))
                     }),
                     .td(.forEach(row.sheets) { entry in .div(.class("status-\(entry.sheet.stateCode)"), .text(E.state(entry.sheet.state))) })]
                }, caption: E.sheets)
            )),
            .if(!model.changes.isEmpty, .group(
                .h2(.text(E.history)),
                Components.table([E.when, E.school, E.action, E.reason], model.changes.map { change in
                    [Components.cell(Formats.moment(change.event.at)), Components.cell(change.school),
                     Components.cell(change.event.kind.map(E.changeTitle) ?? change.event.kindCode),
                     Components.cell("\(change.event.reason) — \(change.actor)")]
                })
            )),
            .if(open && sheets.contains { $0.state == .approved }, .group(
                .h2(.text(E.publish)),
                .p(.class("hint"), .text(E.publishHint)),
                .form(.method(.post), .action(SiteURL.expertisePublish(.value(id)).path),
                      .attribute(named: "data-confirm", value: E.publishQuestion),
                      Components.csrfField(page.csrf), .button(.type(.submit), .text(E.publish)))
            ))
        )
    }

    private static func drawForm(_ page: PageContext, _ id: UUID, form: [String: String], seed: UInt64) -> Node<HTML.BodyContext> {
        .section(
            .h3(.text(E.drawTitle)),
            .p(.class("hint"), .text(E.drawHint)),
            .form(
                .method(.post), .action(SiteURL.expertiseSample(.value(id)).path), .class("draw-form"),
                Components.csrfField(page.csrf),
                Components.select(E.ruleKind, name: "kind", options: [("percent", E.percent), ("perRegion", E.perRegion)],
                                  selected: form["kind"] ?? "percent", required: true),
                Components.field(E.ruleValue, name: "value", value: form["value"] ?? "10", type: "number", required: true),
                Components.field(E.seed, name: "seed", value: form["seed"] ?? "\(seed)", type: "number", required: true, hint: E.seedHint),
                Components.submit(E.draw)
            )
        )
    }

    private static func changeForm(_ page: PageContext, _ id: UUID, form: [String: String]) -> Node<HTML.BodyContext> {
        .section(
            .h3(.text(E.changeTitle)),
            .p(.class("hint"), .text(E.changeHint)),
            .form(
                .method(.post), .action(SiteURL.expertiseSampleChange(.value(id)).path), .class("sample-change"),
                Components.csrfField(page.csrf),
                Components.field(E.schoolCode, name: "school", value: form["school"] ?? "", required: true),
                Components.select(E.action, name: "action", options: [("add", E.add), ("remove", E.remove)],
                                  selected: form["action"] ?? "add", required: true),
                Components.field(E.reason, name: "reason", value: form["reason"] ?? "", required: true),
                Components.submit(E.changeTitle)
            )
        )
    }

    private static func assignForms(_ page: PageContext, _ model: ExpertisePage, form: [String: String]) -> Node<HTML.BodyContext> {
        let id = model.round.id!
        return .group(
            .p(.text(model.experts.map { "\($0.user.fullName)\($0.region.map { ", \($0)" } ?? "") — \(E.load($0.load))" }
                .joined(separator: "; "))),
            .section(
                .h3(.text(E.assignTitle)),
                .p(.class("hint"), .text(E.assignHint)),
                .form(
                    .method(.post), .action(SiteURL.expertiseAssign(.value(id)).path), .class("assign-form"),
                    Components.csrfField(page.csrf),
                    Components.field(E.limit, name: "limit", value: form["limit"] ?? "10", type: "number", required: true),
                    Components.field(E.secondShare, name: "secondShare", value: form["secondShare"] ?? "20", type: "number", required: true),
                    Components.submit(E.assign)
                )
            ),
            .section(
                .h3(.text(E.assignOneTitle)),
                .form(
                    .method(.post), .action(SiteURL.expertiseAssignOne(.value(id)).path), .class("assign-one"),
                    Components.csrfField(page.csrf),
                    Components.field(E.schoolCode, name: "school", value: form["school"] ?? "", required: true),
                    Components.select(E.expert, name: "expert",
                                      options: [("", Strings.Common.none)] + model.experts.map { ($0.user.id!.uuidString, $0.user.fullName) },
                                      selected: form["expert"], required: true),
                    Components.submit(E.assignOne)
                )
            )
        )
    }

    // MARK: the expert's and the others' home

    static func expertHome(_ page: PageContext, rounds: [ExpertiseRound], sheets: [ExpertiseSheet], schools: [UUID: School]) -> Response {
        let byRound = Dictionary(grouping: sheets, by: \.roundID)
        return Layout.render(
            page, title: E.myAssignments, crumbs: [Crumb(Strings.Home.title, .home), Crumb(E.myAssignments)],
            .p(.text(E.intro)),
            .if(sheets.isEmpty, .p(.class("empty"), .text(E.noAssignments))),
            .forEach(rounds.filter { byRound[$0.id!] != nil }) { round in
                .section(
                    .h2(.text("\(round.title) — \(E.dueOn.lowercased()) \(round.due?.russian ?? round.dueOn)")),
                    Components.table([E.school, E.region, E.status], (byRound[round.id!] ?? [])
                        .sorted { (schools[$0.schoolID]?.fullName ?? "") < (schools[$1.schoolID]?.fullName ?? "") }
                        .map { sheet in
                            [Components.cell(link: schools[sheet.schoolID]?.fullName ?? "", SiteURL.expertiseSheet(.value(sheet.id!)).path),
                             Components.cell(schools[sheet.schoolID]?.region.name ?? ""),
                             .td(.class("status-\(sheet.stateCode)"), .text(E.state(sheet.state)))]
                        })
                )
            }
        )
    }

    static func publishedHome(_ page: PageContext, principal: Principal, rounds: [ExpertiseRound], sheets: [ExpertiseSheet],
                              schools: [UUID: School], ownRegion: UUID?) -> Response {
        let byRound = Dictionary(grouping: sheets, by: \.roundID)
        let federalLevel = [.federal, .admin].contains(principal.role)
        return Layout.render(
            page, title: E.title, crumbs: [Crumb(Strings.Home.title, .home), Crumb(E.title)],
            .p(.text(E.intro)),
            .if(rounds.isEmpty, .p(.class("empty"), .text(E.noResults))),
            .forEach(rounds) { round in
                .section(
                    .h2(.text(round.title)),
                    .if(federalLevel, .p(.a(.href(SiteURL.expertiseResults(.value(round.id!)).path), .text(E.results)))),
                    .unwrap(ownRegion) { region in
                        .p(.a(.href(SiteURL.expertiseRegion(round: .value(round.id!), region: .value(region)).path), .text(E.results)))
                    },
                    Components.table([E.school, E.region], (byRound[round.id!] ?? [])
                        .sorted { (schools[$0.schoolID]?.fullName ?? "") < (schools[$1.schoolID]?.fullName ?? "") }
                        .map { sheet in
                            [Components.cell(link: schools[sheet.schoolID]?.fullName ?? "", SiteURL.expertiseSheet(.value(sheet.id!)).path),
                             Components.cell(schools[sheet.schoolID]?.region.name ?? "")]
                        }, caption: E.schoolResults, empty: E.noResults)
                )
            }
        )
    }

    // MARK: the score sheet

    static func sheet(_ page: PageContext, _ model: SheetPage, form: [String: String]?, error: String?) async throws -> Response {
        let sheet = model.sheet, rubric = model.round.rubric
        let scores = Dictionary(uniqueKeysWithValues: (model.version?.scores ?? []).map { ($0.key, $0) })
        let total = ScoreSheetCheck.total(model.version?.scores ?? [], rubric: rubric)
        let lastReturn = model.events.last { $0.kind == ReviewEventKind.returned.rawValue }
        return Layout.render(
            page, title: E.sheetTitle(model.school.fullName),
            crumbs: [Crumb(Strings.Home.title, .home), Crumb(E.title, .expertise), Crumb(model.round.title), Crumb(model.school.shortName)],
            status: error == nil ? .ok : .unprocessableEntity,
            .p(.text("\(model.school.region.name), \(model.school.municipality.name). \(E.expert): \(model.expert)"
                     + (sheet.isSecond ? " (\(E.second))" : "") + ". \(E.status): \(E.state(sheet.state)).")),
            .unwrap(error) { Components.errorSummary(["error": $0]) },
            .if(sheet.state == .returned, .unwrap(lastReturn) { event in
                .p(.class("returned-comment"), .strong(.text(E.returnedBecause + " ")), .text(event.comment))
            }),
            model.canEdit ? scoreForm(page, model, form: form ?? [:], scores: scores) : scoreTable(rubric, scores: scores, total: total,
                                                                                                 conclusion: model.version?.conclusion ?? ""),
            .if(model.canDecide, decisionForms(page, sheet)),
            .if(model.showsMaterials, materials(model))
        )
    }

    private static func scoreTable(_ rubric: [RubricCriterion], scores: [String: CriterionScore], total: (score: Int, max: Int),
                                   conclusion: String) -> Node<HTML.BodyContext> {
        .group(
            Components.table([E.criterion, E.score, E.comment], rubric.map { criterion in
                [Components.cell(criterion.title),
                 .td(.class("num"), .text(scores[criterion.key]?.score.map { "\($0) из \(criterion.maxScore)" } ?? Strings.Common.none)),
                 Components.cell(scores[criterion.key]?.comment ?? "")]
            }, caption: E.sheet),
            .p(.strong(.text("\(E.total): ")), .text(E.totalOf(total.score, total.max))),
            .p(.strong(.text("\(E.conclusion): ")), .text(conclusion.isEmpty ? Strings.Common.none : conclusion))
        )
    }

    private static func scoreForm(_ page: PageContext, _ model: SheetPage, form: [String: String],
                                  scores: [String: CriterionScore]) -> Node<HTML.BodyContext> {
        let rubric = model.round.rubric
        return .form(
            .method(.post), .action(SiteURL.expertiseSheet(.value(model.sheet.id!)).path), .class("score-sheet"),
            Components.csrfField(page.csrf),
            .forEach(rubric) { criterion in
                let scoreName = "score-\(criterion.key)", commentName = "comment-\(criterion.key)"
                let current = form[scoreName] ?? scores[criterion.key]?.score.map(String.init) ?? ""
                return .fieldset(
                    .class("criterion"),
                    Components.legend(criterion.title),
                    Components.select(E.score, name: scoreName,
                                      options: [("", Strings.Common.none)] + (0...criterion.maxScore).map { ("\($0)", "\($0)") },
                                      selected: current),
                    .label(.for("f-\(commentName)"), .text(E.comment)),
                    .p(.class("hint"), .text(E.commentHint)),
                    .textarea(.id("f-\(commentName)"), .name(commentName), .attribute(named: "rows", value: "2"),
                              .text(form[commentName] ?? scores[criterion.key]?.comment ?? ""))
                )
            },
            .label(.for("f-conclusion"), .text(E.conclusion)),
            .textarea(.id("f-conclusion"), .name("conclusion"), .attribute(named: "rows", value: "4"),
                      .text(form["conclusion"] ?? model.version?.conclusion ?? "")),
            .div(.class("actions"),
                 .button(.type(.submit), .name("action"), .value("save"), .class("secondary"), .text(E.saveDraft)),
                 .button(.type(.submit), .name("action"), .value("submit"), .text(E.submit)))
        )
    }

    private static func decisionForms(_ page: PageContext, _ sheet: ExpertiseSheet) -> Node<HTML.BodyContext> {
        .div(
            .class("actions"),
            Components.postButton(SiteURL.expertiseSheetDecision(.value(sheet.id!), decision: .value("accept")).path, csrf: page.csrf,
                                  title: E.accept),
            .form(
                .method(.post), .action(SiteURL.expertiseSheetDecision(.value(sheet.id!), decision: .value("return")).path),
                Components.csrfField(page.csrf),
                .label(.for("f-return-comment"), .text(E.returnComment)),
                .textarea(.id("f-return-comment"), .name("comment"), .attribute(named: "rows", value: "2"), .required(true)),
                .button(.type(.submit), .class("secondary"), .text(E.returnSheet))
            )
        )
    }

    private static func materials(_ model: SheetPage) -> Node<HTML.BodyContext> {
        .section(
            .class("materials"),
            .h2(.text(E.materials)),
            .p(.a(.href(SiteURL.school(.value(model.school.id!)).path), .text(E.openRoadmap))),
            .h3(.text(E.documents)),
            Components.table([E.documents, E.section, E.status, E.versions], model.documents.map { entry in
                [Components.cell(link: entry.document.title, SiteURL.document(.value(entry.document.id!)).path),
                 Components.cell(entry.document.section.map(Strings.Roadmap.sectionTitle) ?? entry.document.sectionCode),
                 Components.cell(Strings.Roadmap.stateTitle(entry.document.state)),
                 .td(.forEach(entry.versions) { version in
                     .a(.href(SiteURL.documentFile(.value(entry.document.id!), number: .value(version.number)).path),
                        .text("\(version.number): \(version.fileName) "))
                 })]
            }, empty: E.noDocuments),
            .h3(.text(E.reviewHistory)),
            Components.table([E.when, E.documents, E.status, E.comment], model.history.map { event in
                [Components.cell(Formats.moment(event.at)), Components.cell(event.itemTitle),
                 Components.cell(ReviewEventKind(rawValue: event.kind)
                    .map { Strings.Roadmap.eventTitle($0, of: Strings.Roadmap.Noun(itemType: event.itemType)) } ?? event.kind),
                 Components.cell(event.comment)]
            }, empty: E.noHistory)
        )
    }

    // MARK: results

    private static func decimal(_ value: Double?) -> String {
        value.map { String(format: "%.2f", $0).replacingOccurrences(of: ".", with: ",") } ?? Strings.Common.none
    }

    static func results(_ page: PageContext, round: ExpertiseRound, body: String) -> Response {
        Layout.render(
            page, title: E.resultsTitle(round.title), crumbs: crumbs(E.results, round: round),
            .if(round.status != .published, .p(.class("hint"), .text(E.notPublished))),
            .p(.class("links"), .a(.href(SiteURL.expertiseResultsExport(.value(round.id!)).path), .text(E.download))),
            .raw(body)
        )
    }

    /// The comparison's tables, the same for everyone who may see them.
    static func resultsBody(_ round: ExpertiseRound, _ results: ExpertiseResultSet) -> Node<HTML.BodyContext> {
        .group(
            .h2(.text(E.byRegion)),
            summaryTable(results, rows: results.regions + [results.country], round: round),
            .h2(.text(E.agreement)),
            .p(.class("hint"), .text(E.agreementHint)),
            .if(results.agreement.allSatisfy { $0.pairs == 0 }, .p(.class("empty"), .text(E.noPairs))),
            .if(results.agreement.contains { $0.pairs > 0 },
                Components.table([E.criterion, E.pairs, E.equalShare, E.kappa], results.agreement.map { row in
                    [Components.cell(row.criterion.title), Components.number(row.pairs),
                     .td(.class("num"), .text(row.equalShare.map(Strings.Common.percent) ?? Strings.Common.none)),
                     .td(.class("num"), .text(decimal(row.kappa)))]
                }, caption: E.agreement))
        )
    }

    private static func summaryTable(_ results: ExpertiseResultSet, rows: [ScoreSummary], round: ExpertiseRound) -> Node<HTML.BodyContext> {
        Components.table([E.region, E.schools] + results.rubric.map(\.title) + [E.meanTotal], rows.map { summary in
            [summary.regionID.map { Components.cell(link: summary.name, SiteURL.expertiseRegion(round: .value(round.id!), region: .value($0)).path) }
                ?? .td(.strong(.text(summary.name))),
             Components.number(summary.schools)]
                + results.rubric.map { .td(.class("num"), .text(decimal(summary.means[$0.key]))) }
                + [.td(.class("num"), .text(decimal(summary.meanTotal)))]
        }, caption: E.meanByCriterion)
    }

    static func region(_ page: PageContext, round: ExpertiseRound, region: Region, body: String) -> Response {
        Layout.render(
            page, title: E.regionTitle(round.title, region.name),
            crumbs: [Crumb(Strings.Home.title, .home), Crumb(E.title, .expertise), Crumb(region.name)],
            .p(.class("links"), .a(.href(SiteURL.expertiseRegionExport(round: .value(round.id!), region: .value(region.id!)).path),
                                   .text(E.download))),
            .raw(body)
        )
    }

    static func regionBody(_ round: ExpertiseRound, region: Region, _ results: ExpertiseResultSet) -> Node<HTML.BodyContext> {
        let summary = results.regions.first { $0.regionID == region.id } ?? ScoreSummary(name: region.name, regionID: region.id, [], rubric: results.rubric)
        let scored = Dictionary(results.scored.filter { $0.regionID == region.id }.map { ($0.schoolID, $0) }) { a, _ in a }
        let sample = results.sampleByRegion[region.id!] ?? []
        return .group(
            .h2(.text(E.meanByCriterion)),
            Components.table([E.criterion, region.name, E.country], results.rubric.map { criterion in
                [Components.cell(criterion.title), .td(.class("num"), .text(decimal(summary.means[criterion.key]))),
                 .td(.class("num"), .text(decimal(results.country.means[criterion.key])))]
            } + [[.td(.strong(.text(E.meanTotal))), .td(.class("num"), .text(decimal(summary.meanTotal))),
                  .td(.class("num"), .text(decimal(results.country.meanTotal)))]], caption: E.meanByCriterion),
            .h2(.text(E.distribution)),
            Components.table([E.totalScore, E.schoolsCount], (0...results.maxTotal).compactMap { total in
                guard let count = summary.distribution[total] else { return nil }
                return [Components.number(total), Components.number(count)]
            }, caption: E.distribution, empty: E.noResults),
            .h2(.text(E.sampledSchools)),
            Components.table([E.school, E.municipality, E.totalScore], sample.map { school in
                guard let result = scored[school.schoolID] else {
                    return [Components.cell(school.school), Components.cell(school.municipality), Components.cell(E.notScored)]
                }
                return [Components.cell(link: school.school, SiteURL.expertiseSheet(.value(result.sheetID)).path),
                        Components.cell(school.municipality), Components.cell(E.totalOf(result.total, results.maxTotal))]
            }, caption: E.sampledSchools)
        )
    }

    // MARK: exports

    static func schoolsGrid(_ results: ExpertiseResultSet, region: UUID?) -> DashboardGrid {
        let rows = results.scored.filter { region == nil || $0.regionID == region }
        let regionNames = Dictionary(uniqueKeysWithValues: results.regions.compactMap { summary in summary.regionID.map { ($0, summary.name) } })
        return DashboardGrid(sheetName: E.sampledSchools, header: [E.school, E.municipality, E.region] + results.rubric.map(\.title) + [E.totalScore],
                             widths: [50, 30, 30] + results.rubric.map { _ in 14 } + [14],
                             rows: rows.map { row in
                                 [.text(row.school), .text(row.municipality), .text(regionNames[row.regionID] ?? "")]
                                     + results.rubric.map { criterion in row.scores[criterion.key].map(DashboardGrid.Value.count) ?? .text("") }
                                     + [.count(row.total)]
                             })
    }

    static func summaryGrid(_ results: ExpertiseResultSet, rows: [ScoreSummary]) -> DashboardGrid {
        DashboardGrid(sheetName: E.meanByCriterion, header: [E.region, E.schools] + results.rubric.map(\.title) + [E.meanTotal],
                      widths: [40, 12] + results.rubric.map { _ in 14 } + [14],
                      rows: rows.map { summary in
                          [.text(summary.name), .count(summary.schools)] + results.rubric.map { .decimal(summary.means[$0.key]) }
                              + [.decimal(summary.meanTotal)]
                      })
    }

    static func countryGrids(_ results: ExpertiseResultSet) -> [DashboardGrid] {
        [summaryGrid(results, rows: results.regions + [results.country]),
         DashboardGrid(sheetName: E.agreement, header: [E.criterion, E.pairs, E.equalShare, E.kappa], widths: [50, 12, 12, 16],
                       rows: results.agreement.map { [.text($0.criterion.title), .count($0.pairs), .share($0.equalShare), .decimal($0.kappa)] }),
         schoolsGrid(results, region: nil)]
    }

    static func regionGrids(_ results: ExpertiseResultSet, region: Region) -> [DashboardGrid] {
        let own = results.regions.filter { $0.regionID == region.id }
        return [summaryGrid(results, rows: own + [results.country]), schoolsGrid(results, region: region.id)]
    }
}
