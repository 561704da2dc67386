import Fluent
import Foundation
import MEDKCore
import NIOPosix

/// One school's programme year up to today, written through the actions people use, at the moments they would
/// have acted: the questionnaire, the launch seminar, the curator's visits and protocol, directions, documents
/// uploaded, submitted, approved or returned and fixed, and the chat. How punctual a school is and how quick its
/// curator is come from its own seeded numbers, so some are ahead of every control date and some far behind;
/// nothing is written after `now`.
struct DemoActivity {
    struct Participant {
        let school: School
        let participation: Participation
        let account: UUID
        let curator: CuratorAssignment?
    }

    /// The documents of a year, by section: each is due some days after a control date.
    static let documents: [(section: DocumentSection, title: String, due: ControlDateKind, after: Int)] = [
        (.diagnostics, "Результаты диагностики школы", .profilesPlaced, 10),
        (.conceptDocuments, "Концепция развития школы", .conceptDocuments, 0),
        (.conceptDocuments, "Среднесрочная программа развития", .conceptDocuments, 0),
        (.program, "Программа антирисковых мер", .conceptDocuments, 14),
        (.monitoring1, "Отчёт о мониторинге, 1 этап", .monitoring1, 0),
        (.stage1, "Материалы этапа 1 реализации программы", .regionalMonitoring1, 7),
        (.monitoring2, "Отчёт о мониторинге, 2 этап", .monitoring2, 0),
        (.stage2, "Материалы этапа 2 реализации программы", .monitoring2, 20),
    ]

    let db: Database
    let cycle: Cycle
    let dates: [ControlDateKind: CalendarDate]
    let now: Date
    let samples: DemoSamples
    let store: any FileStore
    let threadPool: NIOThreadPool
    /// Who imports the risk profiles and marks the seminar.
    let coordinator: UUID

    func write(_ participant: Participant) async throws {
        var random = SeededRandom(named: participant.school.code ?? participant.school.fullName)
        // 0.15 … 1: how soon after (or before) each control date the school acts, and how much it does at all.
        let diligence = 0.15 + 0.85 * random.unit()
        var school = Story(participant: participant, diligence: diligence, random: random)
        let significance = try await questionnaire(&school)
        try await seminar(&school)
        let directions = try await visits(&school, significance: significance)
        try await documents(&school, directions: directions)
        try await chat(&school)
    }

    /// What one school's history is being written from.
    struct Story {
        let participant: Participant
        let diligence: Double
        var random: SeededRandom

        /// Days after a due date the school acts: diligent schools a little early, others up to `spread` days late.
        mutating func lateness(_ spread: Int) -> Int {
            Int(Double(random.int(0...spread)) * (1 - diligence)) - random.int(0...10)
        }

        var schoolActor: Actor { Actor(userID: participant.account, role: .school, scope: participant.school.place) }
        var curatorActor: Actor? {
            participant.curator.map {
                Actor(userID: $0.$curator.id, role: .curator, scope: Place(region: participant.school.$region.id),
                      assignedSchools: [participant.school.id!])
            }
        }
        var participationID: UUID { participant.participation.id! }
    }

    /// The moment `day` at `hour` (Moscow), or nil if it is still to come.
    private func past(_ day: CalendarDate, hour: Int) -> Date? {
        let moment = LivingYearDemo.moment(day, hour: hour)
        return moment <= now ? moment : nil
    }

    private func due(_ kind: ControlDateKind) -> CalendarDate { dates[kind] ?? cycle.starts }

    /// The risk profile, imported by the coordinator once the school's questionnaire is done; its significance.
    private func questionnaire(_ story: inout Story) async throws -> [Int: Significance] {
        let day = due(.questionnairesCompleted).adding(days: story.lateness(40))
        guard story.random.chance(0.94), let at = past(day, hour: 11) else { return [:] }
        var significance: [Int: Significance] = [:]
        for factor in 1...10 { significance[factor] = story.random.pick([Significance.high, .medium, .medium, .low, .low, .none]) }
        let profile = RiskProfileRecord()
        profile.$participation.id = story.participationID
        profile.set(significance: significance, completed: story.random.chance(0.85) ? Set(RespondentGroup.allCases) : [.leader],
                    factorCount: 10)
        profile.importedAt = at
        profile.importedBy = coordinator
        try await profile.create(on: db)
        return significance
    }

    private func seminar(_ story: inout Story) async throws {
        guard story.random.chance(0.78), let at = past(due(.launchSeminar), hour: 17) else { return }
        try await SeminarMark(participationID: story.participationID, attended: true, by: coordinator, at: at).create(on: db)
    }

    /// The first visit with the curator's protocol, the directions chosen after it, and the visits that followed,
    /// as often as the school's pace allows. Returns the directions.
    private func visits(_ story: inout Story, significance: [Int: Significance]) async throws -> [UUID] {
        guard let assignment = story.participant.curator, let assigned = CalendarDate(assignment.startsOn) else { return [] }
        var day = max(assigned, due(.firstVisit).adding(days: story.lateness(45)))
        guard story.random.chance(0.96), past(day, hour: 18) != nil else { return [] }
        try await visit(story, on: day, purpose: "Первичное посещение", outcome: "Обсуждён рисковый профиль школы", remote: false)
        let verified = day.adding(days: story.random.int(0...3))
        if story.random.chance(0.9), let at = past(verified, hour: 19) {
            let protocolRecord = VerificationRecord()
            protocolRecord.$participation.id = story.participationID
            protocolRecord.answers = (1...3).map { .init(group: $0, confirmed: true, note: "") }
            protocolRecord.addedRisks = ""
            protocolRecord.verifiedOn = verified.iso
            protocolRecord.verifiedBy = assignment.$curator.id
            protocolRecord.updatedAt = at
            try await protocolRecord.create(on: db)
        }
        var directions: [UUID] = []
        if let at = past(verified.adding(days: story.random.int(2...12)), hour: 12) {
            let ranked = significance.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.map(\.key)
            for factor in ranked.prefix(story.random.int(1...3)) {
                let direction = DirectionRecord(participationID: story.participationID, factor: factor, at: at, by: story.participant.account)
                try await direction.create(on: db)
                directions.append(try direction.requireID())
            }
        }
        while true {
            day = day.adding(days: 20 + Int((1 - story.diligence) * 50) + story.random.int(0...14))
            guard past(day, hour: 18) != nil else { break }
            try await visit(story, on: day, purpose: story.random.pick(DemoNames.visitPurposes),
                            outcome: story.random.pick(DemoNames.visitOutcomes), remote: story.random.chance(0.4))
        }
        return directions
    }

