import MEDKCore
import Plot
import Vapor

/// The «new instrument» page: the form with tables (no JavaScript, no JSON), and the JSON definition kept
/// under «Для опытных».
extension MonitoringViews {
    typealias B = Strings.InstrumentBuilder
    typealias Draft = InstrumentDraft

    static func newInstrument(_ context: PageContext, draft: Draft = Draft(), errors: [String] = [],
                              definition: String = exampleDefinition, definitionErrors: [String] = []) -> Response {
        Layout.render(
            context, title: M.newInstrumentTitle,
            crumbs: [Crumb(M.title, .monitoring), Crumb(M.newInstrumentTitle)],
            .if(!errors.isEmpty, refusal(B.refused, errors)),
            .p(.text(B.intro)),
            .form(
                .class("stack instrument-builder"), .id("build-instrument"), .method(.post), .action(SiteURL.newInstrument.path),
                Components.csrfField(context.csrf),
                .input(.type(.hidden), .name(Draft.Field.indicatorRows), .value("\(draft.indicators.count)")),
                .input(.type(.hidden), .name(Draft.Field.bandRows), .value("\(draft.bands.count)")),
                .fieldset(
                    Components.legend(B.about),
                    Components.field(B.title, name: Draft.Field.title, value: draft.title, required: true, hint: B.titleHint),
                    Components.field(B.code, name: Draft.Field.code, value: draft.code, required: true, hint: B.codeHint),
                    Components.select(B.subject, name: Draft.Field.subject,
                                      options: SubjectKind.allCases.map { ($0.rawValue, $0.title) }, selected: draft.subject,
                                      required: true)
                ),
                .fieldset(
                    Components.legend(B.indicators),
                    .p(.class("hint"), .text(B.indicatorsHint)),
                    Components.scrollBox(label: B.indicators, indicatorTable(draft)),
                    addRows(B.addIndicators, Draft.Field.addIndicators)
                ),
                .fieldset(
                    Components.legend(B.formula),
                    Components.select(B.formula, name: Draft.Field.formula,
                                      options: Draft.FormulaChoice.allCases.map { ($0.rawValue, B.formulaTitle($0)) },
                                      selected: draft.formula, hint: B.formulaHint),
                    .div(.class("row"),
                         Components.field(B.numerator, name: Draft.Field.numerator, value: draft.numerator),
                         Components.field(B.denominator, name: Draft.Field.denominator, value: draft.denominator))
                ),
                .fieldset(
                    Components.legend(B.bands),
                    .p(.class("hint"), .text(B.bandsHint)),
                    Components.scrollBox(label: B.bands, bandTable(draft)),
                    addRows(B.addBands, Draft.Field.addBands),
                    .div(.class("field"),
                         .label(.for("f-rule"), .text(B.rule)),
                         .textarea(.id("f-rule"), .name(Draft.Field.rule), .attribute(named: "rows", value: "2"),
                                   .attribute(named: "aria-describedby", value: "f-rule-hint"), .text(draft.rule)),
                         .p(.class("hint"), .id("f-rule-hint"), .text(B.ruleHint)))
                ),
                Components.submit(B.save)
            ),
            jsonDefinition(context, definition: definition, errors: definitionErrors)
        )
    }

    private static func refusal(_ lead: String, _ errors: [String]) -> Node<HTML.BodyContext> {
        .div(.class("error-summary"), .attribute(named: "role", value: "alert"),
             .p(.text(lead)), .ul(.forEach(errors) { .li(.text($0)) }))
    }

    /// Posts the form as it is and comes back with three more empty rows; nothing is saved.
    private static func addRows<C: HTMLContext>(_ title: String, _ table: String) -> Node<C> {
        .element(named: "p", nodes: [.element(named: "button", nodes: [
            .attribute(named: "type", value: "submit"), .attribute(named: "name", value: Draft.Field.add),
            .attribute(named: "value", value: table), .attribute(named: "formnovalidate", value: "formnovalidate"), .text(title),
        ])])
    }

