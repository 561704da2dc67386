import MEDKCore
import MEDKSheets
import Plot
import Vapor

enum ImportViews {
    static func page(_ context: PageContext, result: ImportResult?, factors: [String]) -> Response {
        var status = HTTPStatus.ok
        if case .failed = result { status = .unprocessableEntity }
        return Layout.render(
            context, title: Strings.Import.title, crumbs: [Crumb(Strings.Home.title, .home), Crumb(Strings.Import.title)],
            status: status,
            .unwrap(result) { resultBlock($0) },
            .p(.text(Strings.Import.intro)),
            .p(.class("hint"), .text(Strings.Import.formats)),
            uploadForm(context, .schools, factors: factors, action: .importSchools),
            uploadForm(context, .users, factors: factors, action: .importUsers, note: Strings.Import.roleLabels),
            uploadForm(context, .riskProfiles, factors: factors, action: .importRiskProfiles,
                       note: Strings.Import.riskProfilesNote)
        )
    }

    private static func uploadForm(_ context: PageContext, _ kind: ImportController.Kind, factors: [String], action: SiteURL,
                                   note: String? = nil) -> Node<HTML.BodyContext> {
        .section(
            .class("import"),
            .h2(.text(Strings.Import.title(kind))),
            .p(.text("\(Strings.Import.columns): "),
               .group(kind.columns(factors: factors).enumerated().map { index, column in
                   .group(.if(index > 0, .text(", ")), .strong(.text(column.title)),
                          .if(column.required, .text(" (\(Strings.Import.requiredMark))")))
               })),
            .unwrap(note) { .p(.class("hint"), .text($0)) },
            .p(.a(.href(SiteURL.importTemplate(.value(kind.rawValue)).path), .text("\(Strings.Import.template) (XLSX)"))),
            .form(
                .method(.post), .action(action.path), .enctype(.multipartData),
                Components.csrfField(context.csrf),
                Components.sheetFileField(id: "file-\(kind.rawValue)"),
                Components.submit(Strings.Import.submit)
            )
        )
    }

    private static func resultBlock(_ result: ImportResult) -> Node<HTML.BodyContext> {
        switch result {
        case .failed(let kind, let message, let issues):
            return .div(
                .class("error-summary"), .id("import-result"), .attribute(named: "role", value: "alert"),
                .h2(.text(Strings.Import.title(kind))),
                problems(message, issues)
            )
        case .done(let kind, let outcome):
            return .div(
                .class("flash flash-success"), .id("import-result"), .attribute(named: "role", value: "status"),
                .p(.text(Strings.Import.done(created: outcome.created, updated: outcome.updated, unchanged: outcome.unchanged))),
                .if(kind == .schools && outcome.created > 0, .p(.text(Strings.Import.includedInCycle))),
                .if(!outcome.passwords.isEmpty, .group(
                    .p(.text(Strings.Import.generatedPasswords)),
                    Components.table([Strings.Users.login, Strings.Users.fullName, Strings.Users.password],
                                     outcome.passwords.map { [Components.cell($0.login), Components.cell($0.name),
                                                              .td(.code(.text($0.password)))] })))
            )
        }
    }

    /// Why a file was refused: its message, or the count of row problems and a table of the first of them
    /// (a file of 200,000 wrong rows must not become a 37 MB page).
    static func problems(_ message: String?, _ issues: [ImportIssue]) -> Node<HTML.BodyContext> {
        let shown = issues.prefix(ImportSheet.shownIssues)
        return .group(
            .p(.text(message ?? "\(Strings.Import.failed) \(Strings.Common.errors(issues.count).capitalizedFirst).")),
            .if(issues.count > shown.count, .p(.class("hint"), .text(Strings.Import.firstShown(shown.count, of: issues.count)))),
            .if(!issues.isEmpty, Components.table(
                [Strings.Import.row, Strings.Import.column, Strings.Import.problem],
                shown.map { issue in
                    [Components.number(issue.row), Components.cell(issue.column ?? Strings.Common.none),
                     Components.cell(Strings.Import.describe(issue.problem))]
                }))
        )
    }

    static func message(for error: SheetError) -> String {
        switch error {
        case .empty: Strings.Import.empty
        case .unreadableEncoding: Strings.Import.unreadableEncoding
        case .unreadableXLSX: Strings.Import.unreadableXLSX
        case .unsupportedFormat: Strings.Import.unsupportedFormat
        case .unterminatedQuote(let line): Strings.Import.unterminatedQuote(line)
        case .tooManyRows(let limit): Strings.Import.tooManyRows(limit - 1)
        }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
