import Foundation
import MEDKCore
import Plot
import Vapor

enum NotificationViews {
    typealias N = Strings.Notifications

    /// Newest first, by day; each says what happened, who did it and when, and opens its object (read from then on).
    static func list(_ context: PageContext, _ items: [NotificationRecord], names: [UUID: String], page: Int,
                     hasMore: Bool) -> Response {
        var days: [(day: CalendarDate, items: [NotificationRecord])] = []
        for item in items {
            let day = CalendarDate(item.createdAt, in: Notifier.zone)
            if days.last?.day == day { days[days.count - 1].items.append(item) } else { days.append((day, [item])) }
        }
        return Layout.render(
            context, title: N.title,
            .if(items.contains { $0.readAt == nil },
                .p(.class("page-actions"), Components.postButton(SiteURL.notificationsRead.path, csrf: context.csrf, title: N.markAllRead))),
            .if(items.isEmpty, .p(.class("empty"), .text(N.empty))),
            .forEach(days) { day in
                .section(
                    .h2(.text(day.day.russian)),
                    .ul(.class("notifications"), .forEach(day.items) { item in
                        .li(.class(item.readAt == nil ? "notification is-unread" : "notification"),
                            .p(.strong(.text(item.kind.map(N.kindTitle) ?? item.kindCode)),
                               .if(item.readAt == nil, .span(.class("badge"), .text(" " + N.isNew)))),
                            .p(.text(item.summary)),
                            .if(!item.detail.isEmpty, .blockquote(.text(item.detail))),
                            .p(.class("meta"), .text(Formats.moment(item.createdAt)),
                               .unwrap(item.actorID.flatMap { names[$0] }) { .text(" · \($0)") }),
                            Components.postButton(SiteURL.notification(.value(item.id!)).path, csrf: context.csrf, title: N.open))
                    })
                )
            },
            .if(hasMore, .p(.a(.href(SiteURL.notifications.path(query: [("page", "\(page + 1)")])), .text(N.more))))
        )
    }
}
