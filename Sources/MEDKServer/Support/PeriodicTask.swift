import Foundation
import Vapor

/// Work the server does by itself while it runs: first some time after start (so that a command which only
/// migrates or seeds is over by then), then at a fixed interval until shutdown. A failure is logged and the
/// next round comes as planned.
final class PeriodicTask: LifecycleHandler, @unchecked Sendable {
    let name: String
    let firstAfter: Duration
    let every: Duration
    private let work: @Sendable (Application) async throws -> Void
    private let lock = NSLock()
    private var task: Task<Void, Never>?

    init(name: String, firstAfter: Duration, every: Duration, work: @escaping @Sendable (Application) async throws -> Void) {
        self.name = name
        self.firstAfter = firstAfter
        self.every = every
        self.work = work
    }

    func didBoot(_ application: Application) throws {
        // Only a server works by itself; a command (migrate, jobs --run, mail test) does its one thing and ends.
        guard !application.environment.arguments.contains(where: Self.oneShotCommands.contains) else { return }
        let work = self.work, name = self.name, firstAfter = self.firstAfter, every = self.every
        lock.withLock {
            task = Task {
                try? await Task.sleep(for: firstAfter)
                while !Task.isCancelled {
                    do {
                        try await work(application)
                    } catch {
                        application.logger.warning("\(name): \(String(reflecting: error))")
                    }
                    try? await Task.sleep(for: every)
                }
            }
        }
    }

    static let oneShotCommands: Set<String> = ["migrate", "jobs", "mail", "user", "routes", "rebuild-indicators", "backup", "restore", "files"]

    func shutdown(_ application: Application) {
        lock.withLock { task?.cancel() }
    }
}
