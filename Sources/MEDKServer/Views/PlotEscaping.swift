import Plot

// Plot writes attribute values exactly as given, so a quote in a value ended the attribute: a school named
// МБОУ "СОШ № 1" lost everything after the first quote in every form that showed it, and saving that form
// again stored the cut name. Plot's text escaping is correct but walks Characters, which made it a tenth of a
// dashboard request on Cyrillic text.
//
// The declarations below have the same names and signatures as Plot's, so within MEDKServer they shadow
// Plot's own: every `.text`, `.value`, `.title`, `.href`, `.action`, `.placeholder` and custom attribute
// written in this module is escaped once, on UTF-8 bytes (`HTMLText.escape`). PlotEscapingTests renders each.

extension Node {
    static func text(_ text: String) -> Node { .raw(HTMLText.escape(text)) }

    static func attribute(named name: String, value: String?, ignoreIfValueIsEmpty: Bool = true) -> Node {
        .attribute(Attribute(name: name, value: value.map(HTMLText.escape), ignoreIfValueIsEmpty: ignoreIfValueIsEmpty))
    }
}

extension Attribute {
    static func attribute(named name: String, value: String?) -> Self {
        Attribute(name: name, value: value.map(HTMLText.escape))
    }
}

extension Attribute where Context: HTMLContext {
    static func title(_ title: String) -> Attribute { .attribute(named: "title", value: title) }
}

extension Node where Context: HTMLContext {
    static func title(_ title: String) -> Node { .attribute(named: "title", value: title) }
}

extension Attribute where Context: HTMLValueContext {
    static func value(_ value: String) -> Attribute { .attribute(named: "value", value: value) }
}

extension Node where Context: HTMLValueContext {
    static func value(_ value: String) -> Node { .attribute(named: "value", value: value) }
}

extension Attribute where Context: HTMLLinkableContext {
    static func href(_ url: URLRepresentable) -> Attribute { .attribute(named: "href", value: url.description) }
}

extension Node where Context: HTMLLinkableContext {
    static func href(_ url: URLRepresentable) -> Node { .attribute(named: "href", value: url.description) }
}

extension Node where Context == HTML.FormContext {
    static func action(_ url: URLRepresentable) -> Node { .attribute(named: "action", value: url.description) }
}

extension Attribute where Context == HTML.InputContext {
    static func placeholder(_ placeholder: String) -> Attribute { .attribute(named: "placeholder", value: placeholder) }
}

extension Node where Context == HTML.TextAreaContext {
    static func placeholder(_ placeholder: String) -> Node { .attribute(named: "placeholder", value: placeholder) }
}
