import Crypto
import Foundation
import NIOCore
import NIOPosix
import Vapor
#if canImport(Glibc)
import Glibc
#endif

/// Where uploaded bytes live. Files are content addressed by SHA-256 and written to a temporary
/// file first, so a broken upload never appears under a name.
protocol FileStore: Sendable {
    /// A new temporary file to stream an upload into.
    func makeTemporary() throws -> TemporaryFile
    /// Durably moves a finished temporary file under its hash; identical bytes already stored are kept.
    func commit(_ file: TemporaryFile, threadPool: NIOThreadPool) async throws
    /// The stored file streamed as the answer to `request` (a `Range` honoured), or nil if it is missing.
    func download(_ sha256: String, for request: Request) async throws -> Response?
    func exists(_ sha256: String) async throws -> Bool
    /// Hands a stored file's bytes over block by block (backups, the move to S3); false if it is missing.
    func read(_ sha256: String, _ each: (ByteBuffer) async throws -> Void) async throws -> Bool
    /// The stored files last committed before `date` (see `OrphanFiles`).
    func files(untouchedSince date: Date) async throws -> [String]
    /// Removes a stored file, unless it was committed again since `date`.
    func remove(_ sha256: String, ifUntouchedSince date: Date) async throws
    /// Throws when the store cannot be reached (`/readyz`).
    func checkReachable() async throws
}

/// An upload being written: its bytes go to disk as they arrive while the hash and size are counted.
/// Writes are gathered into blocks, because the multipart parser hands over many small fragments and
/// each write is a hop to the thread pool.
final class TemporaryFile: @unchecked Sendable {
    static let blockSize = 256 * 1024
    let url: URL
    private let handle: FileHandle
    private var hasher = SHA256()
    private var pending: [UInt8] = []
    private(set) var size: Int64 = 0
    private(set) var header: [UInt8] = []
    private var closed = false

    init(url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown)
        }
        self.url = url
        self.handle = try FileHandle(forWritingTo: url)
        pending.reserveCapacity(Self.blockSize)
    }

    /// Appends a fragment; full blocks are written on the thread pool, never on an event loop.
    func append(_ bytes: ArraySlice<UInt8>, headerSize: Int, threadPool: NIOThreadPool) async throws {
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        pending.append(contentsOf: bytes)
        if header.count < headerSize { header += bytes.prefix(headerSize - header.count) }
        size += Int64(bytes.count)
        if pending.count >= Self.blockSize { try await flush(threadPool: threadPool) }
    }

    private func flush(threadPool: NIOThreadPool) async throws {
        guard !pending.isEmpty else { return }
        let block = pending
        pending.removeAll(keepingCapacity: true)
        let handle = self.handle
        try await threadPool.runIfActive { try handle.write(contentsOf: block) }
    }

    var sha256: String { hasher.finalize().map { String(format: "%02x", $0) }.joined() }

    /// Writes what is left and flushes the bytes to the disk itself, so a power cut after we answer loses nothing.
    func finish(threadPool: NIOThreadPool) async throws {
        guard !closed else { return }
        try await flush(threadPool: threadPool)
        closed = true
        let handle = self.handle
        try await threadPool.runIfActive {
            try handle.synchronize()
            try handle.close()
        }
    }

    func discard() {
        if !closed { try? handle.close(); closed = true }
        try? FileManager.default.removeItem(at: url)
    }
}

/// The default store: a directory on the local disk, `files/ab/cd/abcd…` with `files/tmp/<instance>` beside (on the
/// same disk, so that a rename commits a file; one directory per instance, so that one starting never sweeps the
/// uploads another is receiving).
struct LocalFileStore: FileStore {
    let root: URL
    let temporaries: URL

    init(root: URL, instance: String = "") throws {
        self.root = root
        let name = instance.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        temporaries = root.appendingPathComponent("tmp").appendingPathComponent(name.isEmpty ? "local" : name)
        try FileManager.default.createDirectory(at: temporaries, withIntermediateDirectories: true)
    }

    func makeTemporary() throws -> TemporaryFile {
        try TemporaryFile(url: temporaries.appendingPathComponent(UUID().uuidString))
    }

    func commit(_ file: TemporaryFile, threadPool: NIOThreadPool) async throws {
        try await file.finish(threadPool: threadPool)
        let target = path(for: file.sha256)
        let directory = target.deletingLastPathComponent()
        try await threadPool.runIfActive {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            if FileManager.default.fileExists(atPath: target.path) {
                try? FileManager.default.removeItem(at: file.url)
                // Committed again: the orphan sweeper must not take it while its new row is being written.
                try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: target.path)
                return
            }
            guard rename(file.url.path, target.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
            Self.syncDirectory(directory)
        }
    }

    func location(of sha256: String) -> URL? {
        guard sha256.count == 64, sha256.allSatisfy(\.isHexDigit) else { return nil }
        let url = path(for: sha256)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    func download(_ sha256: String, for request: Request) async throws -> Response? {
        guard let url = location(of: sha256) else { return nil }
        return try await request.fileio.asyncStreamFile(at: url.path)
    }

    func exists(_ sha256: String) async throws -> Bool { location(of: sha256) != nil }

    func read(_ sha256: String, _ each: (ByteBuffer) async throws -> Void) async throws -> Bool {
        guard let url = location(of: sha256) else { return false }
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty { try await each(ByteBuffer(data: block)) }
        return true
    }

    func checkReachable() async throws {
        guard FileManager.default.isWritableFile(atPath: temporaries.path) else {
            throw CocoaError(.fileWriteNoPermission)
        }
    }

    func files(untouchedSince date: Date) throws -> [String] {
        let manager = FileManager.default
        var found: [String] = []
        for first in try manager.contentsOfDirectory(atPath: root.path) where first.count == 2 {
            let level1 = root.appendingPathComponent(first)
            for second in (try? manager.contentsOfDirectory(atPath: level1.path)) ?? [] where second.count == 2 {
                let level2 = level1.appendingPathComponent(second)
                for name in (try? manager.contentsOfDirectory(atPath: level2.path)) ?? [] where name.count == 64 {
                    let modified = (try? manager.attributesOfItem(atPath: level2.appendingPathComponent(name).path))?[.modificationDate] as? Date
                    if let modified, modified < date { found.append(name) }
                }
            }
        }
        return found
    }

    func remove(_ sha256: String, ifUntouchedSince date: Date) throws {
        guard let url = location(of: sha256) else { return }
        let modified = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
        guard let modified, modified < date else { return }
        try FileManager.default.removeItem(at: url)
    }

    /// Removes temporary files left by uploads that were cut off (e.g. by a crash).
    func sweepTemporaries() { Self.clear(temporaries) }

    static func clear(_ directory: URL) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] {
            try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
        }
    }

    private func path(for sha256: String) -> URL { root.appendingPathComponent(Self.relativePath(sha256)) }

    /// `ab/cd/abcd…`: two levels keep directories small at a million files.
    static func relativePath(_ sha256: String) -> String { "\(sha256.prefix(2))/\(sha256.dropFirst(2).prefix(2))/\(sha256)" }

    /// A rename is durable only once the directory entry itself is on disk.
    private static func syncDirectory(_ url: URL) {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
