import MEDKCore
import Plot
import Vapor

/// What the diagnostics section shows of the risk profile: each factor of the cycle with its significance.
struct ProfileView: Sendable {
    let factors: [String]
    let significance: [Significance]
    let completed: Set<RespondentGroup>
    /// The original profile file the coordinator attached, if any.
    let fileName: String?
    /// Whether the viewer may attach or replace the original file.
    let canAttach: Bool
}

struct SectionPage: Sendable {
    let roadmap: RoadmapContext
    let section: DocumentSection
    let profile: ProfileView?
    let documents: [Document]
    let comments: [UUID: ReviewEvent]
    let canUpload: Bool
    let maxUploadBytes: Int
    let error: String?
}

struct DocumentPage: Sendable {
    let roadmap: RoadmapContext
    let document: Document
    let history: [ReviewEvent]
    let names: [UUID: String]
    let moves: [ReviewMove]
    /// A draft never submitted, and the viewer is the school.
    let canDelete: Bool
    /// The reviewer's view (curator, coordinators) opens on the document itself; the school uploaded it and
    /// sees its versions, without a viewer loading on a slow line.
    let showsPreview: Bool
    let maxUploadBytes: Int
    let error: String?
    let comment: String?
}

enum RoadmapViews {
    static let R = Strings.Roadmap.self

    static func section(_ context: PageContext, _ page: SectionPage, status: HTTPStatus) -> Response {
        let school = page.roadmap.school
        let action = SiteURL.sectionDocuments(school: .value(school.id!), section: .value(page.section.rawValue))
        let withdrawn = page.documents.filter { $0.state == .withdrawn }
        return Layout.render(
            context, title: R.sectionTitle(page.section),
            crumbs: [Crumb(school.shortName, .school(.value(school.id!))), Crumb(R.sectionTitle(page.section))],
            status: status,
            .unwrap(page.error) { .p(.class("error-summary"), .attribute(named: "role", value: "alert"), .text($0)) },
            .if(page.section == .diagnostics, profile(context, page.profile, school: school.id!,
                                                      maxBytes: page.maxUploadBytes)),
            documentTable(page, page.documents.filter { $0.state != .withdrawn }, empty: R.noDocuments),
            .if(page.canUpload, uploadForm(context, action: action, multiple: true, maxBytes: page.maxUploadBytes,
                                           heading: R.uploadTitle)),
            .if(!withdrawn.isEmpty, .section(.class("withdrawn"), .h2(.text(R.withdrawnTitle)),
                                             .p(.class("hint"), .text(R.withdrawnHint)), documentTable(page, withdrawn, empty: "")))
        )
    }

    private static func documentTable(_ page: SectionPage, _ documents: [Document], empty: String) -> Node<HTML.BodyContext> {
        Components.table(
            [R.title, R.state, R.version, R.updated, R.curatorComment],
            documents.map { document in
                [Components.cell(link: document.title, SiteURL.document(.value(document.id!)).path),
                 .td(badge(document.state)),
                 .td(.class("num"), .text("\(document.currentVersion)")),
                 Components.cell(Formats.moment(document.updatedAt)),
                 Components.cell(document.state == .returned ? page.comments[document.id!]?.comment ?? "" : "")]
            }, empty: empty)
    }

