import Crypto
import Foundation
import NIOCore
import NIOPosix
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
    /// Where a stored file can be read, or nil if it is missing.
    func location(of sha256: String) -> URL?
    /// The stored files last committed before `date` (see `OrphanFiles`).
    func files(untouchedSince date: Date) throws -> [String]
    /// Removes a stored file, unless it was committed again since `date`.
    func remove(_ sha256: String, ifUntouchedSince date: Date) throws
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

/// The default store: a directory on the local disk, `files/ab/cd/abcd…` with `files/tmp` beside.
struct LocalFileStore: FileStore {
    let root: URL

    init(root: URL) throws {
        self.root = root
        try FileManager.default.createDirectory(at: root.appendingPathComponent("tmp"), withIntermediateDirectories: true)
    }

    func makeTemporary() throws -> TemporaryFile {
        try TemporaryFile(url: root.appendingPathComponent("tmp").appendingPathComponent(UUID().uuidString))
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
    func sweepTemporaries() {
        let tmp = root.appendingPathComponent("tmp")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: tmp.path)) ?? [] {
            try? FileManager.default.removeItem(at: tmp.appendingPathComponent(name))
        }
    }

    private func path(for sha256: String) -> URL {
        root.appendingPathComponent(String(sha256.prefix(2)))
            .appendingPathComponent(String(sha256.dropFirst(2).prefix(2)))
            .appendingPathComponent(sha256)
    }

    /// A rename is durable only once the directory entry itself is on disk.
    private static func syncDirectory(_ url: URL) {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
