import Logging
import MEDKServer
import Vapor

/// Prints a failure the way an operator reads it and stops with a non-zero status.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("Ошибка: " + message + "\n").utf8))
    exit(1)
}

// `--help` on any command answers before anything is created; an unknown command says so in Russian.
switch CommandLineHelp.answer(for: CommandLine.arguments) {
case .help(let text):
    print(text)
    exit(0)
case .unknown(let text):
    fail(text)
case nil:
    break
}

var environment = try Environment.detect()
let variables = ProcessInfo.processInfo.environment
if variables["MEDK_LOG_FORMAT"] == "json" {
    let level = variables["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
    let instance = variables["MEDK_INSTANCE"].flatMap { $0.isEmpty ? nil : $0 } ?? ProcessInfo.processInfo.hostName
    LoggingSystem.bootstrap { label in
        var handler = JSONLogHandler(label: label, instance: instance)
        handler.logLevel = level
        return handler
    }
} else {
    try LoggingSystem.bootstrap(from: &environment)
}
let demo = DemoLaunch(arguments: environment.arguments)

let settings: Settings
do {
    settings = try Settings.load(for: environment, dataDirectory: demo?.dataDirectory)
} catch {
    fail("\(error)")
}

let app = try await Application.make(environment)
do {
    var chosen = settings
    chosen.isDemo = demo != nil
    // The demo's letters link to the address it serves, unless MEDK_PUBLIC_URL says otherwise.
    if let demo, (ProcessInfo.processInfo.environment["MEDK_PUBLIC_URL"] ?? "").isEmpty {
        chosen.mail.publicURL = demo.publicURL
    }
    try await configure(app, settings: chosen)
    let demoYear = try await demo?.prepare(app)
    // As `execute()` does, with the demo's greeting printed once the port is bound, not before.
    try await app.startup()
    demo?.greet(currentYear: demoYear ?? nil)
    try await app.running?.onStop.get()
    await stopServing(app)
    try await app.asyncShutdown()
} catch {
    try? await app.asyncShutdown()
    fail(CommandLineHelp.startFailure(error, port: demo?.port ?? CommandLineHelp.port(in: CommandLine.arguments)))
}
