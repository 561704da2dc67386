import Fluent
import Foundation
import MEDKCore
import Testing
import Vapor
@testable import MEDKServer

/// The school's home answers «what do I do now?»: each step with its date, the one next action as a button,
/// returned items on top with the curator's comment.
@Suite("The school's home")
struct SchoolHomeTests {
    typealias H = Strings.Home

    @Test func theSchoolSeesItsNextStepAndHowEachStepStandsAgainstItsDate() async throws {
        try await withMEDK { app in
            let school = Browser(app)
            try await school.signIn("school")
            let home = try await school.get("/home")
            // 10.03.2021 is the first-visit date the self-assessment is due by; the concept documents are due 30.04.
            #expect(home.contains("id=\"next-step\"") && home.contains(H.nextAction(.selfAssessment, started: false)))
            #expect(home.contains(H.timing(.left(days: 0))!))
            #expect(home.contains(H.timing(.left(days: 51))!))
            #expect(H.timing(.left(days: 51)) == "остался 51 день" && H.timing(.left(days: 22)) == "осталось 22 дня")
            // Twelve days later the self-assessment is late, and says by how much, in red.
            app.settings.clock.advance(by: 12 * 86_400)
            let late = try await school.get("/home")
            #expect(late.contains("<span class=\"timing timing-late\">\(H.timing(.overdue(days: 12))!)</span>"))
            // The curator sees the school's page without the school's next step.
            let curator = Browser(app)
            try await curator.signIn("curator")
            let gusino = try await Demo.school(Demo.gusino, app)
            #expect(!(try await curator.get("/schools/\(gusino.id!)").contains("id=\"next-step\"")))
        }
    }

    @Test func aReturnedDocumentComesFirstWithTheCuratorsComment() async throws {
        try await withMEDK { app in
            let (school, curator, _, page) = try await RoadmapTests.submittedConcept(app)
            #expect(try await school.get("/home").contains(H.timing(.waitingForCurator(days: 0))!))
            app.settings.clock.advance(by: 3 * 86_400)
            #expect(try await school.get("/home").contains(H.timing(.waitingForCurator(days: 3))!))
            try await curator.get(page)
            #expect(try await curator.post(page + "/return", ["comment": "Добавьте целевые показатели"]).status == .seeOther)
            let home = try await school.get("/home")
            #expect(home.contains(H.rework("Концепция")) && home.contains(H.returnedTitle))
            #expect(home.contains("<blockquote>Добавьте целевые показатели</blockquote>"))
            #expect(home.contains("href=\"\(page)\""))
        }
    }
}

/// The curator's home is a to-do list: what waits for review, visits overdue, schools gone quiet.
@Suite("The curator's home")
struct CuratorHomeTests {
    typealias H = Strings.Home

    @Test func theCuratorSeesWhatWaitsOldestFirstAndWhichSchoolsNeedAVisitOrACall() async throws {
        try await withMEDK { app in
            let (_, curator, _, page) = try await RoadmapTests.submittedConcept(app)
            let home = try await curator.get("/home")
            #expect(home.contains("id=\"todo-reviews\"") && home.contains(H.waitingReviews(1)))
            #expect(home.contains(H.sectionTitle(.conceptDocuments)) && home.contains("href=\"\(page)\""))
            // The queue says the section and filters by it.
            let queue = try await curator.get("/reviews?section=conceptDocuments")
            #expect(queue.contains(H.sectionTitle(.conceptDocuments)) && queue.contains("Концепция"))
            #expect(!(try await curator.get("/reviews?section=monitoring1").contains("Концепция")))
            // Three weeks on without a visit or a move by the school: both show, with where to act.
            app.settings.clock.advance(by: 13 * 86_400)
            try await curator.signIn("curator")
            let later = try await curator.get("/home")
            #expect(later.contains("id=\"todo-visits\"") && later.contains(H.logVisit))
            app.settings.clock.advance(by: 2 * 86_400)
            try await curator.signIn("curator")
            let quiet = try await curator.get("/home")
            #expect(quiet.contains("id=\"todo-silent\"") && quiet.contains(H.writeToSchool))
        }
    }
}

/// Beside «На проверку», on every page a curator opens, the number of items waiting: gone once they are decided.
@Suite("The curator's navigation")
struct CuratorNavigationTests {
    static let reviewsItem = "href=\"/reviews\">\(Strings.Nav.reviews)<span class=\"nav-count\">"

    @Test func theNumberBesideTheReviewsItemIsWhatWaits() async throws {
        try await withMEDK { app in
            let (school, curator, _, page) = try await RoadmapTests.submittedConcept(app)
            for path in ["/home", "/visits", page] {
                #expect(try await curator.get(path).contains(Self.reviewsItem + "<span class=\"visually-hidden\">\(Strings.Nav.waiting)</span>1</span>"),
                        "\(path)")
            }
            #expect(!(try await school.get("/home").contains("nav-count")))
            #expect(try await curator.post(page + "/approve").status == .seeOther)
            // (The bell beside the name keeps its own count of the curator's unread notifications.)
            #expect(!(try await curator.get("/home").contains(Self.reviewsItem)))
        }
    }
}

/// A coordinator's home opens on what needs attention in the territory, each a link to the list behind it.
@Suite("The coordinators' home")
struct CoordinatorHomeTests {
    typealias H = Strings.Home

    @Test func theRegionalCoordinatorSeesWhatIsBehindAndWhereToLook() async throws {
        try await withMEDK { app in
            // The day after «Первичное посещение ОО» (10.03.2021).
            app.settings.clock.advance(by: 86_400)
            let regional = Browser(app)
            let home = try await regional.signIn("regional")
            #expect(home.contains("id=\"attention\"") && home.contains(H.attentionTitle))
            // On 11.03.2021 the demo's questionnaires are behind their 15.02 date, and curators' first visits are late:
            // each named, with the list behind it.
            #expect(home.contains(H.behind(Strings.Dashboards.indicatorTitle(.questionnaireCompleted), tally: Tally(done: 0, total: 9),
                                           controlDate: CalendarDate("2021-02-15")!)))
            #expect(home.contains("/dashboards/cell?indicator=questionnaire_completed&amp;"))
            #expect(home.contains(H.overdueVisitsIn(8)) && home.contains("#schools\">"))
            // Everyone's home but the school's and the curator's opens on it.
            let federal = Browser(app)
            let country = try await federal.signIn("federal")
            #expect(country.contains("id=\"attention\""))
            // Every place the federal coordinator is sent opens (a cell of the whole country would be too many schools).
            let links = country.body.components(separatedBy: "id=\"attention\"")[1].components(separatedBy: "</section>")[0]
                .components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&") }
            #expect(!links.isEmpty)
            for link in links { #expect(try await federal.get(link).status == .ok, "\(link)") }
        }
    }
}