    static func document(_ context: PageContext, _ page: DocumentPage, status: HTTPStatus) -> Response {
        let document = page.document
        let school = page.roadmap.school
        let section = document.section ?? .diagnostics
        let lastComment = page.history.last { $0.kind == ReviewEventKind.returned.rawValue || $0.kind == ReviewEventKind.reopened.rawValue }
        return Layout.render(
            context, title: document.title,
            crumbs: [Crumb(school.shortName, .school(.value(school.id!))),
                     Crumb(R.sectionTitle(section), .section(school: .value(school.id!), section: .value(section.rawValue))),
                     Crumb(document.title)],
            status: status,
            .unwrap(page.error) { .p(.class("error-summary"), .attribute(named: "role", value: "alert"), .text($0)) },
            .p(.class("lead"), .text("\(R.state): "), badge(document.state),
               .text(" · \(R.waitingOn): \(R.waitingOn(document.state))")),
            .if(document.state == .returned, .unwrap(lastComment) { event in
                .div(.class("comment"), .strong(.text("\(R.curatorComment): ")), .text(event.comment))
            }),
            .if(page.showsPreview, preview(document)),
            actions(context, page),
            .section(
                .h2(.text(R.versions)),
                Components.table(
                    [R.version, R.file, R.size, R.uploadedBy, R.uploadedAt],
                    document.versions.sorted { $0.number > $1.number }.map { version in
                        let url = SiteURL.documentFile(.value(document.id!), number: .value(version.number)).path
                        let opens = version.uploadKind?.previewsInBrowser == true
                        return [.td(.class("num"), .text("\(version.number)")),
                                .td(.a(.href(url), .if(opens, .attribute(named: "target", value: "_blank")),
                                       .text(version.fileName)),
                                    .text(" "), .span(.class("hint"), .text(opens ? R.open : R.download))),
                                Components.cell(R.size(version.size)),
                                Components.cell(page.names[version.uploadedBy] ?? ""),
                                Components.cell(Formats.moment(version.uploadedAt))]
                    })
            ),
            .section(
                .h2(.text(R.history)),
                Components.table(
                    [R.uploadedAt, R.event, R.version, R.who, R.comment],
                    page.history.reversed().map { event in
                        [Components.cell(Formats.moment(event.at)),
                         Components.cell(ReviewEventKind(rawValue: event.kind).map { R.eventTitle($0) } ?? event.kind),
                         .td(.class("num"), .text("\(event.version)")),
                         Components.cell(page.names[event.actorID].map { name in
                             "\(name) (\(Role(rawValue: event.actorRole)?.title.lowercased() ?? ""))" } ?? ""),
                         Components.cell(event.comment)]
                    })
            )
        )
    }

    /// The document first: the latest version in the browser's own viewer (PDF, pictures, video), a download
    /// link for the rest.
    private static func preview(_ document: Document) -> Node<HTML.BodyContext> {
        guard let latest = document.versions.max(by: { $0.number < $1.number }) else { return .empty }
        let url = SiteURL.documentFile(.value(document.id!), number: .value(latest.number)).path
        let label = R.previewOf(latest.fileName)
        let viewer: Node<HTML.BodyContext> = switch latest.uploadKind {
        case .pdf?:
            .element(named: "object", nodes: [.attribute(named: "data", value: url), .attribute(named: "type", value: "application/pdf"),
                                              .attribute(named: "aria-label", value: label), .class("preview-pdf"),
                                              .p(.a(.href(url), .text(R.openFile(latest.fileName))))])
        case .jpeg?, .png?:
            .img(.src(url), .alt(label), .class("preview-image"))
        case .mp4?, .webm?:
            .element(named: "video", nodes: [.attribute(named: "src", value: url), .attribute(named: "controls", value: "controls"),
                                             .attribute(named: "preload", value: "metadata"), .attribute(named: "aria-label", value: label),
                                             .class("preview-video")])
        default:
            .p(.a(.class("button"), .href(url), .text(R.download + ": " + latest.fileName)))
        }
        return .section(.class("preview"), .id("preview"), .h2(.text(R.previewTitle(latest.number))), viewer)
    }

