import Logging
import MEDKServer
import Vapor

var environment = try Environment.detect()
try LoggingSystem.bootstrap(from: &environment)
let demo = DemoLaunch(arguments: environment.arguments)

/// Prints a failure the way an operator reads it and stops with a non-zero status.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("Ошибка: " + message + "\n").utf8))
    exit(1)
}

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
    try await configure(app, settings: chosen)
    if let demo { try await demo.prepare(app) }
    try await app.execute()
    try await app.asyncShutdown()
} catch {
    try? await app.asyncShutdown()
    fail("\(error)")
}
