import Foundation
import Fluent
import Testing
import Vapor
@testable import MEDKServer

/// Russian everywhere a user looks: no raw codes of the journal, time zones or instruments reach a page.
@Suite("Russian everywhere a user looks")
struct RussianTextTests {
    @Test func theJournalNamesEachActionInRussian() async throws {
        for action in AuditLog.Action.allCases {
            let title = Strings.Audit.action(action)
            #expect(title.contains { ("а"..."я").contains($0.lowercased()) }, "\(action)")
        }
        try await withMEDK { app in
            let admin = Browser(app)
            try await admin.signIn("admin")
            let journal = try await admin.get("/audit")
            #expect(journal.contains(Strings.Audit.signIn))
            for raw in AuditLog.Action.allCases.map(\.rawValue) { #expect(!journal.contains(">\(raw)<"), "\(raw)") }
        }
    }

    @Test func territoriesShowTheirZoneByCityAndOffset() async throws {
        #expect(Strings.Territories.zoneName("Europe/Moscow") == "Москва (UTC+3)")
        #expect(Strings.Territories.zoneName("Asia/Chita") == "Чита (UTC+9)")
        #expect(Strings.Territories.zoneName("Europe/Kaliningrad") == "Калининград (UTC+2)")
        try await withMEDK { app in
            let admin = Browser(app)
            try await admin.signIn("admin")
            let page = try await admin.get("/territories")
            #expect(page.contains(">Москва (UTC+3)<") && page.contains(">Чита (UTC+9)<"))
            #expect(!page.contains(">Europe/Moscow<") && !page.contains(">Asia/Chita<"))
            // The zone is chosen from the list; anything else is refused and nothing is created.
            let refused = try await admin.post("/territories/regions", ["name": "Новая область", "timeZone": "Mars/Olympus"])
            #expect(refused.status == .unprocessableEntity && refused.contains(Strings.Territories.badTimeZone))
            #expect(try await Region.query(on: app.db).filter(\.$name == "Новая область").count() == 0)
        }
    }

    @Test func anInstrumentPageShowsNoInternalCode() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("regional")
            let record = try #require(try await InstrumentRecord.query(on: app.db).filter(\.$code == "student-results").first())
            let page = try await browser.get("/monitoring/instruments/\(record.id!)")
            #expect(page.status == .ok && !page.contains("student-results"))
        }
    }
}
