import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor

/// `medk backup --to DIR` and `medk restore --from DIR`. The database is copied first, as one consistent snapshot
/// (PostgreSQL: `pg_dump`, one transaction; SQLite: `VACUUM INTO`, one read transaction of the live file), then the
/// files that snapshot refers to: a file is always stored before the row that names it, so every row of the
/// snapshot finds its bytes. With files in S3 the bucket keeps the bytes (turn its versioning on) and the backup
/// lists the keys it needs, each checked to be there.
enum Backup {
    static let databaseDump = "database.pgdump"
    static let databaseFile = "medk.sqlite"
    static let manifest = "manifest.txt"
    static let keys = "s3-keys.txt"

    struct Summary: Sendable {
        var database = ""
        var files = 0
        var bytes: Int64 = 0
        var missing: [String] = []
    }

    static func write(to directory: URL, app: Application) async throws -> Summary {
        let manager = FileManager.default
        if manager.fileExists(atPath: directory.path),
           !(try manager.contentsOfDirectory(atPath: directory.path)).isEmpty {
            throw CommandFailure(Strings.Operations.backupNotEmpty(directory.path))
        }
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        var summary = Summary()
        switch app.settings.database {
        case .postgres(let url, _):
            try run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file", directory.appendingPathComponent(databaseDump).path, url])
            summary.database = databaseDump
        case .sqliteFile:
            let target = directory.appendingPathComponent(databaseFile).path
            try await (app.db as! SQLDatabase).raw("VACUUM INTO \(bind: target)").run()
            summary.database = databaseFile
        case .sqliteMemory:
            throw CommandFailure(Strings.Operations.backupInMemory)
        }
        // The files the database names now: the snapshot's and perhaps a few stored since (rows are never deleted,
        // and a file is stored before its row), read a page at a time so a million files cost no memory.
        switch app.settings.files {
        case .local:
            try await forEachStoredFile(app) { sha256 in
                let target = directory.appendingPathComponent("files").appendingPathComponent(LocalFileStore.relativePath(sha256))
                try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                let size = try await copy(sha256, from: app.fileStore, to: target)
                if let size { summary.files += 1; summary.bytes += size } else { summary.missing.append(sha256) }
            }
        case .s3(let location):
            var lines: [String] = ["# s3://\(location.bucket)/\(location.prefix) \(location.endpoint)"]
            try await forEachStoredFile(app) { sha256 in
                if try await app.fileStore.exists(sha256) { lines.append(sha256); summary.files += 1 } else { summary.missing.append(sha256) }
            }
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: directory.appendingPathComponent(keys))
        }
        let text = ["MEDK \(MEDKVersion.current)", "created \(ISO8601DateFormatter().string(from: Date()))",
                    "database \(summary.database)", "files \(summary.files)", "bytes \(summary.bytes)",
                    "missing \(summary.missing.count)"].joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: directory.appendingPathComponent(manifest))
        return summary
    }

    /// Restores into an empty database and store; every file is checked against its SHA-256 on the way.
    static func restore(from directory: URL, app: Application) async throws -> Summary {
        let manager = FileManager.default
        guard manager.fileExists(atPath: directory.appendingPathComponent(manifest).path) else {
            throw CommandFailure(Strings.Operations.notABackup(directory.path))
        }
        guard try await isEmpty(app) else { throw CommandFailure(Strings.Operations.restoreNotEmpty) }
        var summary = Summary()
        switch app.settings.database {
        case .postgres(let url, _):
            let dump = directory.appendingPathComponent(databaseDump)
            guard manager.fileExists(atPath: dump.path) else { throw CommandFailure(Strings.Operations.wrongDatabase(databaseDump)) }
            try run("pg_restore", ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", "--dbname", url, dump.path])
            summary.database = databaseDump
        case .sqliteFile:
            let file = directory.appendingPathComponent(databaseFile)
            guard manager.fileExists(atPath: file.path) else { throw CommandFailure(Strings.Operations.wrongDatabase(databaseFile)) }
            try await SQLiteCopy.restore(from: file.path, into: app.db as! SQLDatabase)
            summary.database = databaseFile
        case .sqliteMemory:
            throw CommandFailure(Strings.Operations.backupInMemory)
        }
        let files = directory.appendingPathComponent("files")
        try await forEachStoredFile(app) { sha256 in
            let source = files.appendingPathComponent(LocalFileStore.relativePath(sha256))
            if manager.fileExists(atPath: source.path) {
                let size = try await store(source, as: sha256, into: app.fileStore, threadPool: app.threadPool)
                summary.files += 1
                summary.bytes += size
            } else if try await app.fileStore.exists(sha256) {
                summary.files += 1   // kept in the bucket (an S3 backup lists keys only)
            } else {
                summary.missing.append(sha256)
            }
        }
        return summary
    }

    // MARK: parts

    /// Every file the database names, in order, 5,000 ids a query.
    static func forEachStoredFile(_ app: Application, _ body: (String) async throws -> Void) async throws {
        let sql = app.db as! SQLDatabase
        var after = ""
        while true {
            let rows = try await sql.select().column("sha256").from(StoredFile.schema)
                .where("sha256", .greaterThan, SQLBind(after)).orderBy("sha256").limit(5_000).all()
            guard !rows.isEmpty else { return }
            for row in rows {
                after = try row.decode(column: "sha256", as: String.self)
                try await body(after)
            }
        }
    }

    static func isEmpty(_ app: Application) async throws -> Bool {
        let sql = app.db as! SQLDatabase
        let rows: [SQLRow]
        if app.settings.database.isPostgres {
            rows = try await sql.raw("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()").all()
        } else {
            rows = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all()
        }
        return rows.isEmpty
    }

    /// Copies a stored file out, hashing it as it goes; nil if the store does not have it.
    private static func copy(_ sha256: String, from store: any FileStore, to target: URL) async throws -> Int64? {
        _ = FileManager.default.createFile(atPath: target.path, contents: nil)
        let handle = try FileHandle(forWritingTo: target)
        defer { try? handle.close() }
        var hasher = SHA256()
        var size: Int64 = 0
        let found = try await store.read(sha256) { buffer in
            let bytes = Data(buffer: buffer)
            hasher.update(data: bytes)
            size += Int64(bytes.count)
            try handle.write(contentsOf: bytes)
        }
        guard found else { try? FileManager.default.removeItem(at: target); return nil }
        guard S3Signature.hex(hasher.finalize()) == sha256 else { throw CommandFailure(Strings.Operations.corrupt(sha256)) }
        try handle.synchronize()
        return size
    }

    /// The SHA-256 of a stored file's bytes as the store gives them back, nil if it is missing.
    static func hash(of sha256: String, in store: any FileStore) async throws -> String? {
        var hasher = SHA256()
        let found = try await store.read(sha256) { hasher.update(data: Data(buffer: $0)) }
        return found ? S3Signature.hex(hasher.finalize()) : nil
    }

    /// Puts a file into a store through a temporary file, as an upload would, refusing bytes that do not match their name.
    static func store(_ source: URL, as sha256: String, into store: any FileStore, threadPool: NIOThreadPool) async throws -> Int64 {
        let temporary = try store.makeTemporary()
        do {
            let handle = try FileHandle(forReadingFrom: source)
            defer { try? handle.close() }
            while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty {
                try await temporary.append(ArraySlice(block), headerSize: 0, threadPool: threadPool)
            }
            try await temporary.finish(threadPool: threadPool)
            guard temporary.sha256 == sha256 else { throw CommandFailure(Strings.Operations.corrupt(sha256)) }
            try await store.commit(temporary, threadPool: threadPool)
            return temporary.size
        } catch {
            temporary.discard()
            throw error
        }
    }

    private static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let errors = Pipe()
        process.standardError = errors
        do { try process.run() } catch { throw CommandFailure(Strings.Operations.toolMissing(tool)) }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CommandFailure(Strings.Operations.toolFailed(tool, String(decoding: message, as: UTF8.self)))
        }
    }
}

