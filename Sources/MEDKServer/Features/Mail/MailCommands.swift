import Fluent
import Foundation
import MEDKCore
import MEDKMail
import SQLKit
import Vapor

/// `medk mail test --to ADDRESS`: one letter straight to the configured SMTP server (not through the outbox), and
/// the dialogue's outcome, so an operator sees at once what the server says.
struct MailCommand: AsyncCommandGroup {
    var commands: [String: any AnyAsyncCommand] { ["test": MailTestCommand()] }
    var help: String { "Почта: проверка отправки." }
}

struct MailTestCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "to", help: "Адрес, на который отправить проверочное письмо") var to: String?
    }

    var help: String { "Отправляет проверочное письмо: medk mail test --to admin@example.ru" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let smtp = app.settings.mail.smtp else { throw CommandFailure(Strings.Mail.notConfigured) }
        guard let to = signature.to, let address = try? EmailAddress(to) else {
            throw CommandFailure(Strings.Mail.badAddress(signature.to ?? ""))
        }
        let composer = app.mailComposer
        let letter = composer.test()
        let message = MailMessage(from: app.settings.mail.from, to: [address], subject: letter.subject, textBody: letter.text,
                                  htmlBody: letter.html, messageID: composer.messageID())
        do {
            let delivery = try await SMTPClient(configuration: smtp).send(message)
            for line in delivery.transcript { context.console.print(line) }
            context.console.print("Письмо принято сервером \(smtp.host):\(smtp.port) (TLS: \(delivery.usedTLS ? "да" : "нет")): \(delivery.queuedAs)")
        } catch let error as SMTPError {
            for line in error.transcript { context.console.print(line) }
            throw CommandFailure("Письмо не отправлено: \(error.description)")
        }
    }
}

/// `medk jobs`: the background jobs, their last run and outcome, and the outbox; `medk jobs --run NAME [--at ISO]`
/// runs one now (or as of a moment), whatever its slot.
struct JobsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "run", help: "Выполнить задачу сейчас: reminders | digests | outbox") var name: String?
        @Option(name: "at", help: "Момент, на который выполнить, ISO 8601 (для --run)") var at: String?
    }

    var help: String { "Фоновые задачи: medk jobs; medk jobs --run reminders [--at 2026-12-01T07:00:00+03:00]" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        guard let name = signature.name else { return try await list(context) }
        var now = app.settings.clock.now
        if let at = signature.at {
            guard let moment = ISO8601DateFormatter().date(from: at) else { throw CommandFailure("--at: «\(at)» — не момент ISO 8601") }
            now = moment
        }
        if name == "outbox" {
            let outcome = try await OutboxWorker.deliverDue(app)
            return context.console.print("outbox: отправлено \(outcome.sent), повторят \(outcome.retrying), не доставлено \(outcome.failed)")
        }
        guard let job = Jobs.named(name) else { throw CommandFailure("Неизвестная задача «\(name)»: reminders, digests или outbox.") }
        // Through the lease, as the scheduler runs it: a slot done (or held by a running server) is not redone.
        switch await Jobs.run(job, at: now, on: app) {
        case .ran(let detail): context.console.print("\(name) (\(job.slot(now) ?? "—")): \(detail)")
        case .skipped: context.console.print(Strings.Mail.jobSkipped(name, slot: job.slot(now)))
        case .failed(let error): throw CommandFailure("\(name): \(error)")
        }
    }

    private func list(_ context: CommandContext) async throws {
        let app = context.application
        let runs = Dictionary(uniqueKeysWithValues: try await JobRun.query(on: app.db).all().map { ($0.id ?? "", $0) })
        for job in Jobs.scheduled {
            guard let run = runs[job.name] else {
                context.console.print("\(job.name): ещё не выполнялась")
                continue
            }
            let started = run.startedAt.map(Formats.moment) ?? "—", finished = run.finishedAt.map(Formats.moment) ?? "—"
            context.console.print("\(job.name): период \(run.slot), начата \(started), закончена \(finished), итог \(run.outcome)"
                                  + (run.detail.isEmpty ? "" : " (\(run.detail))") + ", исполнитель \(run.holder)")
        }
        let counts = try await OutboxWorker.counts(on: app.db)
        context.console.print("outbox: ждут \(counts[.pending] ?? 0), отправлено \(counts[.sent] ?? 0), не доставлено \(counts[.failed] ?? 0)"
                              + (app.settings.mail.smtp == nil ? " — почта не настроена (MEDK_SMTP_URL)" : ""))
    }
}