    /// The buttons the viewer may press now. A curator reviewing gets one comment box with «Вернуть на доработку»
    /// and «Согласовать» side by side under it; other moves are small forms of their own.
    private static func actions(_ context: PageContext, _ page: DocumentPage) -> Node<HTML.BodyContext> {
        let document = page.document
        let id = document.id!
        let reviewing = page.moves.contains(.approve) && page.moves.contains(.return)
        return .div(
            .class("doc-actions"),
            .if(reviewing, reviewForm(context, page)),
            .forEach(page.moves.filter { !reviewing || ($0 != .approve && $0 != .return) }) { move in
                switch move {
                case .newVersion:
                    return uploadForm(context, action: .documentVersions(.value(id)), multiple: false,
                                      maxBytes: page.maxUploadBytes, heading: R.newVersion)
                case .submit, .approve:
                    return .form(
                        .class("inline-form"), .method(.post), .action(SiteURL.documentMove(.value(id), move: .value(move.rawValue)).path),
                        Components.csrfField(context.csrf),
                        .input(.type(.hidden), .name("revision"), .value("\(document.revision)")),
                        .button(.type(.submit), .class("primary"), .text(R.moveButton(move))))
                case .return, .reopen, .withdraw:
                    return .form(
                        .class("inline-form"), .method(.post), .action(SiteURL.documentMove(.value(id), move: .value(move.rawValue)).path),
                        Components.csrfField(context.csrf),
                        .input(.type(.hidden), .name("revision"), .value("\(document.revision)")),
                        .element(named: "label", nodes: [.attribute(named: "for", value: "comment-\(move.rawValue)"),
                                                         .text(R.comment)]),
                        .textarea(.id("comment-\(move.rawValue)"), .name("comment"), .attribute(named: "rows", value: "3"),
                                  .attribute(named: "required", value: "required"),
                                  .text(page.comment ?? "")),
                        .element(named: "p", nodes: [.class("hint"), .text(R.moveHint(move))]),
                        .button(.type(.submit), .text(R.moveButton(move))))
                }
            },
            .if(page.canDelete, .form(
                .class("inline-form"), .method(.post), .action(SiteURL.documentDelete(.value(id)).path),
                Components.csrfField(context.csrf),
                .input(.type(.hidden), .name("revision"), .value("\(document.revision)")),
                .element(named: "p", nodes: [.class("hint"), .text(R.deleteHint)]),
                .button(.type(.submit), .class("danger"), .text(R.deleteDraft))))
        )
    }

    private static func reviewForm(_ context: PageContext, _ page: DocumentPage) -> Node<HTML.BodyContext> {
        let id = page.document.id!
        return .form(
            .class("review-form"), .id("review"), .method(.post),
            .action(SiteURL.documentMove(.value(id), move: .value(ReviewMove.return.rawValue)).path),
            Components.csrfField(context.csrf),
            .input(.type(.hidden), .name("revision"), .value("\(page.document.revision)")),
            .element(named: "label", nodes: [.attribute(named: "for", value: "review-comment"), .text(R.reviewComment)]),
            .textarea(.id("review-comment"), .name("comment"), .attribute(named: "rows", value: "4"), .text(page.comment ?? "")),
            .element(named: "p", nodes: [.class("hint"), .text(R.reviewHint)]),
            .div(.class("review-buttons"),
                 .button(.type(.submit), .text(R.moveButton(.return))),
                 .button(.type(.submit), .class("primary"),
                         .attribute(named: "formaction", value: SiteURL.documentMove(.value(id), move: .value(ReviewMove.approve.rawValue)).path),
                         .text(R.moveButton(.approve))))
        )
    }

    /// Works without JavaScript as a plain multipart form; with it, medk.js shows the progress.
    /// The CSRF token is the form's first field: the body streams straight to disk, and the server checks the
    /// token before it writes any file (medk.js sends it as a header too).
    static func uploadForm(_ context: PageContext, action: SiteURL, multiple: Bool, maxBytes: Int, heading: String,
                           id: String = "upload-files", extra: Node<HTML.FormContext> = .empty) -> Node<HTML.BodyContext> {
        .form(
            .class("inline-form upload"), .method(.post), .enctype(.multipartData),
            .action(action.path),
            .attribute(named: "data-upload", value: "upload"),
            Components.csrfField(context.csrf),
            Components.heading(heading),
            .div(.class("field"),
                 .label(.for(id), .text(R.files)),
                 .selfClosedElement(named: "input", attributes: [
                     .attribute(named: "id", value: id), .attribute(named: "type", value: "file"),
                     .attribute(named: "name", value: "file"), .attribute(named: "required", value: "required"),
                     .attribute(named: multiple ? "multiple" : "data-single", value: multiple ? "multiple" : ""),
                     .attribute(named: "accept", value: ".pdf,.doc,.docx,.xls,.xlsx,.odt,.ods,.ppt,.pptx,.jpg,.jpeg,.png,.mp4,.webm"),
                 ]),
                 .p(.class("hint"), .text(R.filesHint(maxBytes / 1024 / 1024)))),
            .if(multiple, Components.field(R.title, name: "title", hint: R.titleHint)),
            extra,
            .element(named: "progress", nodes: [.class("upload-progress"), .attribute(named: "hidden", value: "hidden"),
                                                .attribute(named: "max", value: "100"), .attribute(named: "value", value: "0")]),
            Components.submit(R.upload)
        )
    }

