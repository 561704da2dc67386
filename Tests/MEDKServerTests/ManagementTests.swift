import Fluent
import Foundation
import MEDKCore
import Testing
import Vapor
@testable import MEDKServer

@Suite("Coordinators and the admin keep territories, schools, people and curators")
struct ManagementTests {
    @Test func aRegionalCoordinatorAddsAMunicipalityAndASchoolThatJoinsTheCycle() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("regional")
            let region = try await Demo.region("Смоленская область", app)
            try await browser.get("/territories")
            let created = try await browser.post("/territories/municipalities", ["region": region.id!.uuidString, "name": "Ельнинский район"])
            #expect(created.status == .seeOther)
            let duplicate = try await browser.post("/territories/municipalities", ["region": region.id!.uuidString, "name": "Ельнинский район"])
            #expect(duplicate.status == .unprocessableEntity)
            #expect(duplicate.contains(Strings.Territories.municipalityExists))
            // Only the federal level creates regions.
            #expect(try await browser.post("/territories/regions", ["name": "Тверская область"]).status == .notFound)

            let yelnya = try await Demo.municipality("Ельнинский район", app)
            try await browser.get("/schools/new")
            let empty = try await browser.post("/schools", ["municipality": yelnya.id!.uuidString, "fullName": " "])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.contains(Strings.Schools.nameRequired))
            let school = try await browser.post("/schools", [
                "municipality": yelnya.id!.uuidString, "fullName": "МБОУ «Ельнинская СШ № 1»", "shortName": "Ельнинская СШ № 1",
                "locality": "urban", "code": "670123", "participates": "on",
            ])
            #expect(school.status == .seeOther)
            let card = try await browser.get(try #require(school.location))
            #expect(card.contains("Школа добавлена."))
            #expect(card.contains("Стартовая диагностика"))
            let sameCode = try await browser.post("/schools", ["municipality": yelnya.id!.uuidString,
                                                               "fullName": "Другая школа", "code": "670123"])
            #expect(sameCode.contains(Strings.Schools.codeTaken))
            let audit = try await AuditEvent.query(on: app.db).all().map(\.action)
            #expect(audit.contains("municipality_created") && audit.contains("school_created") && audit.contains("participation_created"))
        }
    }

    @Test func aMunicipalCoordinatorCannotAddASchoolInAnotherMunicipality() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("municipal")
            let safonovo = try await Demo.municipality("Сафоновский район", app)
            try await browser.get("/schools/new")
            let before = try await School.query(on: app.db).count()
            let page = try await browser.post("/schools", ["municipality": safonovo.id!.uuidString, "fullName": "Чужая школа"])
            #expect(page.status == .unprocessableEntity)
            #expect(try await School.query(on: app.db).count() == before)
        }
    }

    @Test func aCuratorIsAssignedWithDatesSeesTheSchoolAndLosesItWhenUnassigned() async throws {
        try await withMEDK { app in
            let merlino = try await Demo.school(Demo.merlino, app)
            let coordinator = Browser(app)
            try await coordinator.signIn("municipal")
            try await coordinator.get("/schools/\(merlino.id!)")
            let curator = try await Demo.user("curator", app)
            let assigned = try await coordinator.post("/schools/\(merlino.id!)/curators",
                                                      ["curator": curator.id!.uuidString, "startsOn": "01.03.2021"])
            #expect(assigned.status == .seeOther)
            #expect(try await coordinator.get("/schools/\(merlino.id!)").contains("Куратор назначен."))
            let again = try await coordinator.post("/schools/\(merlino.id!)/curators",
                                                   ["curator": curator.id!.uuidString, "startsOn": "2021-03-05"])
            #expect(again.status == .seeOther)
            #expect(try await coordinator.get("/schools/\(merlino.id!)").contains(Strings.Schools.alreadyAssigned))
            let badDate = try await coordinator.post("/schools/\(merlino.id!)/curators",
                                                     ["curator": curator.id!.uuidString, "startsOn": "31.02.2021"])
            #expect(badDate.status == .seeOther)
            #expect(try await coordinator.get("/schools/\(merlino.id!)").contains(Strings.Schools.badDate))

            let curatorBrowser = Browser(app)
            #expect(try await curatorBrowser.signIn("curator").contains(Demo.merlino))
            #expect(try await curatorBrowser.get("/schools/\(merlino.id!)").status == .ok)

            let assignment = try #require(try await CuratorAssignment.query(on: app.db).filter(\.$curator.$id == curator.id!)
                .filter(\.$startsOn == "2021-03-01").first())
            try await coordinator.get("/schools/\(merlino.id!)")
            let early = try await coordinator.post("/schools/\(merlino.id!)/curators/\(assignment.id!)/end", ["endsOn": "2021-02-01"])
            #expect(early.status == .seeOther)
            #expect(try await coordinator.get("/schools/\(merlino.id!)").contains(Strings.Schools.endBeforeStart))
            try await coordinator.post("/schools/\(merlino.id!)/curators/\(assignment.id!)/end", ["endsOn": "09.03.2021"])
            #expect(try await curatorBrowser.get("/schools/\(merlino.id!)").status == .notFound)
            let actions = try await AuditEvent.query(on: app.db).all().map(\.action)
            #expect(actions.contains("curator_assigned") && actions.contains("curator_unassigned"))
        }
    }

    @Test func theAdminCreatesAUserWithARoleAndAGeneratedPasswordThatWorks() async throws {
        try await withMEDK { app in
            let admin = Browser(app)
            try await admin.signIn("admin")
            let region = try await Demo.region("Смоленская область", app)
            try await admin.get("/users/new")
            let bad = try await admin.post("/users", ["login": "Кириллица", "fullName": "", "role": "curator"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.contains(Strings.Users.badLogin) && bad.contains(Strings.Users.nameRequired))
            #expect(bad.contains(Strings.Users.placeRequired))
            let created = try await admin.post("/users", ["login": "Petrova", "fullName": "Петрова Анна Ивановна",
                                                          "role": "curator", "region": region.id!.uuidString])
            #expect(created.status == .seeOther)
            let page = try await admin.get(try #require(created.location))
            #expect(page.contains("Куратор — Смоленская область"))
            let password = try #require(page.body.range(of: "Пароль для первого входа: ").map { page.body[$0.upperBound...].prefix(14) })
            let petrova = Browser(app)
            #expect(try await petrova.signIn("petrova", password: String(password)).contains("Мои школы"))
            #expect(try await admin.post("/users", ["login": "petrova", "fullName": "X", "role": "federal"]).contains(Strings.Users.loginTaken))
        }
    }

    @Test func aMunicipalCoordinatorMayGrantOnlySchoolRolesOfItsOwnSchools() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("municipal")
            let region = try await Demo.region("Смоленская область", app)
            let gusino = try await Demo.school(Demo.gusino, app)
            let foreign = try await Demo.school(Demo.safonovo3, app)
            try await browser.get("/users/new")
            let curator = try await browser.post("/users", ["login": "newcurator", "fullName": "Новый Куратор",
                                                           "role": "curator", "region": region.id!.uuidString])
            #expect(curator.status == .unprocessableEntity)
            #expect(curator.contains(Strings.Users.forbiddenGrant))
            let otherSchool = try await browser.post("/users", ["login": "teacher", "fullName": "Учитель",
                                                               "role": "school", "school": foreign.id!.uuidString])
            #expect(otherSchool.contains(Strings.Users.forbiddenGrant))
            let ok = try await browser.post("/users", ["login": "teacher", "fullName": "Учитель Гусинской СШ",
                                                      "role": "school", "school": gusino.id!.uuidString, "password": "teacher-pass"])
            #expect(ok.status == .seeOther)
            #expect(try await Browser(app).signIn("teacher", password: "teacher-pass").contains(Demo.gusino))
        }
    }

    @Test func aBlockedUserCannotSignInAndLosesItsSessions() async throws {
        try await withMEDK { app in
            let curator = Browser(app)
            try await curator.signIn("novikova")
            let admin = Browser(app)
            try await admin.signIn("admin")
            let novikova = try await Demo.user("novikova", app)
            try await admin.get("/users/\(novikova.id!)")
            #expect(try await admin.post("/users/\(novikova.id!)/active").status == .seeOther)
            #expect(try await curator.get("/home").status == .seeOther)
            #expect(try await Browser(app).signIn("novikova").status == .unauthorized)
        }
    }

    @Test func theAdminReadsTheJournalOfChangesAndSignIns() async throws {
        try await withMEDK { app in
            let admin = Browser(app)
            try await Browser(app).signIn("curator", password: "wrong")
            try await admin.signIn("admin")
            let journal = try await admin.get("/audit")
            #expect(journal.status == .ok)
            #expect(journal.contains(Strings.Audit.signInFailed + ": curator"))
            #expect(journal.contains(Strings.Audit.signIn))
            let regional = Browser(app)
            try await regional.signIn("regional")
            #expect(try await regional.get("/audit").status == .notFound)
        }
    }
}

