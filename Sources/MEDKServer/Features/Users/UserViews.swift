import MEDKCore
import Plot
import Vapor

enum UserViews {
    static func list(_ context: PageContext, users: [User], total: Int, search: String) -> Response {
        Layout.render(
            context, title: Strings.Users.title, crumbs: [Crumb(Strings.Home.title, .home), Crumb(Strings.Users.title)],
            .p(.class("page-actions"), .a(.class("button"), .href(SiteURL.newUser.path), .text(Strings.Users.new))),
            .form(.class("filters"), .method(.get), .action(SiteURL.users.path),
                  Components.field(Strings.Common.search, name: "q", value: search, type: "search",
                                   hint: Strings.Users.searchPlaceholder),
                  .div(.class("actions"), .button(.type(.submit), .text(Strings.Common.search)))),
            .p(.class("count"), .text("\(Strings.Schools.count): \(Strings.Common.users(total))")),
            Components.table(
                [Strings.Users.fullName, Strings.Users.login, Strings.Users.roles, Strings.Users.active],
                users.map { user in
                    [Components.cell(link: user.fullName, SiteURL.user(.value(user.id!)).path),
                     Components.cell(user.login),
                     Components.cell(user.grants.map(GrantLabel.text).sorted().joined(separator: "; ")),
                     Components.cell(user.isActive ? Strings.Common.yes : Strings.Users.blocked)]
                })
        )
    }

    static func show(_ context: PageContext, user: User, principal: Principal, choices: GrantChoices,
                     error: String?) -> Response {
        let changeable = UserQueries.isChangeable(user, by: principal)
        return Layout.render(
            context, title: user.fullName,
            crumbs: [Crumb(Strings.Home.title, .home), Crumb(Strings.Users.title, .users), Crumb(user.login)],
            .dl(.class("card"),
                .dt(.text(Strings.Users.login)), .dd(.text(user.login)),
                .dt(.text(Strings.Users.email)), .dd(.text(user.email.isEmpty ? Strings.Common.none : user.email)),
                .dt(.text(Strings.Users.phone)), .dd(.text(user.phone.isEmpty ? Strings.Common.none : user.phone)),
                .dt(.text(Strings.Users.active)), .dd(.text(user.isActive ? Strings.Common.yes : Strings.Users.blocked))),
            .if(user.id != principal.userID && changeable,
                Components.postButton(SiteURL.userActive(.value(user.id!)).path, csrf: context.csrf,
                                      title: user.isActive ? Strings.Users.block : Strings.Users.unblock,
                                      confirm: user.isActive ? Strings.Users.block + "?" : nil)),
            // The admin may revoke anyone's API tokens (issue 18).
            .if(principal.role == .admin, .p(.a(.href(SiteURL.apiTokens.path(query: [("user", user.id!.uuidString)])),
                                               .text(Strings.Api.userTokens)))),
            .section(
                .h2(.text(Strings.Users.roles)),
                Components.table(
                    [Strings.Users.role, ""],
                    user.grants.map { grant in
                        [Components.cell(GrantLabel.text(grant)),
                         .td(.if(changeable && user.id != principal.userID,
                                 Components.postButton(SiteURL.revokeGrant(user: .value(user.id!), grant: .value(grant.id!)).path,
                                                       csrf: context.csrf, title: Strings.Users.revoke, style: "link",
                                                       confirm: Strings.Users.revoke + "?")))]
                    }, empty: Strings.Users.noGrants),
                .if(!changeable, .p(.class("hint"), .text(Strings.Users.notChangeable))),
                .if(changeable && !choices.roles.isEmpty, .form(
                    .class("inline-form"), .method(.post), .action(SiteURL.userGrants(.value(user.id!)).path),
                    Components.csrfField(context.csrf),
                    Components.heading(Strings.Users.grant),
                    grantFields(choices, GrantFields(), errors: [:]),
                    Components.submit(Strings.Users.grant)))
            )
        )
    }

    static func form(_ context: PageContext, form: UserController.NewUserForm, grant: GrantFields, choices: GrantChoices,
                     errors: [String: String], status: HTTPStatus = .ok) -> Response {
        Layout.render(
            context, title: Strings.Users.new,
            crumbs: [Crumb(Strings.Home.title, .home), Crumb(Strings.Users.title, .users), Crumb(Strings.Users.new)],
            status: status,
            Components.errorSummary(errors),
            .form(
                .method(.post), .action(SiteURL.users.path),
                Components.csrfField(context.csrf),
                .div(.class("stack"),
                     Components.field(Strings.Users.login, name: "login", value: form.login ?? "", required: true,
                                      hint: Strings.Users.loginHint, error: errors["login"], autocomplete: "off"),
                     Components.field(Strings.Users.fullName, name: "fullName", value: form.fullName ?? "", required: true,
                                      error: errors["fullName"]),
                     Components.field(Strings.Users.email, name: "email", value: form.email ?? "", type: "email",
                                      error: errors["email"]),
                     Components.field(Strings.Users.phone, name: "phone", value: form.phone ?? "", type: "tel"),
                     Components.field(Strings.Users.password, name: "password", type: "password",
                                      hint: Strings.Users.passwordHint, error: errors["password"], autocomplete: "new-password"),
                     grantFields(choices, grant, errors: errors),
                     Components.submit(Strings.Common.create))
            )
        )
    }

    /// Role and place. Without JavaScript every place list is shown; the role decides which one counts.
    private static func grantFields(_ choices: GrantChoices, _ grant: GrantFields, errors: [String: String]) -> Node<HTML.FormContext> {
        .fieldset(
            .class("grant"),
            Components.legend(Strings.Users.role),
            Components.select(Strings.Users.role, name: "role",
                              options: [("", "—")] + choices.roles.map { ($0.rawValue, $0.title) },
                              selected: grant.role, required: true, error: errors["role"]),
            .element(named: "p", nodes: [.class("hint"), .text(Strings.Users.placeRequired)]),
            Components.select(Strings.Schools.region, name: "region",
                              options: [("", "—")] + choices.regions.map { ($0.id!.uuidString, $0.name) },
                              selected: grant.region ?? (choices.regions.count == 1 ? choices.regions[0].id!.uuidString : nil)),
            Components.select(Strings.Schools.municipality, name: "municipality",
                              options: [("", "—")] + choices.municipalities.map { ($0.id!.uuidString, "\($0.name) (\($0.region.name))") },
                              selected: grant.municipality
                                ?? (choices.municipalities.count == 1 ? choices.municipalities[0].id!.uuidString : nil)),
            .unwrap(choices.schools) { schools in
                Components.select("Школа", name: "school",
                                  options: [("", "—")] + schools.map { ($0.id!.uuidString, $0.fullName) },
                                  selected: grant.school)
            },
            Components.field(Strings.Users.schoolCode, name: "schoolCode", value: grant.schoolCode ?? "",
                             error: errors["place"])
        )
    }
}