    /// The risk profile as a table coloured by significance; high and medium risks await verification.
    private static func profile(_ context: PageContext, _ profile: ProfileView?, school: UUID,
                                maxBytes: Int) -> Node<HTML.BodyContext> {
        let P = Strings.Profile.self
        guard let profile else { return .section(.h2(.text(P.title)), .p(.class("empty"), .text(P.none))) }
        return .section(
            .h2(.text(P.title)),
            .p(.text("\(P.respondents): "),
               .text(RespondentGroup.allCases.map { "\($0.title) — \(profile.completed.contains($0) ? P.done : P.notDone)" }
                   .joined(separator: "; "))),
            Components.table(
                [P.number, P.factor, P.significance, ""],
                profile.factors.enumerated().map { index, title in
                    let value = index < profile.significance.count ? profile.significance[index] : .none
                    return [.td(.class("num"), .text("\(index + 1)")), Components.cell(title),
                            .td(.span(.class("risk risk-\(value.rawValue)"), .text(value.title))),
                            Components.cell(value.needsVerification ? P.needsVerification : "")]
                }),
            .p(.text("\(P.original): "), .unwrap(profile.fileName, { name in
                .a(.href(SiteURL.profileFile(.value(school)).path), .text(name))
            }, else: .text(P.noOriginal))),
            .if(profile.canAttach, uploadForm(context, action: .profileFile(.value(school)), multiple: false, maxBytes: maxBytes,
                                              heading: P.attach, id: "profile-file"))
        )
    }

    /// Where an event's item lives: a document's page, or the school's page of the structured item.
    private static func itemURL(_ event: ReviewEvent, school: School?) -> String {
        itemURL(of: event, schoolID: school?.id)
    }

    /// The page of a review event's item: the feed and the notifications link there.
    static func itemURL(of event: ReviewEvent, schoolID: UUID?) -> String {
        itemURL(itemType: event.itemType, itemID: event.itemID, schoolID: schoolID)
    }

    static func itemURL(itemType: String, itemID: UUID, schoolID: UUID?) -> String {
        guard let id = schoolID else { return SiteURL.document(.value(itemID)).path }
        switch itemType {
        case SelfAssessmentRecord.itemType: return SiteURL.selfAssessment(.value(id)).path
        case ProgramRecord.itemType: return SiteURL.directions(.value(id)).path
        case MonitoringReportRecord.itemType: return SiteURL.school(.value(id)).path
        default: return SiteURL.document(.value(itemID)).path
        }
    }

    static func badge<C: HTMLContext>(_ state: ReviewState, of noun: Strings.Roadmap.Noun = .document) -> Node<C> {
        .element(named: "span", nodes: [.attribute(named: "class", value: "status status-\(state.rawValue)"),
                                        .text(R.stateTitle(state, of: noun))])
    }

