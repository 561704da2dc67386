import Fluent
import Foundation
import Vapor

/// `medk files migrate --to s3://bucket/prefix`: copies the local store into S3, each file hashed on the way in and
/// read back and hashed again from the bucket; then checks that every file the database names is there. It can be
/// run again (stored files are kept, not copied twice) and while MEDK serves; switch `MEDK_FILES` afterwards and
/// run it once more to take what arrived meanwhile.
struct FilesCommand: AsyncCommandGroup {
    var commands: [String: any AnyAsyncCommand] { ["migrate": FilesMigrateCommand()] }
    var help: String { Strings.Operations.filesHelp }
}

struct FilesMigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "to", help: "s3://корзина/префикс") var to: String?
    }
    var help: String { Strings.Operations.migrateHelp }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let target = signature.to, target.lowercased().hasPrefix("s3://") else { throw CommandFailure(Strings.Operations.migrateWhere) }
        var variables = ProcessInfo.processInfo.environment
        variables["MEDK_FILES"] = target
        guard case .s3(let location) = try Settings.Files.load(variables) else { throw CommandFailure(Strings.Operations.migrateWhere) }
        let local = try LocalFileStore(root: URL(fileURLWithPath: app.settings.dataDirectory).appendingPathComponent("files"),
                                       instance: app.settings.instance + "-migrate")
        let s3 = try S3FileStore(location, temporaries: local.temporaries)
        try await s3.checkReachable()
        var files = 0
        var bytes: Int64 = 0
        for sha256 in try local.files(untouchedSince: .distantFuture) {
            guard let source = local.location(of: sha256) else { continue }
            bytes += try await Backup.store(source, as: sha256, into: s3, threadPool: app.threadPool)
            guard try await Backup.hash(of: sha256, in: s3) == sha256 else { throw CommandFailure(Strings.Operations.corrupt(sha256)) }
            files += 1
        }
        var missing: [String] = []
        var referenced = 0
        try await Backup.forEachStoredFile(app) { sha256 in
            referenced += 1
            if try await !s3.exists(sha256) { missing.append(sha256) }
        }
        guard missing.isEmpty else { throw CommandFailure(Strings.Operations.missingFiles(missing)) }
        context.console.print(Strings.Operations.migrated(files, bytes, referenced))
    }
}