@Suite("Forms left with an empty choice get a message, not an error page")
struct EmptyChoiceTests {
    @Test func submittingFormsWithNothingChosenExplainsWhatToChoose() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("admin")
            try await browser.get("/users/new")
            let user = try await browser.post("/users", ["login": "someone", "fullName": "Кто-то", "role": "curator",
                                                         "region": "", "municipality": "", "school": "", "schoolCode": ""])
            #expect(user.status == .unprocessableEntity)
            #expect(user.contains(Strings.Users.placeRequired))
            try await browser.get("/schools/new")
            let school = try await browser.post("/schools", ["municipality": "", "fullName": "Школа"])
            #expect(school.status == .unprocessableEntity)
            #expect(school.contains(Strings.Schools.municipalityRequired))
            try await browser.get("/territories")
            let municipality = try await browser.post("/territories/municipalities", ["region": "", "name": "Район"])
            #expect(municipality.status == .unprocessableEntity)
            #expect(municipality.contains(Strings.Territories.regionRequired))
            let gusino = try await Demo.school(Demo.gusino, app)
            try await browser.get("/schools/\(gusino.id!)")
            try await browser.post("/schools/\(gusino.id!)/curators", ["curator": "", "startsOn": ""])
            #expect(try await browser.get("/schools/\(gusino.id!)").contains(Strings.Schools.curatorRequired))
        }
    }
}

@Suite("The demo data")
struct DemoDataTests {
    @Test func runningTheDemoAgainDuplicatesNothing() async throws {
        try await withMEDK { app in
            func counts() async throws -> [Int] {
                [try await Region.query(on: app.db).count(), try await Municipality.query(on: app.db).count(),
                 try await School.query(on: app.db).count(), try await User.query(on: app.db).count(),
                 try await RoleGrant.query(on: app.db).count(), try await Participation.query(on: app.db).count(),
                 try await CuratorAssignment.query(on: app.db).count(), try await Cycle.query(on: app.db).count(),
                 try await CycleControlDate.query(on: app.db).count(),
                 try await TerritoryRoadmapRecord.query(on: app.db).count(), try await RoadmapItemRecord.query(on: app.db).count(),
                 try await InstrumentRecord.query(on: app.db).count()]
            }
            let first = try await counts()
            let seedItems = [TerritoryRoadmap.seed004Sretensk, .seed003Korenovsk, .seed002].map(\.items.count).reduce(0, +)
            #expect(first == [3, 7, 15, 27, 27, 15, 15, 1, 18, 3, seedItems, 5])
            try await DemoData.seed(on: app.db, hasher: app.password.async)
            #expect(try await counts() == first)
        }
    }
}
