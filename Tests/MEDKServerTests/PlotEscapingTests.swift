import Foundation
import MEDKCore
import Plot
import Testing
@testable import MEDKServer

@Suite("Names with quotes and brackets survive every page and form")
struct PlotEscapingTests {
    static let name = #"МБОУ "СОШ № 1" <им. А & Б>"#
    static let escaped = "МБОУ &quot;СОШ № 1&quot; &lt;им. А &amp; Б&gt;"

    @Test func everyAttributeAndTextTheServersComponentsWriteIsEscaped() {
        let nodes: [Node<HTML.BodyContext>] = [
            Components.postButton("/x?a=1&b=\"2\"", csrf: "t", title: Self.name, confirm: Self.name),
            Components.field(Self.name, name: "fullName", value: Self.name, hint: Self.name),
            Components.cellInput(name: "v", value: Self.name, label: Self.name, invalid: false),
            Components.select(Self.name, name: "s", options: [(Self.name, Self.name)], selected: Self.name),
            Components.table([Self.name], [[Components.cell(link: Self.name, "/schools?q=\"1\""), Components.cell(Self.name)]]),
        ]
        let html = nodes.map { $0.render() }.joined()
        #expect(!html.contains(Self.name))
        // Every attribute value and text holds the whole name, escaped once; in the table's header and cells «СОШ»
        // is marked as an abbreviation, around which the rest of the name is escaped just the same.
        #expect(html.components(separatedBy: Self.escaped).count - 1 == 11)
        #expect(html.components(separatedBy: "МБОУ</abbr> &quot;<abbr title=\"").count - 1 == 2)
        #expect(html.components(separatedBy: "СОШ</abbr> № 1&quot; &lt;им. А &amp; Б&gt;").count - 1 == 2)
        #expect(html.contains(#"action="/x?a=1&amp;b=&quot;2&quot;""#))
        #expect(html.contains(#"href="/schools?q=&quot;1&quot;""#))
        // An entity typed by a person is text, not markup (Plot's own escaping kept "&lt;" as it was).
        #expect(Components.cell("&lt;").render() == "<td>&amp;lt;</td>")
    }

    @Test func aSchoolNameWithQuotesComesBackWholeInTheFormThatRefusedIt() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("regional")
            let municipality = try await Demo.municipality("Краснинский район", app)
            let created = try await browser.post("/schools", ["municipality": municipality.id!.uuidString, "fullName": Self.name])
            #expect(created.status == .seeOther)
            let card = try await browser.get(try #require(created.location))
            #expect(card.contains("<h1>\(Self.escaped)</h1>"))
            let again = try await browser.post("/schools", ["municipality": municipality.id!.uuidString, "fullName": Self.name])
            #expect(again.status == .unprocessableEntity)
            #expect(again.contains(Strings.Schools.duplicate))
            #expect(again.contains(#"value="\#(Self.escaped)""#))
        }
    }
}
