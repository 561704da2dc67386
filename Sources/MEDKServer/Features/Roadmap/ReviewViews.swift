import MEDKCore
import Plot
import Vapor

/// What every reviewable item's page shows the same way: the move buttons and the history.
enum ReviewViews {
    /// One small form per move the viewer may make; returning and reopening ask for the comment.
    static func actions(_ context: PageContext, moves: [ReviewMove], revision: Int,
                        url: (ReviewMove) -> SiteURL) -> Node<HTML.BodyContext> {
        .div(.class("doc-actions"), .forEach(moves.filter { $0 != .newVersion }) { move in
            moveForm(context, action: url(move), move: move, revision: revision)
        })
    }

    static func history(_ events: [ReviewEvent], names: [UUID: String]) -> Node<HTML.BodyContext> {
        let R = Strings.Roadmap.self
        return .if(!events.isEmpty, .section(
            .h2(.text(R.history)),
            Components.table([R.uploadedAt, R.event, R.version, R.who, R.comment],
                             events.reversed().map { event in
                                 [Components.cell(Formats.moment(event.at)),
                                  Components.cell(ReviewEventKind(rawValue: event.kind)
                                      .map { R.eventTitle($0, of: R.Noun(itemType: event.itemType)) } ?? event.kind),
                                  Components.number(event.version), Components.cell(names[event.actorID] ?? ""),
                                  Components.cell(event.comment)]
                             })))
    }

    /// The curator's last comment, shown while the item is returned: what the school must change.
    static func returnComment(_ events: [ReviewEvent], state: ReviewState) -> Node<HTML.BodyContext> {
        let last = events.last { $0.kind == ReviewEventKind.returned.rawValue || $0.kind == ReviewEventKind.reopened.rawValue }
        return .if(state == .returned, .unwrap(last) { event in
            .div(.class("comment"), .strong(.text("\(Strings.Roadmap.curatorComment): ")), .text(event.comment))
        })
    }

    private static func moveForm(_ context: PageContext, action: SiteURL, move: ReviewMove, revision: Int) -> Node<HTML.BodyContext> {
        let needsComment = move == .return || move == .reopen
        return .form(
            .class("inline-form"), .method(.post), .action(action.path),
            Components.csrfField(context.csrf),
            .input(.type(.hidden), .name("revision"), .value("\(revision)")),
            .if(needsComment, .group(
                .label(.for("comment-\(move.rawValue)"), .text(Strings.Roadmap.comment)),
                .textarea(.id("comment-\(move.rawValue)"), .name("comment"), .attribute(named: "rows", value: "3"),
                          .attribute(named: "required", value: "required")),
                .p(.class("hint"), .text(Strings.Roadmap.returnHint)))),
            .button(.type(.submit), .class(needsComment ? "" : "primary"), .text(Strings.Roadmap.moveButton(move)))
        )
    }
}