    /// Oldest first, each with its section; filtered by school and by section.
    static func queue(_ context: PageContext, items: [QueueItem], school: UUID?, section: RoadmapSection?, now: Date) -> Response {
        let schools = Dictionary(items.map { ($0.school.id!, $0.school) }) { a, _ in a }.values.sorted { $0.shortName < $1.shortName }
        let sections = RoadmapSection.allCases.filter { section in items.contains { $0.section == section } }
        let shown = items.filter { (school == nil || $0.school.id == school) && (section == nil || $0.section == section) }
        return Layout.render(
            context, title: R.queueTitle,
            .if(items.count > 1, .form(
                .class("filters"), .method(.get), .action(SiteURL.reviews.path),
                Components.select(R.school, name: "school",
                                  options: [("", Strings.Common.all)] + schools.map { ($0.id!.uuidString, $0.shortName) },
                                  selected: school?.uuidString ?? ""),
                Components.select(Strings.Home.section, name: "section",
                                  options: [("", Strings.Common.all)] + sections.map { ($0.rawValue, Strings.Home.sectionTitle($0)) },
                                  selected: section?.rawValue ?? ""),
                Components.submit(Strings.Dashboards.show))),
            Components.table(
                [R.school, Strings.Home.section, R.title, R.version, R.waiting],
                shown.map { item in
                    [Components.cell(item.school.shortName),
                     Components.cell(Strings.Home.sectionTitle(item.section)),
                     Components.cell(link: item.title, item.url),
                     .td(.class("num"), .text("\(item.version)")),
                     Components.cell(R.waited(now.timeIntervalSince(item.waitingSince)))]
                }, empty: R.queueEmpty)
        )
    }

    static func feed(_ context: PageContext, _ page: FeedPage) -> Response {
        let filter = page.filter
        let next = SiteURL.feed.path(query: [
            ("cycle", filter.cycle.map { "\($0.year)" } ?? ""), ("school", filter.schoolID?.uuidString ?? ""), ("curator", filter.curatorID?.uuidString ?? ""),
            ("kind", filter.kind?.rawValue ?? ""), ("from", filter.from?.iso ?? ""), ("to", filter.to?.iso ?? ""),
            ("page", "\(filter.page + 1)"),
        ])
        return Layout.render(
            context, title: filter.cycle.map { R.feedTitle(of: $0.year) } ?? R.feedTitle,
            .form(
                .class("filters"), .method(.get), .action(SiteURL.feed.path),
                .if(page.years.count > 1, Components.select(Strings.Dashboards.cycle, name: "cycle",
                                                            options: page.years.map { ("\($0.year)", $0.title) },
                                                            selected: filter.cycle.map { "\($0.year)" } ?? "")),
                .unwrap(page.schoolChoices) { schools in
                    Components.select(R.school, name: "school",
                                      options: [("", Strings.Common.all)] + schools.map { ($0.id!.uuidString, $0.shortName) },
                                      selected: filter.schoolID?.uuidString ?? "")
                },
                .if(!page.curatorChoices.isEmpty, Components.select(
                    R.curator, name: "curator",
                    options: [("", Strings.Common.all)] + page.curatorChoices.map { ($0.id!.uuidString, $0.fullName) },
                    selected: filter.curatorID?.uuidString ?? "")),
                Components.select(R.kind, name: "kind",
                                  options: [("", Strings.Common.all)] + ReviewEventKind.allCases.map { ($0.rawValue, R.eventTitle($0)) },
                                  selected: filter.kind?.rawValue ?? ""),
                Components.field(R.from, name: "from", value: filter.from?.iso ?? "", type: "date"),
                Components.field(R.to, name: "to", value: filter.to?.iso ?? "", type: "date"),
                .div(.class("actions"), .button(.type(.submit), .text(Strings.Common.search)),
                     .a(.href(SiteURL.feed.path), .text(Strings.Common.reset)))
            ),
            Components.table(
                [R.uploadedAt, R.school, R.title, R.event, R.who, R.comment],
                page.events.map { event in
                    let school = page.schools[event.$participation.id]
                    return [Components.cell(Formats.moment(event.at)),
                            Components.cell(school?.shortName ?? ""),
                            Components.cell(link: event.itemTitle, itemURL(event, school: school)),
                            Components.cell(ReviewEventKind(rawValue: event.kind)
                                .map { R.eventTitle($0, of: R.Noun(itemType: event.itemType)) } ?? event.kind),
                            Components.cell(page.names[event.actorID] ?? ""),
                            Components.cell(event.comment)]
                }, empty: R.feedEmpty),
            .if(page.hasMore, .p(.a(.href(next), .text(R.more))))
        )
    }
}
