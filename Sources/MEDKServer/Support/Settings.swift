import Foundation
import MEDKMail
import NIOConcurrencyHelpers
import Vapor

/// Everything an installation configures, read from environment variables with safe
/// development defaults. Production refuses to start on a missing secret and names it.
public struct Settings: Sendable {
    public enum Database: Sendable, Equatable {
        case sqliteFile(path: String)
        case sqliteMemory
        case postgres(url: String, searchPath: [String]?)

        public var isPostgres: Bool { if case .postgres = self { true } else { false } }
    }

    public var database: Database
    public var dataDirectory: String
    /// Mixed into the stored hash of every session token.
    public var sessionSecret: String
    /// Cookies get `Secure` when the site is served over HTTPS.
    public var secureCookies: Bool
    /// The site is served only over HTTPS (`MEDK_PUBLIC_URL` is https://…): browsers are told to never use plain HTTP.
    public var strictTransport = false
    public var bcryptCost: Int
    public var sessionLifetime: TimeInterval
    public var maxImportBytes: Int
    /// The largest document a school may upload (PRODUCT.md: 200 MB by default).
    public var maxUploadBytes: Int
    public var clock: AppClock
    /// Set by `medk demo`: the sign-in page then lists the demo accounts.
    public var isDemo = false
    /// MEDK_PUBLIC_DIR: serve the stylesheet, script and icon from this directory instead of the binary's copies.
    public var publicDirectory: String?
    /// Outgoing e-mail: where to send it from, the server that takes it, the address links in it lead to.
    public var mail = MailSettings()
    /// The JSON API's limit per token: calls a second on average, and at once (MEDK_API_RATE, MEDK_API_BURST).
    public var apiRate: Double = 10
    public var apiBurst: Double = 50
    /// Who runs this installation and how to reach its support (MEDK_INSTALLATION, MEDK_SUPPORT): every page's
    /// footer and the help page name them.
    public var installation = Installation()
    /// This process's name among the installation's instances (MEDK_INSTANCE, else the host name): every answer
    /// carries it in `X-MEDK-Instance`, so an operator (and the cluster tests) can tell who served a request.
    public var instance = ProcessInfo.processInfo.hostName
    /// Where files are kept: the data directory, or an S3 bucket (`MEDK_FILES=s3://bucket/prefix`).
    var files = Files.local
    /// MEDK_JOBS=off: this instance runs no scheduled jobs and sends no mail (leave them to others, or to the
    /// security suites, which compare the database before and after each forged request).
    var runsJobs = true
    /// MEDK_METRICS_TOKEN: `/metrics` for a scraper that presents it; without it, only from this machine.
    public var metricsToken: String?

    enum Files: Sendable, Equatable {
        case local
        case s3(S3FileStore.Location)
    }

    public struct Installation: Sendable, Equatable {
        public var name = ""
        public var support = ""
    }

    public struct MissingSetting: Error, CustomStringConvertible {
        public let variable: String
        public let why: String
        public var description: String { "MEDK не запущена: не задана переменная окружения \(variable) (\(why))." }
    }

