import Foundation
import MEDKCore
import Plot
import Vapor

enum PublicTerritoryViews {
    typealias O = Strings.Openness

    static func page(_ context: PageContext, _ page: PublicTerritoryPage) -> Response {
        let T = Strings.TerritoryRoadmaps.self, D = Strings.Dashboards.self
        let acts = page.acts.filter { $0.kind != .recommendation }, recommendations = page.acts.filter { $0.kind == .recommendation }
        return Layout.render(
            context, title: T.publicTitle(page.owner.fullName),
            crumbs: page.owner.municipality == nil ? [] : [Crumb(page.owner.region.name, .publicTerritory(.value(page.owner.region.id!))),
                                                         Crumb(page.owner.name)],
            .p(.class("lead"), .text(T.publicIntro)),
            .if(!page.municipalities.isEmpty, .section(
                .h2(.text(O.municipalitiesTitle)),
                .ul(.class("columns"), .forEach(page.municipalities) { .li(.a(.href(SiteURL.publicTerritory(.value($0.id)).path), .text($0.name))) })
            )),
            .section(.id("acts"), .h2(.text(O.acts)), actList(acts, empty: O.noActs)),
            .section(.id("plans"), .h2(.text(O.plansTitle)), TerritoryRoadmapViews.publicPlans(page.plans, today: page.today)),
            .section(.id("recommendations"), .h2(.text(O.recommendations)), actList(recommendations, empty: O.noRecommendations)),
            .section(
                .id("monitoring"),
                .h2(.text(O.monitoringTitle)),
                .p(.class("hint"), .text(O.monitoringHint)),
                Components.table(
                    [O.instrument, O.period, O.evaluated, O.levels],
                    page.monitorings.map { line in
                        [Components.cell(line.instrument), Components.cell(line.period), Components.number(line.evaluated),
                         Components.cell(line.bands.map { $0.map { "\($0.label): \($0.count)" }.joined(separator: "; ") }
                            ?? O.tooFewToShow(PublicTerritoryQueries.minimumTeachers))]
                    }, empty: O.noMonitoring)
            ),
            .section(
                .id("indicators"),
                .h2(.text(O.indicatorsTitle)),
                .unwrap(page.indicators, { indicators in
                    .group(
                        .p(.text(O.indicatorsAsOf(indicators.day))),
                        Components.table([O.indicator, O.done, O.share], InclusionIndicator.allCases.compactMap { indicator in
                            guard let tally = indicators.row.tally(indicator), tally.total > 0 else { return nil }
                            return [Components.cell(D.indicatorTitle(indicator)), Components.cell("\(tally.done) из \(tally.total)"),
                                    Components.cell(Strings.Common.percent(Double(tally.done) / Double(tally.total)))]
                        })
                    )
                }, else: .p(.class("empty"), .text(O.noCycle)))
            ),
            .section(
                .id("practices"),
                .h2(.text(O.practicesTitle)),
                .if(page.practices.isEmpty, .p(.class("empty"), .text(O.noPractices))),
                .ul(.forEach(page.practices) { practice in
                    .li(.a(.href(SiteURL.publicPractice(.value(practice.id)).path), .text(practice.title)), .text(" — \(practice.school)"))
                })
            )
        )
    }

    static func actList(_ acts: [TerritoryAct], empty: String) -> Node<HTML.BodyContext> {
        guard !acts.isEmpty else { return .p(.class("empty"), .text(empty)) }
        return .ul(.class("acts"), .forEach(acts) { act in
            .li(.a(.href(SiteURL.territoryAct(.value(act.id!)).path), .text(act.title)),
                .text(" — " + O.actLine(act.kind, number: act.number, date: CalendarDate(act.signedOn))))
        })
    }

    static func acts(_ context: PageContext, owner: TerritoryOwner, acts: [TerritoryAct], canPublish: Bool, fields: [String: String],
                     problems: [String: String], status: HTTPStatus) -> Response {
        Layout.render(
            context, title: "\(O.acts): \(owner.name)",
            crumbs: [Crumb(Strings.Home.title, .home), Crumb(Strings.TerritoryRoadmaps.title, .territoryPlans),
                     Crumb(owner.name, .territoryRoadmaps(.value(owner.id))), Crumb(O.acts)],
            status: status,
            .p(.a(.href(SiteURL.publicTerritory(.value(owner.id)).path), .text(Strings.TerritoryRoadmaps.publicLink))),
            actList(acts, empty: O.noActs),
            .if(canPublish, .section(
                .h2(.text(O.publishAct)),
                .p(.class("hint"), .text(O.publishActHint)),
                Components.errorSummary(problems),
                .form(
                    .method(.post), .action(SiteURL.territoryActs(.value(owner.id)).path), .enctype(.multipartData),
                    Components.csrfField(context.csrf),
                    .input(.type(.hidden), .name("id"), .value(fields["id"] ?? UUID().uuidString)),
                    Components.select(O.actKind, name: "kind", options: TerritoryActKind.allCases.map { ($0.rawValue, O.kindTitle($0)) },
                                      selected: fields["kind"], required: true, error: problems["kind"]),
                    Components.field(O.actNumber, name: "number", value: fields["number"] ?? "", required: true, hint: O.actNumberHint,
                                     error: problems["number"]),
                    Components.field(O.actDate, name: "signedOn", value: fields["signedOn"] ?? "", type: "date", required: true,
                                     error: problems["signedOn"]),
                    Components.field(O.actTitle, name: "title", value: fields["title"] ?? "", required: true, hint: O.actTitleHint,
                                     error: problems["title"]),
                    .div(.class(problems["file"] == nil ? "field" : "field has-error"),
                         .label(.for("f-file"), .text(O.actFile)),
                         .input(.id("f-file"), .type(.file), .name("file"), .required(true)),
                         .unwrap(problems["file"]) { .p(.class("error"), .text($0)) }),
                    Components.submit(O.publishAct)
                )
            ))
        )
    }
}
