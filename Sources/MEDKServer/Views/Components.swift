import Foundation
import MEDKCore
import Plot

/// Small building blocks shared by the pages. Form pieces are generic over Plot's context so the
/// same field works directly in a `<form>`, a `<fieldset>` or the body.
enum Components {
    static func csrfField<C: HTMLContext>(_ token: String) -> Node<C> {
        .selfClosedElement(named: "input", attributes: [
            .attribute(named: "type", value: "hidden"), .attribute(named: "name", value: CSRFMiddleware.field),
            .attribute(named: "value", value: token),
        ])
    }

    /// A one-button form: actions that change something are POSTs, never links.
    static func postButton(_ action: String, csrf: String, title: String, style: String = "",
                           confirm: String? = nil) -> Node<HTML.BodyContext> {
        .form(
            .class("inline"), .method(.post), .action(action),
            .unwrap(confirm) { .attribute(named: "data-confirm", value: $0) },
            csrfField(csrf),
            .button(.type(.submit), .class(style), .text(title))
        )
    }

    static func option(value: String, label: String, selected: Bool) -> Node<HTML.SelectContext> {
        .element(named: "option", nodes: [
            .attribute(named: "value", value: value, ignoreIfValueIsEmpty: false),
            .if(selected, .attribute(named: "selected", value: "selected")),
            .text(label),
        ])
    }

    /// A labelled input with its hint and error, all tied together for screen readers.
    static func field<C: HTMLContext>(_ label: String, name: String, value: String = "", type: String = "text",
                                      required: Bool = false, hint: String? = nil, error: String? = nil,
                                      autocomplete: String? = nil) -> Node<C> {
        let id = "f-\(name)"
        let describedBy = [hint.map { _ in "\(id)-hint" }, error.map { _ in "\(id)-error" }].compactMap { $0 }
        var attributes: [Attribute<C>] = [
            .attribute(named: "id", value: id), .attribute(named: "name", value: name),
            .attribute(named: "type", value: type), .attribute(named: "value", value: value),
        ]
        if let autocomplete { attributes.append(.attribute(named: "autocomplete", value: autocomplete)) }
        if !describedBy.isEmpty { attributes.append(.attribute(named: "aria-describedby", value: describedBy.joined(separator: " "))) }
        if required { attributes.append(.attribute(named: "required", value: "required")) }
        if error != nil { attributes.append(.attribute(named: "aria-invalid", value: "true")) }
        return wrapper(label: label, id: id, required: required, hint: hint, error: error,
                       control: .selfClosedElement(named: "input", attributes: attributes))
    }

    /// A labelled multi-line field with its hint and error.
    static func textArea<C: HTMLContext>(_ label: String, name: String, value: String, rows: Int = 4, required: Bool = false,
                                         hint: String? = nil, error: String? = nil) -> Node<C> {
        let id = "f-\(name)"
        let describedBy = [hint.map { _ in "\(id)-hint" }, error.map { _ in "\(id)-error" }].compactMap { $0 }
        let area: Node<C> = .element(named: "textarea", nodes: [
            .attribute(named: "id", value: id), .attribute(named: "name", value: name), .attribute(named: "rows", value: "\(rows)"),
            .if(!describedBy.isEmpty, .attribute(named: "aria-describedby", value: describedBy.joined(separator: " "))),
            .if(required, .attribute(named: "required", value: "required")),
            .if(error != nil, .attribute(named: "aria-invalid", value: "true")),
            .text(value),
        ])
        return wrapper(label: label, id: id, required: required, hint: hint, error: error, control: area)
    }

    static func select<C: HTMLContext>(_ label: String, name: String, options: [(value: String, label: String)],
                                       selected: String?, required: Bool = false, error: String? = nil,
                                       hint: String? = nil) -> Node<C> {
        let id = "f-\(name)"
        let select: Node<C> = .element(named: "select", nodes: [
            .attribute(named: "id", value: id), .attribute(named: "name", value: name),
            .if(required, .attribute(named: "required", value: "required")),
        ] + options.map { option in
            .element(named: "option", nodes: [
                .attribute(named: "value", value: option.value, ignoreIfValueIsEmpty: false),
                .if(option.value == selected, .attribute(named: "selected", value: "selected")),
                .text(option.label),
            ])
        })
        return wrapper(label: label, id: id, required: required, hint: hint, error: error, control: select)
    }

    /// An input inside a table cell: the column and row name it for screen readers, as a label would.
    static func cellInput<C: HTMLContext>(name: String, value: String, label: String, invalid: Bool) -> Node<C> {
        var attributes: [Attribute<C>] = [
            .attribute(named: "type", value: "text"), .attribute(named: "name", value: name),
            .attribute(named: "value", value: value), .attribute(named: "aria-label", value: label),
        ]
        if invalid { attributes += [.attribute(named: "aria-invalid", value: "true"), .attribute(named: "class", value: "invalid")] }
        return .selfClosedElement(named: "input", attributes: attributes)
    }

