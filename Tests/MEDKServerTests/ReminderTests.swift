import Fluent
import Foundation
import MEDKCore
import SQLKit
import Testing
import Vapor
@testable import MEDKServer

/// Issue 14, reminders: a control date coming and missed is announced to the schools that have not done the step,
/// once per notice, however many times (or on however many instances) the daily job runs.
@Suite("Reminders")
struct ReminderTests {
    /// 07:00 in Moscow on a day of 2021.
    static func morning(_ month: Int, _ day: Int) -> Date { CalendarDate(year: 2021, month: month, day: day)!.at(hour: 7, in: InclusionFacts.defaultZone) }

    static func conceptNotices(of login: String, _ app: Application) async throws -> [NotificationRecord] {
        let user = try await Demo.user(login, app)
        return try await NotificationRecord.query(on: app.db).filter(\.$userID == user.id!).sort(\.$createdAt).all()
            .filter { $0.dedupeKey?.contains(ControlDateKind.conceptDocuments.rawValue) == true }
    }

    @discardableResult
    static func runReminders(_ app: Application, at moment: Date) async throws -> Int {
        try await Reminders.run(on: CalendarDate(moment, in: InclusionFacts.defaultZone), at: moment, db: app.db, mail: app.mailComposer)
    }

    @Test func aSchoolThatDidTheStepHearsNothingOneThatDidNotHearsAWeekADayAndTheDayAfterOnceEach() async throws {
        try await withMEDK { app in
            // Гусинская СШ has its concept document approved in March; Мерлинская школа has nothing by 30.04.
            try await RoadmapTests.curatorDecides(app, "approve")

            for (month, day) in [(4, 23), (4, 23), (4, 25), (4, 29), (4, 29), (5, 1), (5, 2), (5, 3)] {
                try await Self.runReminders(app, at: Self.morning(month, day))
            }
            for login in ["school", "curator"] {
                #expect(try await Self.conceptNotices(of: login, app).isEmpty, "\(login) did the step")
            }
            for login in ["merlino", "novikova"] {
                let notices = try await Self.conceptNotices(of: login, app)
                #expect(notices.map(\.kind) == [.controlDateSoon, .controlDateSoon, .controlDateOverdue], "\(login)")
                #expect(notices.first?.summary.contains("7 дней") == true && notices.first?.summary.contains("30.04.2021") == true)
                #expect(notices.dropFirst().first?.summary.contains("1 день") == true)
            }
            // The municipal coordinator hears of the miss only, and of Мерлинская школа only.
            let municipal = try await Self.conceptNotices(of: "municipal", app)
            #expect(municipal.map(\.kind) == [.controlDateOverdue] && municipal[0].summary.contains("Мерлинская школа"))
            // The school wants these at once by default: a letter each, in the outbox, worded from its notice.
            let notices = Set(try await Self.conceptNotices(of: "merlino", app).compactMap(\.id))
            let letters = try await OutgoingMail.query(on: app.db).all().filter { $0.notificationID.map(notices.contains) == true }
            #expect(letters.count == 3 && letters.allSatisfy { $0.to == "merlino@demo.medk.local" && $0.status == .pending })
        }
    }

    /// A submission waiting: after 5 working days its curator hears of it, after 10 the municipal coordinator too;
    /// a decision before then stops it. A curator late with a visit under the rule hears of it once.
    @Test func aReviewWaitingTooLongAndALateVisitReachTheirPeopleOnce() async throws {
        try await withMEDK { app in
            let (school, documents) = try await RoadmapTests.schoolUploads(app, [("Концепция развития.pdf", Sample.pdf)])
            let page = "/documents/\(documents[0].id!)"
            try await school.get(page)
            #expect(try await school.post(page + "/submit").status == .seeOther)  // Wednesday 10.03.2021
            func waiting(_ login: String) async throws -> [NotificationRecord] {
                let user = try await Demo.user(login, app)
                return try await NotificationRecord.query(on: app.db).filter(\.$userID == user.id!)
                    .filter(\.$kindCode == NotificationKind.reviewWaiting.rawValue).sort(\.$createdAt).all()
            }
            try await Self.runReminders(app, at: Self.morning(3, 16))  // 4 working days: nothing yet
            #expect(try await waiting("curator").isEmpty)
            for day in [18, 19, 22] { try await Self.runReminders(app, at: Self.morning(3, day)) }
            let first = try await waiting("curator")
            #expect(first.count == 1 && first.first?.link == page)
            #expect(try await waiting("municipal").isEmpty)
            for day in [25, 26, 29] { try await Self.runReminders(app, at: Self.morning(3, day)) }
            #expect(try await waiting("curator").count == 2)
            let municipal = try await waiting("municipal")
            #expect(municipal.count == 1 && municipal[0].summary.contains("Концепция развития"))
            #expect(try await waiting("novikova").isEmpty, "another school's curator")

            let late = try await NotificationRecord.query(on: app.db).filter(\.$kindCode == NotificationKind.visitOverdue.rawValue).all()
            let keys = late.compactMap(\.dedupeKey)
            #expect(Set(keys).count == keys.count, "each late visit once")
        }
    }

