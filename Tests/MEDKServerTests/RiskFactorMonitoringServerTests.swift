import Fluent
import Foundation
import MEDKCore
import MEDKSheets
import Testing
import Vapor
@testable import MEDKServer

/// Seed 003's fourth monitoring (issue 16) as the Korenovsk coordinator reads it: built from the profiles, the
/// curators' protocols, the approved self-analysis cards and the directions of the district's schools.
@Suite("Risk-factor monitoring")
struct RiskFactorMonitoringServerTests {
    typealias R = Strings.RiskFactors

    static let zhuravskaya = "МОБУ СОШ № 9 ст. Журавской"
    static let dyadkovskaya = "МОБУ СОШ № 5 ст. Дядьковской"
    static let babiche = "МОБУ ООШ № 22 х. Бабиче-Кореновского"

    /// Three schools, three stories of factor 1 (competence, protocol group 3): diagnosed high and confirmed, with an
    /// approved card that finds it actual; diagnosed medium and not yet verified, chosen as a direction; no profile,
    /// yet the curator confirmed the group — added. Factor 10 (equipment, group 1) is diagnosed and not confirmed.
    static func threeSchools(_ app: Application) async throws {
        let coordinator = try await Demo.user("korenovsk", app)
        func participation(_ name: String) async throws -> UUID {
            try await DashboardTests.participation(try await Demo.school(name, app), app).id!
        }
        func profile(_ name: String, _ significance: [Int: Significance]) async throws {
            let record = RiskProfileRecord()
            record.$participation.id = try await participation(name)
            record.set(significance: significance, completed: Set(RespondentGroup.allCases), factorCount: 10)
            record.importedAt = testNow
            record.importedBy = coordinator.id!
            try await record.create(on: app.db)
        }
        func protocolOf(_ name: String, _ answers: [VerificationRecord.Answer]) async throws {
            let record = VerificationRecord()
            record.$participation.id = try await participation(name)
            record.answers = answers
            record.addedRisks = ""
            record.verifiedOn = "2021-03-05"
            record.verifiedBy = coordinator.id!
            record.updatedAt = testNow
            try await record.create(on: app.db)
        }
        try await profile(zhuravskaya, [1: .high, 10: .medium])
        try await protocolOf(zhuravskaya, [.init(group: 3, confirmed: true, note: ""),
                                           .init(group: 1, confirmed: false, note: "Кабинеты оснащены в 2020 году")])
        let card = SelfAssessmentRecord()
        card.$participation.id = try await participation(zhuravskaya)
        card.entriesJSON = SelfAssessmentRecord.encode([.init(factor: 1, measures: "Курсы для учителей математики", period: "2021")])
        card.stateCode = ReviewState.approved.rawValue
        (card.revision, card.currentVersion, card.returnedAtVersion) = (1, 1, 0)
        card.updatedAt = testNow
        try await card.create(on: app.db)
        try await profile(dyadkovskaya, [1: .medium])
        try await DirectionRecord(participationID: try await participation(dyadkovskaya), factor: 1, at: testNow,
                                  by: coordinator.id!).create(on: app.db)
        try await protocolOf(babiche, [.init(group: 3, confirmed: true, note: "")])
    }

    @Test func theDistrictCoordinatorSeesEachFactorAcrossItsSchoolsAndTheSchoolsBehindEveryFigure() async throws {
        try await withMEDK { app in
            try await Self.threeSchools(app)
            let coordinator = Browser(app)
            try await coordinator.signIn("korenovsk")
            let monitoring = try await coordinator.get("/monitoring")
            #expect(monitoring.contains(R.title) && monitoring.contains("href=\"/monitoring/risk-factors\""))

            let page = try await coordinator.get("/monitoring/risk-factors")
            #expect(page.status == .ok)
            #expect(page.contains(R.title("Кореновский район")) && page.contains(R.lead(year: 2021, schools: 3)))
            #expect(page.contains(R.sources) && page.contains(R.noPrevious))
            let korenovsk = try await Demo.municipality("Кореновский район", app)
            let factor1 = "/monitoring/risk-factors/1?territory=\(korenovsk.id!.uuidString)&amp;cycle=2021"
            for (column, count) in [("high", 1), ("medium", 1), ("confirmed", 1), ("notVerified", 1), ("added", 1),
                                    ("selfAnalysis", 1), ("direction", 1)] {
                #expect(page.contains("href=\"\(factor1)&amp;column=\(column)\">\(count)</a>"), "\(column)")
            }
            #expect(page.contains("href=\"/monitoring/risk-factors/10?territory=\(korenovsk.id!.uuidString)&amp;cycle=2021&amp;column=notConfirmed\">1</a>"))

            // The figure «добавлен куратором» opens on the school without a profile whose curator confirmed the group.
            let added = try await coordinator.get("/monitoring/risk-factors/1?cycle=2021&column=added")
            #expect(added.status == .ok && added.contains(R.onlyColumn(.added)))
            // (Table cells mark abbreviations such as «ООШ», so the names are looked for by their unabbreviated part.)
            #expect(added.contains("№ 22 х. Бабиче-Кореновского") && added.contains(R.noProfile) && !added.contains("№ 9 ст. Журавской"))
            // The whole factor, with the curator's note where the group was not confirmed.
            let equipment = try await coordinator.get("/monitoring/risk-factors/10")
            #expect(equipment.contains("Фактор 10. Низкий уровень оснащения школы") && equipment.contains("Кабинеты оснащены в 2020 году"))
            #expect(try await coordinator.get("/monitoring/risk-factors/11").status == .notFound)
            #expect(try await coordinator.get("/monitoring/risk-factors/99999999999999999999").status == .notFound)

            // The XLSX has the table and every school's line.
            let file = try await coordinator.get("/monitoring/risk-factors.xlsx")
            #expect(file.status == .ok)
            let rows = try SheetReader.read(file.data)
            let competence = try #require(rows.first { $0.first?.hasPrefix("Фактор 1.") == true })
            #expect(Array(competence.dropFirst().prefix(9)) == ["1", "1", "0", "1", "0", "1", "1", "1", "1"])

            // Another territory is not the district's to read.
            let smolensk = try await Demo.region("Смоленская область", app)
            #expect(try await coordinator.get("/monitoring/risk-factors?territory=\(smolensk.id!.uuidString)").status == .notFound)
        }
    }

    @Test func theRegionPicksAMunicipalityTheCountryPicksARegionAndSchoolsDoNotSeeIt() async throws {
        try await withMEDK { app in
            let regional = Browser(app)
            try await regional.signIn("regional")
            let region = try await regional.get("/monitoring/risk-factors")
            let krasninsky = try await Demo.municipality("Краснинский район", app)
            #expect(region.contains(R.title("Смоленская область")) && region.contains(R.municipalities))
            #expect(region.contains("/monitoring/risk-factors?territory=\(krasninsky.id!.uuidString)&amp;cycle=2021"))
            #expect(try await regional.get("/monitoring/risk-factors?territory=\(krasninsky.id!.uuidString)").contains(R.title("Краснинский район")))

            let federal = Browser(app)
            try await federal.signIn("federal")
            let country = try await federal.get("/monitoring/risk-factors")
            #expect(country.contains(R.chooseRegion) && country.contains("Краснодарский край"))
            #expect(try await federal.get("/monitoring/risk-factors.xlsx").status == .notFound)

            let school = Browser(app)
            try await school.signIn("school")
            #expect(try await school.get("/monitoring/risk-factors").status == .forbidden)
        }
    }
}
