import Fluent
import Foundation
import MEDKCore
import Testing
import Vapor
@testable import MEDKServer

@Suite("Everyone sees only their own schools")
struct ScopeTests {
    @Test func aCuratorOpensItsSchoolButGets404ForAnyOther() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            let home = try await browser.signIn("curator")
            #expect(home.contains(Demo.gusino))
            #expect(!home.contains(Demo.merlino))
            let own = try await Demo.school(Demo.gusino, app)
            let neighbour = try await Demo.school(Demo.merlino, app)
            #expect(try await browser.get("/schools/\(own.id!)").status == .ok)
            let refused = try await browser.get("/schools/\(neighbour.id!)")
            #expect(refused.status == .notFound)
            #expect(!refused.contains(Demo.merlino))
            #expect(refused.contains(Strings.Errors.notFoundTitle))
        }
    }

    @Test func aSchoolSeesItsRoadmapAndNeverAnotherSchool() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            let home = try await browser.signIn("school")
            for section in RoadmapSection.allCases { #expect(home.contains(Strings.Home.sectionTitle(section))) }
            #expect(home.contains("30.04.2021"))
            // 10.03.2021 in the tests: the first visit is due that very day.
            #expect(home.contains("Ближайшая контрольная дата: <strong>10.03.2021</strong> — Первичное посещение ОО"))
            #expect(home.contains("Ермоловский Сергей Александрович"))
            let other = try await Demo.school(Demo.safonovo3, app)
            #expect(try await browser.get("/schools/\(other.id!)").status == .notFound)
            #expect(try await browser.get("/schools").status == .forbidden)
            #expect(try await browser.get("/users").status == .forbidden)
        }
    }

    @Test func aMunicipalCoordinatorSeesOnlyItsMunicipality() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            let list = try await browser.signIn("municipal")
            #expect(list.contains(Demo.gusino) && list.contains(Demo.merlino))
            #expect(!list.contains(Demo.safonovo3))
            let foreign = try await Demo.school(Demo.safonovo3, app)
            let safonovo = try await Demo.municipality("Сафоновский район", app)
            #expect(try await browser.get("/schools/\(foreign.id!)").status == .notFound)
            // Asking for another municipality by filter still returns only its own schools.
            let filtered = try await browser.get("/schools?municipality=\(safonovo.id!)")
            #expect(!filtered.contains(Demo.safonovo3))
            // Nor can it act there.
            #expect(try await browser.post("/schools/\(foreign.id!)/curators", ["curator": UUID().uuidString]).status == .notFound)
        }
    }

    @Test func aRegionalCoordinatorFiltersItsSchoolsByMunicipalityAndSearchesByName() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("regional")
            let safonovo = try await Demo.municipality("Сафоновский район", app)
            let filtered = try await browser.get("/schools?municipality=\(safonovo.id!)")
            #expect(filtered.contains(Demo.safonovo3) && !filtered.contains(Demo.gusino))
            let searched = try await browser.get("/schools?q=%D0%B3%D1%83%D1%81%D0%B8%D0%BD") // «гусин», lower case
            #expect(searched.contains(Demo.gusino) && !searched.contains(Demo.merlino))
            #expect(searched.contains("Найдено: 1 школа"))
            let other = try await Demo.school(Demo.kokuy, app)
            #expect(try await browser.get("/schools/\(other.id!)").status == .notFound)
        }
    }

    @Test func theFederalCoordinatorSeesEveryRegionWithItsCounts() async throws {
        try await withMEDK { app in
            let page = try await Browser(app).signIn("federal")
            #expect(page.contains("Смоленская область"))
            #expect(page.contains("Краснодарский край"))
            #expect(page.contains("Забайкальский край"))
            // Smolensk: 9 participating schools, all with curators, 9 curators.
            #expect(page.body.contains("Смоленская область</a></td><td class=\"num\">9</td><td class=\"num\">9</td><td class=\"num\">9</td>"))
            #expect(page.body.contains("Краснодарский край</a></td><td class=\"num\">3</td><td class=\"num\">3</td><td class=\"num\">2</td>"))
        }
    }

    @Test func aFormWithoutTheCSRFTokenIsRefusedAndChangesNothing() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("admin")
            let before = try await Region.query(on: app.db).count()
            let refused = try await browser.post("/territories/regions", ["name": "Тверская область"], csrf: false)
            #expect(refused.status == .forbidden)
            #expect(refused.contains("Форма устарела"))
            let forged = try await browser.post("/territories/regions", ["name": "Тверская область", "_csrf": "forged"])
            #expect(forged.status == .forbidden)
            #expect(try await Region.query(on: app.db).count() == before)
            // The sign-in form is protected too.
            let stranger = Browser(app)
            #expect(try await stranger.post("/login", ["login": "admin", "password": DemoData.password], csrf: false).status == .forbidden)
        }
    }

    @Test func errorPagesAreInRussianWithAWayBack() async throws {
        try await withMEDK { app in
            let page = try await Browser(app).get("/no-such-page")
            #expect(page.status == .notFound)
            #expect(page.contains(Strings.Errors.notFoundTitle))
            #expect(page.contains(Strings.Common.home))
            #expect(page.headers.first(name: "Content-Security-Policy")?.contains("default-src 'self'") == true)
        }
    }
}