    /// The days are the cycle's: with «3» a school hears three days before, not a week.
    @Test func theCycleSaysHowManyDaysBeforeTheRemindersGoOut() async throws {
        #expect(CycleLifecycle.reminderDays("7, 1") == [7, 1] && CycleLifecycle.reminderDays("1,14,1") == [14, 1])
        for wrong in ["", "0", "61", "7,,1", "семь", "1,2,3,4,5,6", "-1"] { #expect(CycleLifecycle.reminderDays(wrong) == nil, "\(wrong)") }
        try await withMEDK { app in
            let cycle = try #require(try await Cycle.query(on: app.db).first())
            cycle.reminderDaysText = "3"
            try await cycle.save(on: app.db)
            try await Self.runReminders(app, at: Self.morning(4, 23))
            #expect(try await Self.conceptNotices(of: "merlino", app).isEmpty, "a week before: not with «3»")
            try await Self.runReminders(app, at: Self.morning(4, 27))
            let notices = try await Self.conceptNotices(of: "merlino", app)
            #expect(notices.count == 1 && notices[0].summary.contains("3 дня"))
        }
    }

    /// The daily job on two instances at once (two apps on one PostgreSQL; two tasks on SQLite): the slot is taken
    /// once, and even two runs side by side write each reminder once.
    @Test func twoInstancesRunningTheJobAtOnceRemindOnce() async throws {
        try await withMEDK { app in
            let moment = Self.morning(4, 23)
            var second: Application?
            if app.settings.database.isPostgres {
                let other = try await Application.make(.testing)
                other.logger.logLevel = .warning
                try await configure(other, settings: app.settings)
                second = other
            }
            let apps = [app, second ?? app]
            let runs = await withTaskGroup(of: Jobs.Run.self) { group in
                for one in apps { group.addTask { await Jobs.run(Reminders.job, at: moment, on: one) } }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(runs.filter { if case .ran = $0 { true } else { false } }.count == 1, "\(runs)")
            #expect(runs.contains(.skipped))
            // Both write side by side anyway (as if the lease had run out): the keys keep each notice once.
            let written = try await withThrowingTaskGroup(of: Int.self) { group in
                for one in apps { group.addTask { try await Self.runReminders(one, at: moment) } }
                return try await group.reduce(0, +)
            }
            #expect(written == 0, "everything was written by the first run")
            #expect(try await Self.conceptNotices(of: "merlino", app).count == 1)
            try await second?.asyncShutdown()
        }
    }

    /// Leases: a slot done is not run again, a failed one is, a holder whose lease ran out is replaced.
    @Test func aJobsLeaseRunsEachSlotOnceAndOutlivesACrashedHolder() async throws {
        try await withMEDK(demo: false) { app in
            let job = Jobs.Job(name: "probe", slot: { _ in "2021-03-10" }, lease: 60) { _, _ in "ok" }
            func claim(_ slot: String, after seconds: TimeInterval) async throws -> Bool {
                try await Jobs.claim(job, slot: slot, at: testNow.addingTimeInterval(seconds), on: app.db)
            }
            let first = try await claim("2021-03-10", after: 0)
            let again = try await claim("2021-03-10", after: 0)
            let leased = try await claim("2021-03-10", after: 30)
            let crashed = try await claim("2021-03-10", after: 61)
            let nextDay = try await claim("2021-03-11", after: 62)
            #expect(first && !again && !leased, "held while the lease is on")
            #expect(crashed, "the holder crashed: its lease ran out")
            #expect(nextDay)

            let failing = Jobs.Job(name: "failing", slot: { _ in "2021-03-10" }, lease: 60) { _, _ -> String in throw Abort(.internalServerError) }
            #expect(await Jobs.run(failing, at: testNow, on: app) != .skipped)
            #expect(try await JobRun.find("failing", on: app.db)?.outcome == "failed")
            let retried = try await Jobs.claim(failing, slot: "2021-03-10", at: testNow, on: app.db)
            #expect(retried, "a failed slot runs again")
            let fine = Jobs.Job(name: "fine", slot: { _ in "2021-03-10" }, lease: 60) { _, _ in "сделано" }
            #expect(await Jobs.run(fine, at: testNow, on: app) == .ran("сделано"))
            #expect(await Jobs.run(fine, at: testNow, on: app) == .skipped)
            #expect(try await JobRun.find("fine", on: app.db)?.outcome == "ok")
        }
    }
}