    static func checkbox<C: HTMLContext>(_ label: String, name: String, checked: Bool) -> Node<C> {
        var attributes: [Attribute<C>] = [.attribute(named: "type", value: "checkbox"), .attribute(named: "name", value: name)]
        if checked { attributes.append(.attribute(named: "checked", value: "checked")) }
        return .element(named: "div", nodes: [
            .attribute(named: "class", value: "field check"),
            .element(named: "label", nodes: [.selfClosedElement(named: "input", attributes: attributes), .text(" " + label)]),
        ])
    }

    private static func wrapper<C: HTMLContext>(label: String, id: String, required: Bool, hint: String?, error: String?,
                                                control: Node<C>) -> Node<C> {
        .element(named: "div", nodes: [
            .attribute(named: "class", value: error == nil ? "field" : "field has-error"),
            .element(named: "label", nodes: [
                .attribute(named: "for", value: id), .text(label),
                .if(required, .element(named: "span", nodes: [.attribute(named: "class", value: "req"),
                                                              .attribute(named: "aria-hidden", value: "true"), .text(" *")])),
            ]),
            control,
            .unwrap(hint) { .element(named: "p", nodes: [.attribute(named: "class", value: "hint"),
                                                         .attribute(named: "id", value: "\(id)-hint"), .text($0)]) },
            .unwrap(error) { .element(named: "p", nodes: [.attribute(named: "class", value: "error"),
                                                          .attribute(named: "id", value: "\(id)-error"), .text($0)]) },
        ])
    }

    /// The file field of every spreadsheet import (CSV or XLSX).
    static func sheetFileField(id: String) -> Node<HTML.FormContext> {
        .div(.class("field"),
             .label(.for(id), .text(Strings.Import.file)),
             .input(.id(id), .type(.file), .name("file"), .required(true),
                    .attribute(named: "accept", value: ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))
    }

    static func submit<C: HTMLContext>(_ title: String) -> Node<C> {
        .element(named: "div", nodes: [
            .attribute(named: "class", value: "actions"),
            .element(named: "button", nodes: [.attribute(named: "type", value: "submit"),
                                              .attribute(named: "class", value: "primary"), .text(title)]),
        ])
    }

    static func heading<C: HTMLContext>(_ text: String) -> Node<C> { .element(named: "h3", text: text) }

    static func legend<C: HTMLContext>(_ text: String) -> Node<C> { .element(named: "legend", text: text) }

    /// A table with a header row; `rows` are already rendered cells.
    static func table<C: HTMLContext>(_ headers: [String], _ rows: [[Node<HTML.TableRowContext>]], caption: String? = nil,
                                      empty: String = Strings.Common.nothingFound) -> Node<C> {
        guard !rows.isEmpty else {
            return .element(named: "p", nodes: [.attribute(named: "class", value: "empty"), .text(empty)])
        }
        let table: Node<HTML.BodyContext> = .table(
            .unwrap(caption) { .caption(.text($0)) },
            .thead(.tr(.forEach(headers) { .th(.attribute(named: "scope", value: "col"), Abbreviations.marked($0)) })),
            .tbody(.forEach(rows) { cells in .tr(.group(cells)) })
        )
        return .element(named: "div", nodes: scrollBoxAttributes(label: caption) + [.raw(table.render())])
    }

    /// The box a wide table scrolls in: focusable, so a keyboard can scroll it too (axe: scrollable-region-focusable),
    /// and named, since it is a region a screen reader lands in.
    static func scrollBox<C: HTMLContext>(label: String? = nil, _ table: Node<HTML.BodyContext>) -> Node<C> {
        .element(named: "div", nodes: scrollBoxAttributes(label: label) + [.raw(table.render())])
    }

    private static func scrollBoxAttributes<C>(label: String?) -> [Node<C>] {
        [.attribute(named: "class", value: "table-wrap"), .attribute(named: "tabindex", value: "0"),
         .attribute(named: "role", value: "region"), .attribute(named: "aria-label", value: label ?? Strings.Common.table)]
    }

    /// The same opening tag for the tables written as text.
    static func scrollBoxOpening(label: String) -> String {
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"\(HTMLText.escape(label))\">"
    }

    static func cell(_ text: String) -> Node<HTML.TableRowContext> { .td(Abbreviations.marked(text)) }

    static func number(_ value: Int) -> Node<HTML.TableRowContext> { .td(.class("num"), .text("\(value)")) }

    /// «2,5» with one decimal, or «—» for no value (a median of nothing).
    static func decimal(_ value: Double?) -> Node<HTML.TableRowContext> {
        .td(.class("num"), .text(value.map { String(format: "%.1f", $0).replacingOccurrences(of: ".", with: ",") } ?? Strings.Common.none))
    }

    static func cell(link text: String, _ url: String) -> Node<HTML.TableRowContext> { .td(.a(.href(url), .text(text))) }

    /// Errors at the top of a form, so a person sees at once that something must be fixed.
    static func errorSummary(_ errors: [String: String]) -> Node<HTML.BodyContext> {
        guard !errors.isEmpty else { return .empty }
        return .div(.class("error-summary"), .attribute(named: "role", value: "alert"),
                    .ul(.forEach(Set(errors.values).sorted()) { .li(.text($0)) }))
    }
}