    private func visit(_ story: Story, on day: CalendarDate, purpose: String, outcome: String, remote: Bool) async throws {
        guard let curator = story.participant.curator, let at = past(day, hour: 18) else { return }
        let visit = VisitRecord()
        visit.$participation.id = story.participationID
        visit.schoolID = story.participant.school.id!
        visit.regionID = story.participant.school.$region.id
        visit.municipalityID = story.participant.school.$municipality.id
        visit.$curator.id = curator.$curator.id
        visit.visitedOn = day.iso
        visit.formatCode = (remote ? VisitFormat.remote : .inPerson).rawValue
        visit.participants = "директор, заместитель директора по УВР"
        visit.purpose = purpose
        visit.outcome = outcome
        visit.recordedAt = at
        visit.countsFrom = day.iso
        try await visit.create(on: db)
    }

    /// Each document: uploaded around its due date, submitted, and (once the curator got to it) approved or
    /// returned with a comment, fixed and approved. What has not happened by now stays a draft or waits.
    private func documents(_ story: inout Story, directions: [UUID]) async throws {
        let roadmap = RoadmapContext(participation: story.participant.participation, school: story.participant.school, cycle: cycle)
        // Most curators answer within a week; one in four lets items wait for weeks.
        let speed = story.random.chance(0.75) ? story.random.int(1...6) : story.random.int(8...25)
        for spec in Self.documents {
            let direction = spec.section.needsDirection ? directions.first : nil
            if spec.section.needsDirection && direction == nil { continue }
            let uploadedOn = due(spec.due).adding(days: spec.after - story.random.int(3...25) + story.lateness(60))
            guard story.random.chance(0.6 + 0.38 * story.diligence), let uploaded = past(uploadedOn, hour: 10 + story.random.int(0...6)) else { continue }
            let file = samples.file(spec.title)
            guard let id = try await DocumentActions.create([file], titles: [spec.title], section: spec.section, in: roadmap,
                                                            direction: direction, by: story.schoolActor, at: uploaded, store: store,
                                                            threadPool: threadPool, on: db).first?.id else { continue }
            let submittedOn = uploadedOn.adding(days: story.random.int(0...3))
            guard let submitted = past(submittedOn, hour: 17) else { continue }
            try await move(id, .submit, by: story.schoolActor, at: submitted)
            let reviewedOn = submittedOn.adding(days: speed + story.random.int(0...4))
            guard let curator = story.curatorActor, let reviewed = past(reviewedOn, hour: 12) else { continue }
            if story.random.chance(0.72) {
                try await move(id, .approve, by: curator, at: reviewed)
                continue
            }
            try await move(id, .return, comment: story.random.pick(DemoNames.returnComments), by: curator, at: reviewed)
            let fixedOn = reviewedOn.adding(days: story.random.int(2...12) + Int((1 - story.diligence) * 25))
            guard let fixed = past(fixedOn, hour: 15), let document = try await Document.find(id, on: db) else { continue }
            try await DocumentActions.addVersion(file, to: document, by: story.schoolActor, at: fixed, store: store,
                                                 threadPool: threadPool, on: db)
            try await move(id, .submit, by: story.schoolActor, at: fixed.addingTimeInterval(600))
            guard let approved = past(fixedOn.adding(days: speed), hour: 13) else { continue }
            try await move(id, .approve, by: curator, at: approved)
        }
    }

    private func move(_ id: UUID, _ move: ReviewMove, comment: String = "", by actor: Actor, at: Date) async throws {
        guard let document = try await Document.find(id, on: db) else { return }
        try await DocumentActions.move(document, move, comment: comment, by: actor, at: at, on: db)
    }

    /// A few questions and the curator's answers the next day, spread over the year so far.
    private func chat(_ story: inout Story) async throws {
        guard let curator = story.curatorActor, story.random.chance(0.7) else { return }
        let first = due(.firstVisit).adding(days: -10)
        let span = max(1, CalendarDate(now, in: InclusionFacts.defaultZone).days(since: first))
        let days = (0..<story.random.int(1...3)).map { _ in first.adding(days: story.random.int(0...span)) }.sorted()
        for day in days {
            let conversation = story.random.pick(DemoNames.conversations)
            guard let asked = past(day, hour: 9) else { continue }
            _ = try await ChatQueries.post(conversation.question, documentID: nil, in: story.participationID, by: story.schoolActor,
                                           at: asked, on: db)
            guard let answered = past(day.adding(days: 1), hour: 11) else { continue }
            _ = try await ChatQueries.post(conversation.answer, documentID: nil, in: story.participationID, by: curator,
                                           at: answered, on: db)
        }
    }
}