/// SQLite's copy back: the backup is attached to the (empty) open database and replayed in one transaction —
/// tables and their rows first, then indexes and triggers (so that no trigger fires on the copied rows).
/// Full-text tables are created as declared and their shadow tables' rows copied as they are.
enum SQLiteCopy {
    static func restore(from path: String, into sql: SQLDatabase) async throws {
        try await sql.raw("ATTACH DATABASE \(bind: path) AS backup").run()
        do {
            let entries = try await sql.raw("SELECT type, name, sql FROM backup.sqlite_master WHERE sql IS NOT NULL ORDER BY rowid").all()
            let schema = entries.compactMap { row -> (type: String, name: String, sql: String)? in
                guard let type = try? row.decode(column: "type", as: String.self), let name = try? row.decode(column: "name", as: String.self),
                      let text = try? row.decode(column: "sql", as: String.self) else { return nil }
                return (type, name, text)
            }
            let virtual = schema.filter { $0.type == "table" && $0.sql.uppercased().hasPrefix("CREATE VIRTUAL TABLE") }.map(\.name)
            let isShadow = { (name: String) in virtual.contains { name.hasPrefix($0 + "_") } }
            try await sql.raw("BEGIN IMMEDIATE").run()
            do {
                for entry in schema where entry.type == "table" && !isShadow(entry.name) && !entry.name.hasPrefix("sqlite_") {
                    try await sql.raw(SQLQueryString(entry.sql)).run()
                }
                for entry in schema where entry.type == "table" && !virtual.contains(entry.name) && !entry.name.hasPrefix("sqlite_") {
                    let verb = isShadow(entry.name) ? "INSERT OR REPLACE" : "INSERT"
                    let quoted = "\"" + entry.name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                    let statement = verb + " INTO main." + quoted + " SELECT * FROM backup." + quoted
                    try await sql.raw(SQLQueryString(statement)).run()
                }
                if try await !sql.raw("SELECT name FROM backup.sqlite_master WHERE name = 'sqlite_sequence'").all().isEmpty {
                    try await sql.raw("INSERT OR REPLACE INTO main.sqlite_sequence SELECT * FROM backup.sqlite_sequence").run()
                }
                for entry in schema where ["index", "trigger", "view"].contains(entry.type) {
                    try await sql.raw(SQLQueryString(entry.sql)).run()
                }
                try await sql.raw("COMMIT").run()
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        } catch {
            try? await sql.raw("DETACH DATABASE backup").run()
            throw error
        }
        try await sql.raw("DETACH DATABASE backup").run()
    }
}

/// `medk backup --to DIR`.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "to", help: "Пустой каталог для резервной копии") var to: String?
    }
    var help: String { Strings.Operations.backupHelp }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let path = signature.to, !path.isEmpty else { throw CommandFailure(Strings.Operations.backupWhere) }
        let summary = try await Backup.write(to: URL(fileURLWithPath: path), app: context.application)
        context.console.print(Strings.Operations.backupDone(path, summary.files, summary.bytes))
        if !summary.missing.isEmpty {
            throw CommandFailure(Strings.Operations.missingFiles(summary.missing))
        }
    }
}

/// `medk restore --from DIR`.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "from", help: "Каталог резервной копии") var from: String?
    }
    var help: String { Strings.Operations.restoreHelp }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let path = signature.from, !path.isEmpty else { throw CommandFailure(Strings.Operations.restoreWhere) }
        let summary = try await Backup.restore(from: URL(fileURLWithPath: path), app: context.application)
        context.console.print(Strings.Operations.restoreDone(path, summary.files, summary.bytes))
        if !summary.missing.isEmpty {
            throw CommandFailure(Strings.Operations.missingFiles(summary.missing))
        }
    }
}