    private static func indicatorTable(_ draft: Draft) -> Node<HTML.BodyContext> {
        .table(
            .thead(.tr(.forEach([B.rowNumber, B.indicatorCode, B.indicatorTitle, B.unit, B.values, B.notApplicable, B.required,
                                 B.inFormula, B.weight]) { .th(.attribute(named: "scope", value: "col"), .text($0)) })),
            .tbody(.forEach(Array(draft.indicators.enumerated())) { n, row in
                let name = { (part: String) in Draft.Field.indicator(n, part) }
                let label = { (column: String) in "\(column), строка \(n + 1)" }
                return .tr(
                    .td(.class("num"), .text("\(n + 1)")),
                    .td(.class("code"), Components.cellInput(name: name("code"), value: row.code, label: label(B.indicatorCode), invalid: false)),
                    .td(Components.cellInput(name: name("title"), value: row.title, label: label(B.indicatorTitle), invalid: false)),
                    .td(cellSelect(name: name("unit"), label: label(B.unit), selected: row.unit,
                                   options: Draft.UnitChoice.allCases.map { ($0.rawValue, B.unitTitle($0)) })),
                    .td(Components.cellInput(name: name("values"), value: row.values, label: label(B.values), invalid: false)),
                    .td(cellCheckbox(name: name("na"), label: label(B.notApplicable), checked: row.notApplicable)),
                    .td(cellCheckbox(name: name("required"), label: label(B.required), checked: row.required)),
                    .td(cellCheckbox(name: name("formula"), label: label(B.inFormula), checked: row.inFormula)),
                    .td(.class("num"), Components.cellInput(name: name("weight"), value: row.weight, label: label(B.weight), invalid: false))
                )
            })
        )
    }

    private static func bandTable(_ draft: Draft) -> Node<HTML.BodyContext> {
        .table(
            .thead(.tr(.forEach([B.rowNumber, B.interval, B.bandLabel, B.recommendation]) {
                .th(.attribute(named: "scope", value: "col"), .text($0))
            })),
            .tbody(.forEach(Array(draft.bands.enumerated())) { n, row in
                let name = { (part: String) in Draft.Field.band(n, part) }
                let label = { (column: String) in "\(column), строка \(n + 1)" }
                return .tr(
                    .td(.class("num"), .text("\(n + 1)")),
                    .td(Components.cellInput(name: name("interval"), value: row.interval, label: label(B.interval), invalid: false)),
                    .td(Components.cellInput(name: name("label"), value: row.label, label: label(B.bandLabel), invalid: false)),
                    .td(Components.cellInput(name: name("recommendation"), value: row.recommendation, label: label(B.recommendation),
                                             invalid: false))
                )
            })
        )
    }

    private static func cellSelect(name: String, label: String, selected: String,
                                   options: [(value: String, label: String)]) -> Node<HTML.BodyContext> {
        .element(named: "select", nodes: [.attribute(named: "name", value: name), .attribute(named: "aria-label", value: label)]
                 + options.map { .raw(Components.option(value: $0.value, label: $0.label, selected: $0.value == selected).render()) })
    }

    private static func cellCheckbox(name: String, label: String, checked: Bool) -> Node<HTML.BodyContext> {
        var attributes: [Attribute<HTML.BodyContext>] = [.attribute(named: "type", value: "checkbox"), .attribute(named: "name", value: name),
                                                         .attribute(named: "aria-label", value: label)]
        if checked { attributes.append(.attribute(named: "checked", value: "checked")) }
        return .selfClosedElement(named: "input", attributes: attributes)
    }

    /// The JSON definition, for whoever keeps instruments as files: open when it was the one refused.
    private static func jsonDefinition(_ context: PageContext, definition: String, errors: [String]) -> Node<HTML.BodyContext> {
        .element(named: "details", nodes: [
            .if(!errors.isEmpty, .attribute(named: "open", value: "open")),
            .element(named: "summary", text: B.advanced),
            .if(!errors.isEmpty, refusal(M.definitionRefused, errors)),
            .p(.class("hint"), .text(B.advancedHint)),
            .ul(.class("hint"), .forEach(M.definitionHelp) { .li(.text($0)) }),
            .form(
                .class("stack"), .id("define-instrument"), .method(.post), .action(SiteURL.instruments.path),
                .enctype(.multipartData),
                Components.csrfField(context.csrf),
                .div(.class("field"),
                     .label(.for("definition"), .text(M.definition)),
                     .textarea(.id("definition"), .name("definition"), .attribute(named: "class", value: "code"),
                               .attribute(named: "rows", value: "24"), .attribute(named: "spellcheck", value: "false"),
                               .text(definition))),
                .div(.class("field"),
                     .label(.for("definition-file"), .text(M.definitionFile)),
                     .input(.id("definition-file"), .type(.file), .name("file"), .attribute(named: "accept", value: ".json,application/json"))),
                Components.submit(M.define)
            ),
        ])
    }
}
