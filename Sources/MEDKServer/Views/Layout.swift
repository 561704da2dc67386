import Fluent
import Foundation
import MEDKCore
import Plot
import Vapor

/// One breadcrumb: a title and, except for the current page, a link.
struct Crumb: Sendable {
    let title: String
    let url: String?

    init(_ title: String, _ url: SiteURL? = nil) {
        self.title = title
        self.url = url?.path
    }
}

/// What every page's frame needs from the request: who is signed in, the CSRF token, the flash.
struct PageContext: Sendable {
    let principal: Principal?
    let csrf: String
    let flash: Flash?
    let path: String
    let secureCookies: Bool
    /// Chat messages by others not yet read, shown in the header (loaded by the session middleware).
    let unreadChats: Int
    let unreadNotifications: Int
    /// Numbers beside navigation items, by path: what waits behind them.
    let navigationCounts: [String: Int]
    /// Who runs the installation: named in every page's footer.
    let installation: Settings.Installation

    init(_ request: Request) {
        principal = request.principal
        csrf = SessionTokens.masked(request.csrfToken)
        flash = request.flash
        path = request.url.path
        secureCookies = request.settings.secureCookies
        unreadChats = request.unreadChats
        unreadNotifications = request.unreadNotifications
        navigationCounts = request.navigationCounts
        installation = request.settings.installation
    }
}

