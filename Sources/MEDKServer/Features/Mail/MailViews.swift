import Foundation
import MEDKCore
import Plot
import Vapor

enum MailViews {
    typealias M = Strings.Mail

    static func preferences(_ context: PageContext, email: String, modes: [(NotificationKind, MailMode)],
                            errors: [String: String], status: HTTPStatus = .ok) -> Response {
        Layout.render(
            context, title: M.preferencesTitle, crumbs: [Crumb(Strings.Home.title, .home), Crumb(M.preferencesTitle)],
            status: status,
            Components.errorSummary(errors),
            .p(.class("lead"), .text(M.preferencesLead)),
            .form(
                .method(.post), .action(SiteURL.mailPreferences.path),
                Components.csrfField(context.csrf),
                Components.field(M.address, name: "email", value: email, type: "email", hint: M.addressHint,
                                 error: errors["email"], autocomplete: "email"),
                .fieldset(
                    Components.legend(M.kindsLegend),
                    .forEach(modes) { kind, mode in
                        Components.select(Strings.Notifications.kindTitle(kind), name: "mode_\(kind.rawValue)",
                                          options: MailMode.allCases.map { ($0.rawValue, M.modeTitle($0)) },
                                          selected: mode.rawValue)
                    }
                ),
                Components.submit(M.save)
            ),
            .p(.a(.href(SiteURL.password.path), .text(Strings.Password.title)))
        )
    }

    static func unsubscribe(_ context: PageContext, kind: NotificationKind?, query: String, done: Bool) -> Response {
        let what = kind.map(Strings.Notifications.kindTitle) ?? M.digestName
        return Layout.render(
            context, title: M.unsubscribeTitle,
            done
                ? .p(.class("flash flash-success"), .attribute(named: "role", value: "status"), .text(M.unsubscribed(what)))
                : .form(
                    .method(.post), .action(SiteURL.unsubscribe.path + "?" + query),
                    Components.csrfField(context.csrf),
                    .p(.text(M.unsubscribeQuestion(what))),
                    Components.submit(M.unsubscribeButton)
                ),
            .p(.text(M.unsubscribeAfter), .a(.href(SiteURL.mailPreferences.path), .text(M.preferencesTitle)))
        )
    }

    static func admin(_ context: PageContext, counts: [MailStatus: Int], messages: [OutgoingMail], configured: Bool,
                      status: MailStatus?, page: Int, hasMore: Bool) -> Response {
        Layout.render(
            context, title: M.adminTitle, crumbs: [Crumb(Strings.Home.title, .home), Crumb(M.adminTitle)],
            .if(!configured, .p(.class("error-summary"), .attribute(named: "role", value: "alert"), .text(M.notConfigured))),
            .ul(.class("mail-counts"), .forEach(MailStatus.allCases) { one in
                .li(.a(.href(SiteURL.mail.path(query: [("status", one.rawValue)])),
                       .text("\(M.statusTitle(one, configured: configured)): \(counts[one] ?? 0)")))
            }),
            .if((counts[.failed] ?? 0) > 0,
                .p(.class("page-actions"), Components.postButton(SiteURL.mailResend.path, csrf: context.csrf, title: M.resendAll))),
            .unwrap(status) { .h2(.text(M.statusTitle($0, configured: configured))) },
            Components.table(
                [M.createdAt, M.to, M.subject, M.state, M.attempts, M.serverAnswer, ""],
                messages.map { message in
                    [Components.cell(Formats.moment(message.createdAt)),
                     Components.cell(message.to),
                     Components.cell(message.subject),
                     Components.cell(M.statusTitle(message.status, configured: configured)
                                     + (message.sentAt.map { " " + Formats.moment($0) } ?? "")),
                     Components.number(message.attempts),
                     Components.cell(message.lastResult),
                     .td(.if(message.status == .failed,
                             Components.postButton(SiteURL.mailResendOne(.value(message.id!)).path, csrf: context.csrf,
                                                   title: M.resendOne)))]
                }, caption: M.adminCaption, empty: M.empty),
            .if(hasMore, .p(.a(.href(SiteURL.mail.path(query: [("status", status?.rawValue ?? ""), ("page", "\(page + 1)")])),
                               .text(M.more))))
        )
    }
}
