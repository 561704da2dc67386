import Logging
import MEDKServer
import Vapor

var environment = try Environment.detect()
try LoggingSystem.bootstrap(from: &environment)
let demo = DemoLaunch(arguments: environment.arguments)

let settings: Settings
do {
    settings = try Settings.load(for: environment, dataDirectory: demo?.dataDirectory)
} catch let missing as Settings.MissingSetting {
    FileHandle.standardError.write(Data((missing.description + "\n").utf8))
    exit(1)
}

let app = try await Application.make(environment)
do {
    var chosen = settings
    chosen.isDemo = demo != nil
    try await configure(app, settings: chosen)
    if let demo { try await demo.prepare(app) }
    try await app.execute()
} catch {
    app.logger.report(error: error)
    try? await app.asyncShutdown()
    throw error
}
try await app.asyncShutdown()
