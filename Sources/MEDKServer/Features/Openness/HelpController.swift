import MEDKCore
import Plot
import Vapor

/// «Справка»: what each role does, the calendar week by week (seed 000), every abbreviation, whom to ask.
struct HelpController {
    func page(_ req: Request) async throws -> Response {
        PublicCache.respond(req, HelpViews.page(PageContext(req)))
    }
}

enum HelpViews {
    typealias H = Strings.Help

    static func page(_ context: PageContext) -> Response {
        let support = context.installation.support
        return Layout.render(
            context, title: H.title,
            .p(.class("lead"), .text(H.intro)),
            .nav(.class("toc"), .ariaLabel(H.title), .ul(
                .li(.a(.href("#roles"), .text(H.rolesTitle))), .li(.a(.href("#weeks"), .text(H.weeksTitle))),
                .li(.a(.href("#glossary"), .text(H.glossaryTitle))), .li(.a(.href("#support"), .text(H.supportTitle))))),
            .section(.id("roles"), .h2(.text(H.rolesTitle)), .forEach(H.roles) { role in
                .group(.h3(.text(role.role.title)), .p(.text(role.summary)), .ul(.forEach(role.duties) { .li(.text($0)) }))
            }),
            .section(.id("weeks"), .h2(.text(H.weeksTitle)), .p(.class("hint"), .text(H.weeksNote)),
                     .p(.text(H.weeklyEvent)), .p(.text(H.returnRule)),
                     .forEach(H.weeks) { week in
                         .group(.h3(.text("\(week.period) — \(week.title)")),
                                .if(!week.duties.isEmpty, .ul(.forEach(week.duties) { duty in
                                    .li(.strong(.text(duty.role.title + ": ")), .text(duty.text))
                                })))
                     }),
            .section(.id("glossary"), .h2(.text(H.glossaryTitle)), .dl(.class("glossary"), .forEach(H.glossary) { term in
                .group(.dt(.element(named: "abbr", nodes: [.attribute(named: "title", value: term.expansion), .text(term.abbreviation)])),
                       .dd(.text(term.expansion)))
            })),
            .section(.id("support"), .h2(.text(H.supportTitle)),
                     .p(.text(support.isEmpty ? H.supportNone : Strings.Openness.support(support))))
        )
    }
}
