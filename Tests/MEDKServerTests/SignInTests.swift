import Fluent
import Foundation
import MEDKCore
import Testing
import Vapor
@testable import MEDKServer

@Suite("Signing in, out and changing one's password")
struct SignInTests {
    @Test(arguments: [
        ("school", "Стартовая диагностика"),
        ("curator", "Мои школы"),
        ("municipal", "Мерлинская школа"),
        ("regional", "Сафоновский район"),
        ("federal", "Забайкальский край"),
        ("admin", "Администрирование"),
    ])
    func eachDemoAccountLandsOnItsRolesHomePage(login: String, marker: String) async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            let home = try await browser.signIn(login)
            #expect(home.status == .ok)
            #expect(home.contains(marker))
            #expect(home.contains("Выйти"))
        }
    }

    @Test func aWrongPasswordIsRefusedWithAClearMessageAndNoSession() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            let page = try await browser.signIn("curator", password: "not-the-password")
            #expect(page.status == .unauthorized)
            #expect(page.contains("Неверный логин или пароль"))
            #expect(browser.cookies[Cookies.session] == nil)
            #expect(try await UserSession.query(on: app.db).count() == 0)
        }
    }

    @Test func afterFiveWrongPasswordsTheLoginIsClosedForFifteenMinutesEvenForTheRightOne() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            for _ in 1...5 {
                #expect(try await browser.signIn("curator", password: "wrong").status == .unauthorized)
            }
            let locked = try await browser.signIn("curator")
            #expect(locked.status == .tooManyRequests)
            #expect(locked.contains("закрыт на 15 минут"))
            app.settings.clock.advance(by: 14 * 60)
            #expect(try await browser.signIn("curator").status == .tooManyRequests)
            app.settings.clock.advance(by: 61)
            #expect(try await browser.signIn("curator").contains("Мои школы"))
        }
    }

    @Test func anUnknownLoginIsThrottledTheSameWaySoTheMessageRevealsNothing() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            var messages: Set<String> = []
            for _ in 1...5 {
                let page = try await browser.signIn("nobody-here", password: "wrong")
                if page.contains(Strings.Login.wrong) { messages.insert("wrong") }
            }
            #expect(messages == ["wrong"])
            #expect(try await browser.signIn("nobody-here", password: "wrong").contains("закрыт на 15 минут"))
        }
    }

    @Test func theSessionCookieIsHttpOnlyLaxAndRotatesAtEverySignIn() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.get("/login")
            let response = try await browser.post("/login", ["login": "regional", "password": DemoData.password])
            let header = try #require(response.headers[.setCookie].first { $0.hasPrefix(Cookies.session) })
            #expect(header.contains("HttpOnly"))
            #expect(header.contains("SameSite=Lax"))
            #expect(!header.contains("Secure"))
            let first = try #require(browser.cookies[Cookies.session])
            try await browser.post("/logout")
            try await browser.signIn("regional")
            let second = try #require(browser.cookies[Cookies.session])
            #expect(first != second)
            // The ended session is gone: its cookie opens nothing.
            let stale = Browser(app)
            stale.setCookie(Cookies.session, first)
            #expect(try await stale.get("/home").location?.hasPrefix("/login") == true)
            // A cookie planted before sign-in is never adopted as the session.
            let victim = Browser(app)
            victim.setCookie(Cookies.session, "planted-by-someone-else")
            try await victim.signIn("regional")
            #expect(victim.cookies[Cookies.session] != "planted-by-someone-else")
        }
    }

    @Test func overHTTPSTheSessionCookieIsSecure() async throws {
        try await withMEDK { app in
            app.settings.secureCookies = true
            let browser = Browser(app)
            try await browser.get("/login")
            let response = try await browser.post("/login", ["login": "regional", "password": DemoData.password])
            #expect(response.headers[.setCookie].contains { $0.hasPrefix(Cookies.session) && $0.contains("Secure") })
        }
    }

    @Test func signingOutEndsTheSession() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("municipal")
            let token = try #require(browser.cookies[Cookies.session])
            let out = try await browser.post("/logout")
            #expect(out.location == "/login")
            let stale = Browser(app)
            stale.setCookie(Cookies.session, token)
            #expect(try await stale.get("/home").status == .seeOther)
        }
    }

    @Test func aPageBehindSignInSendsAStrangerToTheSignInPageAndBackAfterwards() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            let page = try await browser.get("/users")
            #expect(page.status == .seeOther)
            #expect(page.location == "/login?next=/users")
            try await browser.get("/login?next=/users")
            let back = try await browser.post("/login", ["login": "admin", "password": DemoData.password, "next": "/users"])
            #expect(back.location == "/users")
            let other = Browser(app)
            try await other.get("/login")
            let offsite = try await other.post("/login", ["login": "admin", "password": DemoData.password,
                                                          "next": "//evil.example/"])
            #expect(offsite.location == "/home")
        }
    }

    @Test func changingThePasswordChecksTheOldOneAndClosesOtherSessions() async throws {
        try await withMEDK { app in
            let phone = Browser(app)
            try await phone.signIn("school")
            let laptop = Browser(app)
            try await laptop.signIn("school")
            try await laptop.get("/account/password")
            let wrong = try await laptop.post("/account/password", ["current": "nope", "new": "new-password-1", "repeated": "new-password-1"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.contains(Strings.Password.wrongCurrent))
            let short = try await laptop.post("/account/password", ["current": DemoData.password, "new": "short", "repeated": "short"])
            #expect(short.contains(Strings.Password.tooShort))
            let mismatch = try await laptop.post("/account/password", ["current": DemoData.password, "new": "new-password-1", "repeated": "new-password-2"])
            #expect(mismatch.contains(Strings.Password.mismatch))
            let done = try await laptop.post("/account/password", ["current": DemoData.password, "new": "new-password-1", "repeated": "new-password-1"])
            #expect(done.status == .seeOther)
            #expect(try await laptop.get("/home").status == .ok)
            #expect(try await phone.get("/home").status == .seeOther)
            #expect(try await Browser(app).signIn("school", password: "new-password-1").status == .ok)
            #expect(try await Browser(app).signIn("school").status == .unauthorized)
        }
    }

    @Test func aUserWithTwoRolesSwitchesBetweenThem() async throws {
        try await withMEDK { app in
            let regional = try await Demo.user("regional", app)
            let region = try await Demo.region("Смоленская область", app)
            try await RoleGrant(userID: regional.id!, role: .curator, place: Place(region: region.id!)).create(on: app.db)
            let browser = Browser(app)
            let home = try await browser.signIn("regional")
            #expect(home.contains("Куратор — Смоленская область"))
            let grant = try #require(try await RoleGrant.query(on: app.db).filter(\.$user.$id == regional.id!)
                .filter(\.$roleCode == "curator").first())
            let switched = try await browser.post("/account/role", ["grant": grant.id!.uuidString])
            #expect(switched.status == .seeOther)
            #expect(try await browser.get("/home").contains(Strings.Home.noAssignedSchools))
            // Another user's grant cannot be borrowed.
            let other = try #require(try await RoleGrant.query(on: app.db).filter(\.$roleCode == "admin").first())
            #expect(try await browser.post("/account/role", ["grant": other.id!.uuidString]).status == .badRequest)
        }
    }

    @Test func productionRefusesToStartWithoutASessionSecretAndSaysWhichVariable() throws {
        #expect(throws: Settings.MissingSetting.self) { try Settings.load(for: .production, variables: [:]) }
        do {
            _ = try Settings.load(for: .production, variables: ["MEDK_SESSION_SECRET": "short"])
        } catch let missing as Settings.MissingSetting {
            #expect(missing.variable == "MEDK_SESSION_SECRET")
            #expect(missing.description.contains("MEDK_SESSION_SECRET"))
        } catch {
            Issue.record("unexpected \(error)")
        }
        let ok = try Settings.load(for: .production, variables: ["MEDK_SESSION_SECRET": String(repeating: "x", count: 32),
                                                                "MEDK_PUBLIC_URL": "https://medk.example"])
        #expect(ok.secureCookies)
    }
}