enum Layout {
    /// Renders a whole page: header with the user and its role, navigation, breadcrumbs, flash, content.
    static func render(_ context: PageContext, title: String, crumbs: [Crumb] = [], status: HTTPStatus = .ok,
                       _ content: Node<HTML.BodyContext>...) -> Response {
        let frame = HTML(
            .lang(.russian),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .element(named: "title", text: "\(title) — \(Strings.appName)"),
                .stylesheet(Asset.stylesheet.url),
                .link(.rel(.icon), .href(Asset.icon.url), .type("image/svg+xml"))
            ),
            .body(
                .a(.class("skip"), .href("#content"), .text(Strings.Nav.skipToContent)),
                header(context),
                .main(
                    .id("content"),
                    breadcrumbs(crumbs),
                    .h1(.text(title)),
                    .unwrap(context.flash) { flash in
                        .p(.class("flash flash-\(flash.kind.rawValue)"), .attribute(named: "role", value: "status"),
                           .text(flash.text))
                    },
                    .raw(contentMarker)
                ),
                footer(context),
                .script(.src(Asset.script.url), .attribute(named: "defer"))
            )
        ).render()
        let response = Response(status: status)
        response.headers.contentType = .html
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        response.body = .init(buffer: body(frame: frame, content: content))
        if context.flash != nil {
            response.cookies[Cookies.flash] = Cookies.expired(secure: context.secureCookies)
        }
        return response
    }

    /// Where the content goes in the rendered frame. It is looked for from the end: only fixed text (the footer)
    /// follows it, so a user's name or a flash that happened to contain it cannot move the content.
    private static let contentMarker = "<!--medk-content-->"

    /// The frame and each content node are rendered apart and written once into the body: Plot copies a child's
    /// text into every enclosing element, which for a federal indicator table (240 KB) was a fifth of the request.
    private static func body(frame: String, content: [Node<HTML.BodyContext>]) -> ByteBuffer {
        let marker = frame.range(of: contentMarker, options: .backwards)!
        let rendered = content.map { $0.render() }
        var buffer = ByteBufferAllocator().buffer(capacity: frame.utf8.count + rendered.reduce(0) { $0 + $1.utf8.count })
        buffer.writeSubstring(frame[..<marker.lowerBound])
        for text in rendered { buffer.writeString(text) }
        buffer.writeSubstring(frame[marker.upperBound...])
        return buffer
    }

    private static func header(_ context: PageContext) -> Node<HTML.BodyContext> {
        .header(
            .class("top"),
            .div(
                .class("brand"),
                .a(.href(SiteURL.home.path), .strong(.text(Strings.appName)),
                   .span(.class("brand-sub"), .text(Strings.appTitle)))
            ),
            .unwrap(context.principal) { principal in
                .group(
                    .nav(.class("menu"), .ariaLabel(Strings.Nav.mainMenu),
                         .ul(.forEach(Navigation.menu(for: principal)) { item in
                             .li(.a(.href(item.url.path), .text(item.title),
                                    .if(context.path == item.url.path, .attribute(named: "aria-current", value: "page")),
                                    .unwrap(context.navigationCounts[item.url.path]) { count in
                                        .span(.class("nav-count"), .span(.class("visually-hidden"), .text(Strings.Nav.waiting)),
                                              .text("\(count)"))
                                    }))
                         })),
                    .div(
                        .class("who"),
                        .a(.class("bell"), .href(SiteURL.notifications.path),
                           .if(context.path == SiteURL.notifications.path, .attribute(named: "aria-current", value: "page")),
                           .text(Strings.Notifications.bell),
                           .if(context.unreadNotifications > 0,
                               .span(.class("nav-count"), .attribute(named: "title", value: Strings.Notifications.unread(context.unreadNotifications)),
                                     .span(.class("visually-hidden"), .text(Strings.Notifications.unreadHidden)), .text("\(context.unreadNotifications)")))),
                        .if(context.unreadChats > 0, .a(.class("unread"), .href(SiteURL.chats.path),
                                                        .attribute(named: "title", value: Strings.Chat.unreadTitle),
                                                        .text(Strings.Chat.unread(context.unreadChats)))),
                        .span(.class("who-name"), .text(principal.user.fullName)),
                        roleSwitcher(principal, csrf: context.csrf),
                        .a(.href(SiteURL.password.path), .text(Strings.Nav.password)),
                        .a(.href(SiteURL.apiTokens.path), .text(Strings.Api.nav)),
                        .a(.href(SiteURL.mailPreferences.path), .text(Strings.Nav.mail)),
                        Components.postButton(SiteURL.logout.path, csrf: context.csrf, title: Strings.Nav.logout,
                                              style: "link")
                    )
                )
            },
            .if(context.principal == nil, publicMenu)
        )
    }

    /// Who runs the installation, how to reach its support, the help and the version: on every page.
    private static func footer(_ context: PageContext) -> Node<HTML.BodyContext> {
        let O = Strings.Openness.self, name = context.installation.name
        return .footer(
            .p(.text(name.isEmpty ? O.defaultInstallation : name), .text(" · \(Strings.appName) — \(Strings.programme)")),
            .p(.unwrap(context.installation.support.isEmpty ? nil : context.installation.support) { .text(O.support($0) + " · ") },
               .a(.href(SiteURL.help.path), .text(Strings.Help.navTitle)), .text(" · "),
               .a(.href(SiteURL.catalogue.path), .text(Strings.Practices.catalogueTitle)), .text(" · "),
               .span(.class("version"), .text(O.version(MEDKVersion.current))))
        )
    }

    /// A signed-out visitor's way around: the open catalogue, the help, the sign-in.
    private static var publicMenu: Node<HTML.BodyContext> { .nav(
        .class("menu"), .ariaLabel(Strings.Openness.publicMenu),
        .ul(.li(.a(.href(SiteURL.catalogue.path), .text(Strings.Practices.catalogueTitle))),
            .li(.a(.href(SiteURL.help.path), .text(Strings.Help.navTitle))),
            .li(.a(.href(SiteURL.login.path), .text(Strings.Openness.signIn))))) }

    private static func roleSwitcher(_ principal: Principal, csrf: String) -> Node<HTML.BodyContext> {
        if principal.grants.count < 2 {
            return .span(.class("who-role"), .text(GrantLabel.text(principal.activeGrant)))
        }
        return .form(
            .class("role-switch"), .method(.post), .action(SiteURL.switchRole.path),
            Components.csrfField(csrf),
            .label(.for("role-select"), .class("visually-hidden"), .text(Strings.Nav.role)),
            .select(
                .id("role-select"), .attribute(named: "name", value: "grant"),
                .forEach(principal.grants) { grant in
                    Components.option(value: grant.id?.uuidString ?? "", label: GrantLabel.text(grant),
                                      selected: grant.id == principal.activeGrant.id)
                }
            ),
            .button(.type(.submit), .text(Strings.Nav.switchRole))
        )
    }

    private static func breadcrumbs(_ crumbs: [Crumb]) -> Node<HTML.BodyContext> {
        guard !crumbs.isEmpty else { return .empty }
        return .nav(
            .class("crumbs"), .ariaLabel(Strings.Nav.breadcrumbs),
            .ol(.forEach(crumbs) { crumb in
                .li(.unwrap(crumb.url, { .a(.href($0), .text(crumb.title)) }, else: .span(.text(crumb.title))))
            })
        )
    }
}

