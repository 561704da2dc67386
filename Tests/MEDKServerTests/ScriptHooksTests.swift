import Fluent
import Foundation
import MEDKCore
import Testing
import Vapor
@testable import MEDKServer

/// Plot drops an attribute whose value is empty, so a hook written `data-upload=""` never reached the page and the
/// upload progress never showed. The pages must carry every attribute medk.js looks for.
@Suite("The attributes the scripts rely on reach the page")
struct ScriptHooksTests {
    @Test func everyUploadFormCarriesItsHookItsHiddenProgressBarAndItsTokenFirst() async throws {
        try await withMEDK { app in
            let school = Browser(app)
            try await school.signIn("school")
            let gusino = try await Demo.school(Demo.gusino, app)
            let section = try await school.get("/schools/\(gusino.id!)/sections/conceptDocuments")

            let sretensk = try await Demo.municipality("Сретенский район", app)
            let roadmap = try #require(try await TerritoryRoadmapRecord.query(on: app.db).filter(\.$municipality.$id == sretensk.id!).first())
            let item = try #require(try await RoadmapItemRecord.query(on: app.db).filter(\.$roadmap.$id == roadmap.id!)
                .filter(\.$isHeading == false).first())
            let coordinator = Browser(app)
            try await coordinator.signIn("afanasyeva")
            let mark = try await coordinator.get("/territory-roadmap-items/\(item.id!)")

            let practice = try await school.get("/practices/new")

            for page in [section, mark, practice] {
                #expect(page.contains("data-upload=\"upload\""))
                #expect(page.body.range(of: #"<progress[^>]*hidden="hidden""#, options: .regularExpression) != nil)
                // The token is the upload form's first field, read before any file.
                let form = try #require(page.body.range(of: #"<form[^>]*data-upload="upload"[^>]*>\s*(<[^>]*>\s*)?<input[^>]*name="_csrf""#,
                                                       options: .regularExpression), "token first in \(page.body.prefix(200))")
                #expect(!form.isEmpty)
            }
        }
    }
}
