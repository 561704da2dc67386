import Fluent
import Foundation
import MEDKCore

/// The practices a person works with.
struct PracticeListPage: Sendable {
    struct Line: Sendable {
        let id: UUID
        let title: String
        let school: String
        let state: ReviewState
        let updatedAt: Date

        init(_ practice: Practice, school: String?) {
            (id, title, self.school, state, updatedAt) = (practice.id!, practice.title, school ?? "", practice.state, practice.updatedAt)
        }
    }

    let canWrite: Bool
    let waiting: [Line]
    let all: [Line]
}

/// The form a practice is written and corrected in.
struct PracticeFormPage: Sendable {
    struct SchoolChoice: Sendable {
        let id: UUID
        let name: String
    }

    struct File: Sendable {
        let id: UUID
        let name: String
        let size: Int64

        init(_ file: PracticeFile) { (id, name, size) = (file.id!, file.name, file.size) }
    }

    /// The practice's id: a new one's is chosen when the form is shown, so sending it twice creates one practice.
    let id: UUID
    /// nil: not created yet.
    let version: Int?
    let schools: [SchoolChoice]
    let factors: PracticeFactors
    let input: PracticeInput
    let chosenSchool: UUID?
    let files: [File]
    let state: ReviewState
    let returnComment: String?
    let problems: [String: String]
    var history: [PracticeHistoryLine] = []
}

struct PracticeHistoryLine: Sendable {
    let at: Date
    let move: ReviewMove
    let comment: String
    let who: String
}

/// A practice as it is read: in the catalogue (published) or by those who work with it.
struct PracticeDetails: Sendable {
    let id: UUID
    let title: String
    let summary: String
    let details: String
    let actions: String
    let results: String
    let authors: String
    let state: ReviewState
    let returnComment: String
    let school: String
    let municipality: String
    let region: String
    let cycleYear: Int?
    let factors: [String]
    let files: [PracticeFormPage.File]
    let publishedAt: Date?

    static func load(_ practice: Practice, on db: Database) async throws -> PracticeDetails {
        let id = practice.id!
        let school = try await School.find(practice.schoolID, on: db)
        let municipality = try await Municipality.find(practice.municipalityID, on: db)
        let region = try await Region.find(practice.regionID, on: db)
        let cycle = try await Cycle.find(practice.cycleID, on: db)
        let titles = PracticeFactors(cycleID: practice.cycleID, titles: try await CycleQueries.factors(of: practice.cycleID, on: db))
        let numbers = try await PracticeQueries.factors(of: [id], on: db)[id] ?? []
        return PracticeDetails(
            id: id, title: practice.title, summary: practice.summary, details: practice.details, actions: practice.actions,
            results: practice.results, authors: practice.authors, state: practice.state, returnComment: practice.returnComment,
            school: school?.fullName ?? "", municipality: municipality?.name ?? "", region: region?.name ?? "",
            cycleYear: cycle?.year, factors: numbers.map(titles.title),
            files: try await PracticeQueries.files(of: id, on: db).map(PracticeFormPage.File.init), publishedAt: practice.publishedAt)
    }
}

/// The public catalogue's page: the filter, the counts per factor, one page of practices.
struct CataloguePage: Sendable {
    let filter: CatalogueFilter
    let factors: PracticeFactors?
    let regions: [(id: UUID, name: String)]
    let years: [Int]
    let chosenYear: Int?
    let counts: [Int: Int]
    let lines: [CatalogueLine]
    let total: Int
    let problem: String?

    var pages: Int { max(1, (total + CatalogueFilter.pageSize - 1) / CatalogueFilter.pageSize) }
}
