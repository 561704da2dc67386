import Fluent
import Foundation
import MEDKCore
import SQLKit
import Vapor

/// Background jobs that must run once per period however many app instances share the database: each run takes the
/// job's row for its slot («2026-11-30» for a daily job) by one conditional UPDATE — the lease. A holder that crashes
/// leaves a lease that runs out, and the next tick of any instance runs the slot again; so jobs are idempotent.
enum Jobs {
    struct Job: Sendable {
        let name: String
        /// The period a run at `now` is for, nil when nothing is due yet (a daily job before its hour).
        let slot: @Sendable (Date) -> String?
        let lease: TimeInterval
        let work: @Sendable (Application, Date) async throws -> String
    }

    /// This process, as the holder of the leases it takes.
    static let holder = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"

    enum Run: Equatable, Sendable {
        /// Done: what it did, in a line.
        case ran(String)
        /// Another instance has it, or the slot was done already.
        case skipped
        case failed(String)
    }

    /// Runs the job's slot for `now` unless it is done or held.
    @discardableResult
    static func run(_ job: Job, at now: Date, on app: Application) async -> Run {
        guard let slot = job.slot(now) else { return .skipped }
        do {
            guard try await claim(job, slot: slot, at: now, on: app.db) else { return .skipped }
        } catch {
            app.logger.warning("job \(job.name): \(String(reflecting: error))")
            return .failed(String(describing: error))
        }
        let outcome: Run
        do { outcome = .ran(try await job.work(app, now)) } catch { outcome = .failed(String(reflecting: error)) }
        let finished = app.settings.clock.now
        let (code, detail) = switch outcome {
        case .ran(let detail): ("ok", detail)
        case .failed(let error): ("failed", error)
        case .skipped: ("ok", "")
        }
        if code == "failed" { app.logger.warning("job \(job.name) \(slot): \(detail)") }
        try? await (app.db as! SQLDatabase).update(JobRun.schema)
            .set("outcome", to: SQLBind(code)).set("detail", to: SQLBind(String(detail.prefix(1000))))
            .set("finished_at", to: SQLBind(finished)).set("lease_until", to: SQLLiteral.null)
            .where("name", .equal, SQLBind(job.name)).where("holder", .equal, SQLBind(holder)).where("slot", .equal, SQLBind(slot))
            .run()
        return outcome
    }

    /// Takes the job for `slot`: when the last run was for another slot, failed, or its holder's lease ran out.
    static func claim(_ job: Job, slot: String, at now: Date, on db: Database) async throws -> Bool {
        let sql = db as! SQLDatabase
        try await sql.insert(into: JobRun.schema)
            .columns("name", "slot", "holder", "outcome", "detail")
            .values(SQLBind(job.name), SQLBind(""), SQLBind(""), SQLBind("ok"), SQLBind(""))
            .ignoringConflicts(with: ["name"]).run()
        let taken = try await sql.update(JobRun.schema)
            .set("slot", to: SQLBind(slot)).set("holder", to: SQLBind(holder))
            .set("lease_until", to: SQLBind(now.addingTimeInterval(job.lease)))
            .set("started_at", to: SQLBind(now)).set("finished_at", to: SQLLiteral.null)
            .set("outcome", to: SQLBind("running")).set("detail", to: SQLBind(""))
            .where("name", .equal, SQLBind(job.name))
            .where(group: { group in
                group.where("slot", .notEqual, SQLBind(slot))
                    .orWhere("outcome", .equal, SQLBind("failed"))
                    .orWhere(group: { $0.where("outcome", .equal, SQLBind("running")).where("lease_until", .lessThan, SQLBind(now)) })
            })
            .returning("name").all()
        return !taken.isEmpty
    }

    // MARK: slots

    /// «yyyy-MM-dd» of Moscow once it is `hour` o'clock there.
    static func daily(at hour: Int) -> @Sendable (Date) -> String? {
        { now in
            let zone = InclusionFacts.defaultZone
            let day = CalendarDate(now, in: zone)
            return now >= day.at(hour: hour, in: zone) ? day.iso : nil
        }
    }

    /// The UTC hour: «2026-11-30T08».
    static let hourly: @Sendable (Date) -> String? = { now in
        let hour = Int(now.timeIntervalSince1970 / 3600)
        let day = CalendarDate(now, in: TimeZone(identifier: "UTC")!)
        return "\(day.iso)T\(String(format: "%02d", hour % 24))"
    }
}

extension Jobs {
    /// What runs by itself: reminders once a day (at 06:00 Moscow, when every Russian region has the same date),
    /// digests every hour (each person's at 08:00 of their region).
    static let scheduled: [Job] = [Reminders.job, Digests.job]

    static func named(_ name: String) -> Job? { scheduled.first { $0.name == name } }
}

extension PeriodicTask {
    /// Ticks the scheduled jobs each half minute; a tick that finds the slot done or held does nothing.
    static func jobs() -> PeriodicTask {
        PeriodicTask(name: "jobs", firstAfter: .seconds(5), every: .seconds(30)) { app in
            for job in Jobs.scheduled { await Jobs.run(job, at: app.settings.clock.now, on: app) }
        }
    }

    /// Delivers the outbox every few seconds (only with an SMTP server configured).
    static func outbox() -> PeriodicTask {
        PeriodicTask(name: "outbox", firstAfter: .seconds(2), every: .seconds(3)) { app in
            try await OutboxWorker.deliverDue(app)
        }
    }
}