    /// Reads the settings for `environment` from `variables` (normally the process environment).
    public static func load(for environment: Environment, variables: [String: String] = ProcessInfo.processInfo.environment,
                            dataDirectory: String? = nil) throws -> Settings {
        let dataDir = dataDirectory ?? variables["MEDK_DATA_DIR"] ?? "data"
        let database: Database
        if let url = variables["DATABASE_URL"], !url.isEmpty {
            database = .postgres(url: url, searchPath: nil)
        } else if environment == .testing {
            database = .sqliteMemory
        } else {
            database = .sqliteFile(path: (dataDir as NSString).appendingPathComponent("medk.sqlite"))
        }
        var secret = variables["MEDK_SESSION_SECRET"] ?? ""
        if environment == .production {
            guard secret.count >= 32 else {
                throw MissingSetting(variable: "MEDK_SESSION_SECRET",
                                     why: "секрет сессий, не короче 32 символов; например: openssl rand -hex 32")
            }
        } else if secret.isEmpty {
            secret = "development-only-session-secret-not-for-production"
        }
        let publicURL = variables["MEDK_PUBLIC_URL"] ?? ""
        var settings = Settings(
            database: database,
            dataDirectory: dataDir,
            sessionSecret: secret,
            secureCookies: publicURL.lowercased().hasPrefix("https://") || variables["MEDK_SECURE_COOKIES"] == "1",
            strictTransport: publicURL.lowercased().hasPrefix("https://"),
            bcryptCost: environment == .testing ? 4 : Int(variables["MEDK_BCRYPT_COST"] ?? "") ?? 12,
            sessionLifetime: 14 * 24 * 3600,
            maxImportBytes: 10 * 1024 * 1024,
            maxUploadBytes: (Int(variables["MEDK_MAX_UPLOAD_MB"] ?? "") ?? 200) * 1024 * 1024,
            clock: .system,
            publicDirectory: variables["MEDK_PUBLIC_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        )
        settings.mail = try MailSettings.load(variables)
        if let rate = variables["MEDK_API_RATE"].flatMap(Double.init), rate > 0, rate <= 1e6 { settings.apiRate = rate }
        if let burst = variables["MEDK_API_BURST"].flatMap(Double.init), burst >= 1, burst <= 1e6 { settings.apiBurst = burst }
        settings.installation = Installation(name: (variables["MEDK_INSTALLATION"] ?? "").trimmingCharacters(in: .whitespaces),
                                             support: (variables["MEDK_SUPPORT"] ?? "").trimmingCharacters(in: .whitespaces))
        if let name = variables["MEDK_INSTANCE"]?.trimmingCharacters(in: .whitespaces), !name.isEmpty {
            settings.instance = String(name.prefix(64))
        }
        settings.files = try Files.load(variables)
        settings.metricsToken = variables["MEDK_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        settings.runsJobs = variables["MEDK_JOBS"]?.lowercased() != "off"
        return settings
    }
}

extension Settings.Files {
    /// `MEDK_FILES=s3://bucket/prefix` with MEDK_S3_ENDPOINT, MEDK_S3_REGION, MEDK_S3_ACCESS_KEY, MEDK_S3_SECRET_KEY;
    /// unset (or a plain path) keeps files in the data directory.
    static func load(_ variables: [String: String]) throws -> Self {
        guard let value = variables["MEDK_FILES"], value.lowercased().hasPrefix("s3://") else { return .local }
        let path = value.dropFirst(5).split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let bucket = path.first, !bucket.isEmpty else {
            throw Settings.MissingSetting(variable: "MEDK_FILES", why: "укажите корзину: s3://корзина/префикс")
        }
        var location = S3FileStore.Location(endpoint: variables["MEDK_S3_ENDPOINT"] ?? "", region: variables["MEDK_S3_REGION"] ?? "us-east-1",
                                            bucket: bucket, prefix: path.dropFirst().joined(separator: "/"),
                                            accessKey: variables["MEDK_S3_ACCESS_KEY"] ?? "", secretKey: variables["MEDK_S3_SECRET_KEY"] ?? "")
        if location.endpoint.isEmpty { location.endpoint = "https://s3.\(location.region).amazonaws.com" }
        for (name, text) in [("MEDK_S3_ACCESS_KEY", location.accessKey), ("MEDK_S3_SECRET_KEY", location.secretKey)] where text.isEmpty {
            throw Settings.MissingSetting(variable: name, why: "ключ доступа к хранилищу S3 для MEDK_FILES=\(value)")
        }
        guard let url = URL(string: location.endpoint), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw Settings.MissingSetting(variable: "MEDK_S3_ENDPOINT", why: "адрес хранилища S3, например https://storage.yandexcloud.net")
        }
        return .s3(location)
    }
}

/// The source of "now". Tests move it forward to check throttling windows and dates.
public struct AppClock: Sendable {
    private let box: NIOLockedValueBox<TimeInterval>?

    public static let system = AppClock(box: nil)

    /// A clock that stands still at `start` until moved.
    public static func manual(_ start: Date) -> AppClock {
        AppClock(box: NIOLockedValueBox(start.timeIntervalSince1970))
    }

    public var now: Date {
        box.map { Date(timeIntervalSince1970: $0.withLockedValue { $0 }) } ?? Date()
    }

    public func advance(by seconds: TimeInterval) {
        box?.withLockedValue { $0 += seconds }
    }
}

extension Application {
    private struct SettingsKey: StorageKey { typealias Value = Settings }

    public var settings: Settings {
        get {
            guard let value = storage[SettingsKey.self] else { fatalError("configure(_:settings:) was not called") }
            return value
        }
        set { storage[SettingsKey.self] = newValue }
    }
}

extension Request {
    var settings: Settings { application.settings }
    var now: Date { application.settings.clock.now }
}

extension Application {
    private struct FileStoreKey: StorageKey { typealias Value = any FileStore }

    /// Where documents' bytes are kept (set by `configure`).
    var fileStore: any FileStore {
        get {
            guard let store = storage[FileStoreKey.self] else { fatalError("configure(_:settings:) was not called") }
            return store
        }
        set { storage[FileStoreKey.self] = newValue }
    }
}
