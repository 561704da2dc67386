import MEDKCore
import Vapor

/// `medk demo [--port 8080] [--hostname 127.0.0.1] [--data ./data] [--only-seeds]`: migrate, fill the demo data
/// (once), print the address and accounts, then serve. The demo is the seeds' 2021 year, closed, and the current
/// year with a generated history (`LivingYearDemo`); `--only-seeds` keeps to the seeds' year, open, as the suites
/// that replay it need.
public struct DemoLaunch: Sendable {
    public var port = 8080
    public var hostname = "127.0.0.1"
    public var dataDirectory = "data"
    public var onlySeeds = false

    /// Recognises the demo command; nil for every other command.
    public init?(arguments: [String]) {
        guard arguments.count > 1, arguments[1] == "demo" else { return nil }
        var rest = arguments.dropFirst(2).makeIterator()
        while let argument = rest.next() {
            switch argument {
            case "--port": port = rest.next().flatMap(Int.init) ?? port
            case "--hostname": hostname = rest.next() ?? hostname
            case "--data": dataDirectory = rest.next() ?? dataDirectory
            case "--only-seeds": onlySeeds = true
            default: break
            }
        }
    }

    /// Migrates and seeds, and turns the command into `serve`. Returns the demo's current programme year.
    @discardableResult
    public func prepare(_ app: Application) async throws -> Int? {
        try await app.autoMigrate()
        try await DemoData.seed(on: app.db, hasher: app.password.async)
        var year: Int?
        if !onlySeeds {
            year = try await LivingYearDemo.seed(on: app.db, store: app.fileStore, threadPool: app.threadPool,
                                                now: app.settings.clock.now)?.year
            try await DemoExpertise.seed(on: app.db, now: app.settings.clock.now)
        }
        app.environment.arguments = ["medk", "serve", "--hostname", hostname, "--port", "\(port)"]
        return year
    }

    /// The address the demo is reached at: its letters link there.
    public var publicURL: String { "http://\(hostname == "0.0.0.0" ? "localhost" : hostname):\(port)" }

    /// What a newcomer needs, once the server listens.
    public func greet(currentYear: Int?) {
        let shown = hostname == "0.0.0.0" ? "localhost" : hostname
        var lines = ["", "МЭДК запущена с демонстрационными данными: http://\(shown):\(port)/",
                     "Данные: \(dataDirectory)/medk.sqlite", "Учётные записи (пароль у всех: \(DemoData.password)):"]
        lines += DemoData.accounts.map { "  \($0.login.padding(toLength: 10, withPad: " ", startingAt: 0)) \($0.role.title) — \($0.who)" }
        if let currentYear { lines.append(Strings.Demo.years(current: currentYear, archive: Methodology.cycle2021.year)) }
        lines.append("Остановить: Ctrl+C")
        // Unbuffered: whoever waits for these lines (a newcomer, a script) sees them now, not at exit.
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}
