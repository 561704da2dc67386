import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import NIOSSL
import SQLKit
import Vapor

/// The single composition root: the server, the tests and every command start here.
public func configure(_ app: Application, settings: Settings) async throws {
    app.settings = settings
    try configureDatabase(app, settings.database, dataDirectory: settings.dataDirectory)
    if !settings.database.isPostgres {
        // Readers never wait for a writer and a writer waits for no reader: many people read while one uploads.
        // The mode is kept in the file, so this is a no-op after the first start. (The tests' "in-memory"
        // SQLite is a temporary file too, so they run in the same mode as production.)
        try await (app.db as! SQLDatabase).raw("PRAGMA journal_mode=WAL").run()
    }

    // Each migration applied is worth a line only when someone asks for debug output.
    app.fluent.migrationLogLevel = .debug
    app.migrations.add(M001_Territory())
    app.migrations.add(M002_Cycles())
    app.migrations.add(M003_People())
    app.migrations.add(M004_Security())
    app.migrations.add(M005_Methodology2021())
    app.migrations.add(M006_Indexes())
    app.migrations.add(M007_Documents())
    app.migrations.add(M008_RiskProfiles())
    app.migrations.add(M009_Verifications())
    app.migrations.add(M010_TerritoryRoadmaps())
    app.migrations.add(M011_Instruments())
    app.migrations.add(M012_SelfAssessments())
    app.migrations.add(M013_Directions())
    app.migrations.add(M014_Programs())
    app.migrations.add(M020_Visits())
    app.migrations.add(M021_InclusionFacts())
    app.migrations.add(M022_InclusionFactsVersion())
    app.migrations.add(M023_ReviewEventsByActor())
    app.migrations.add(M024_UniqueWrites())
    app.migrations.add(M025_UploadSessions())
    app.migrations.add(M026_CycleLifecycle())
    app.migrations.add(M027_Notifications())
    app.migrations.add(M028_Mail())
    app.migrations.add(M029_CuratorReports())
    app.migrations.add(M030_Expertise())
    app.migrations.add(M031_MonitoringSchools())
    app.migrations.add(M032_Practices())
    app.migrations.add(M033_TerritoryActs())
    app.migrations.add(M034_ApiTokens())
    app.migrations.add(M035_EventFeed())
    app.migrations.add(M036_SharedAcrossInstances())
    InclusionFacts.registerMiddleware(on: app.databases)
    Notifier.registerMiddleware(on: app.databases, mail: app.mailComposer)

    app.fileStore = try makeFileStore(settings)
    if settings.database != .sqliteMemory {
        app.lifecycle.use(PeriodicTask.orphanFiles())
        app.lifecycle.use(PeriodicTask.uploadSessions())
    }
    // Tests run the jobs themselves, as of the dates they choose.
    if settings.database != .sqliteMemory && app.environment != .testing && settings.runsJobs {
        app.lifecycle.use(PeriodicTask.jobs())
        if settings.mail.smtp != nil { app.lifecycle.use(PeriodicTask.outbox()) }
    }

    app.apiRateLimiter = APIRateLimiter(rate: settings.apiRate, burst: settings.apiBurst)
    app.passwords.use(.bcrypt(cost: settings.bcryptCost))
    app.decoyPasswordHash = try Bcrypt.hash(SessionTokens.random(), cost: settings.bcryptCost)
    app.routes.defaultMaxBodySize = "1mb"
    // Pages, styles, scripts and JSON travel gzipped to a browser that accepts it (a village school's slow line);
    // stored files (PDF, pictures, video) are already compressed and go as they are.
    app.http.server.configuration.responseCompression = .enabledForCompressibleTypes
    // On SIGTERM a request in flight (an upload on a slow line) gets this long to finish.
    app.http.server.configuration.shutdownTimeout = .seconds(30)

    // Errors first so that every later failure becomes a Russian page; static files need no session.
    app.middleware = Middlewares()
    app.middleware.use(RouteLoggingMiddleware(logLevel: .info))
    app.middleware.use(InstanceHeaderMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(ErrorPagesMiddleware())
    if let directory = settings.publicDirectory { try Asset.use(directory: directory) }
    app.middleware.use(AssetsMiddleware())

    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(UserCommand(), as: "user")
    app.asyncCommands.use(RebuildInclusionFactsCommand(), as: "rebuild-indicators")
    app.asyncCommands.use(MailCommand(), as: "mail")
    app.asyncCommands.use(JobsCommand(), as: "jobs")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
    app.asyncCommands.use(FilesCommand(), as: "files")

    try routes(app)
}

/// The local store keeps its temporary files beside the stored ones (a rename commits them); the S3 store keeps
/// them in the data directory. Either way each instance has its own, so one starting never sweeps another's uploads.
private func makeFileStore(_ settings: Settings) throws -> any FileStore {
    let files = URL(fileURLWithPath: settings.dataDirectory).appendingPathComponent("files")
    switch settings.files {
    case .local:
        let store = try LocalFileStore(root: files, instance: settings.instance)
        store.sweepTemporaries()
        return store
    case .s3(let location):
        let store = try S3FileStore(location, temporaries: try LocalFileStore(root: files, instance: settings.instance).temporaries)
        store.sweepTemporaries()
        return store
    }
}

/// SQLite has one connection per event loop, so at a busy moment requests queue for it; they wait their turn
/// rather than fail after the pool's default 10 s.
private let sqliteQueueWait = TimeAmount.seconds(60)

private func configureDatabase(_ app: Application, _ database: Settings.Database, dataDirectory: String) throws {
    switch database {
    case .sqliteMemory:
        app.databases.use(.sqlite(.memory, connectionPoolTimeout: sqliteQueueWait), as: .sqlite)
    case .sqliteFile(let path):
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        app.databases.use(.sqlite(.file(path), connectionPoolTimeout: sqliteQueueWait), as: .sqlite)
        app.lifecycle.use(PeriodicTask.sqliteStatistics())
    case .postgres(let url, let searchPath):
        var config = try SQLPostgresConfiguration(url: url)
        config.searchPath = searchPath
        if url.contains("sslmode=disable") || url.contains("@localhost") || url.contains("@127.0.0.1") {
            config.coreConfiguration.tls = .disable
        }
        app.databases.use(.postgres(configuration: config), as: .psql)
    }
}