/// The menu of each role: what it does every day comes first.
enum Navigation {
    struct Item: Sendable {
        let title: String
        let url: SiteURL
    }

    static func items(for principal: Principal) -> [Item] {
        let S = Strings.Nav.self
        switch principal.role {
        case .school: return [Item(title: S.roadmap, url: .home), Item(title: Strings.Practices.navTitle, url: .practices)]
        case .curator: return [Item(title: S.mySchools, url: .home), Item(title: S.reviews, url: .reviews),
                               Item(title: Strings.Practices.navTitle, url: .practices)]
        case .expert: return [Item(title: Strings.Expertise.myAssignments, url: .expertise)]
        case .municipal:
            return [Item(title: S.schools, url: .home), Item(title: S.feed, url: .feed), Item(title: S.users, url: .users),
                    Item(title: S.importData, url: .imports)]
        case .regional:
            return [Item(title: S.schools, url: .home), Item(title: S.feed, url: .feed), Item(title: S.users, url: .users),
                    Item(title: S.territories, url: .territories), Item(title: S.importData, url: .imports),
                    Item(title: Strings.Practices.navTitle, url: .practices)]
        case .federal:
            return [Item(title: S.regions, url: .home), Item(title: S.schools, url: .schools), Item(title: S.feed, url: .feed),
                    Item(title: S.users, url: .users),
                    Item(title: S.territories, url: .territories), Item(title: S.importData, url: .imports),
                    Item(title: Strings.Cycles.navTitle, url: .cycles), Item(title: S.audit, url: .audit)]
        case .admin:
            return [Item(title: Strings.Home.adminTitle, url: .home), Item(title: S.users, url: .users),
                    Item(title: S.territories, url: .territories), Item(title: S.schools, url: .schools),
                    Item(title: S.importData, url: .imports), Item(title: Strings.Cycles.navTitle, url: .cycles),
                    Item(title: S.audit, url: .audit), Item(title: Strings.Mail.adminTitle, url: .mail)]
        }
    }
}

extension Navigation {
    /// What waits behind a role's navigation items, counted in one query, shown only when something does: the
    /// curator's reviews. (Overdue visits and silent schools are on the curator's home, which needs their rows anyway.)
    static func counts(for principal: Principal, cycle: Cycle?, on db: Database) async throws -> [String: Int] {
        guard principal.role == .curator else { return [:] }
        let waiting = try await ReviewQueries.waitingCount(for: principal.actor, cycle: cycle, on: db)
        return waiting > 0 ? [SiteURL.reviews.path: waiting] : [:]
    }

    /// Territories' own plans-schedules and monitorings (issue 6), after each coordinator's daily items.
    static func territoryPlanItems(for principal: Principal) -> [Item] {
        guard [.municipal, .regional, .federal, .admin].contains(principal.role) else { return [] }
        return [Item(title: Strings.TerritoryRoadmaps.navTitle, url: .territoryPlans),
                Item(title: Strings.Monitoring.navTitle, url: .monitoring)]
    }
}

/// "Куратор — Смоленская область": a role with the place it is bound to (grants are loaded with their places).
enum GrantLabel {
    static func text(_ grant: RoleGrant) -> String {
        guard let role = grant.role else { return grant.roleCode }
        let place = grant.$school.value??.shortName ?? grant.$municipality.value??.name ?? grant.$region.value??.name
        return place.map { "\(role.title) — \($0)" } ?? role.title
    }
}
