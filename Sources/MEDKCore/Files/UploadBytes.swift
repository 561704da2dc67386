import Foundation

/// Random access to the bytes of an upload, whether on disk or in memory. Every read is checked:
/// a range that is not wholly inside the file gives `nil`, never a crash.
protocol UploadByteSource {
    /// The size of the whole file in bytes.
    var size: UInt64 { get }
    /// Exactly `count` bytes from `offset`, or `nil` when the range is not inside the file or the
    /// bytes cannot be read.
    func bytes(at offset: UInt64, count: Int) -> [UInt8]?
}

extension UploadByteSource {
    /// Whether `count` bytes from `offset` lie inside the file (without overflowing).
    func contains(offset: UInt64, count: UInt64) -> Bool {
        let (end, overflow) = offset.addingReportingOverflow(count)
        return !overflow && end <= size
    }

    /// Up to `count` bytes from `offset` (fewer at the end of the file).
    func bytes(at offset: UInt64, upTo count: Int) -> [UInt8]? {
        guard offset <= size, count >= 0 else { return nil }
        return bytes(at: offset, count: Int(min(UInt64(count), size - offset)))
    }
}

/// An upload held in memory.
struct UploadMemoryBytes: UploadByteSource {
    let storage: [UInt8]

    var size: UInt64 { UInt64(storage.count) }

    func bytes(at offset: UInt64, count: Int) -> [UInt8]? {
        guard count >= 0, contains(offset: offset, count: UInt64(count)) else { return nil }
        let start = Int(offset)
        return Array(storage[start..<start + count])
    }
}

/// An upload on disk, read piece by piece with a `FileHandle`: big videos are never read whole.
final class UploadFileBytes: UploadByteSource {
    /// The largest single read the inspector ever asks for (the ZIP central directory cap).
    static let maxRead = 16 << 20

    private let handle: FileHandle
    let size: UInt64

    init?(url: URL) {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        guard let end = try? handle.seekToEnd() else {
            try? handle.close()
            return nil
        }
        self.handle = handle
        self.size = end
    }

    deinit { try? handle.close() }

    func bytes(at offset: UInt64, count: Int) -> [UInt8]? {
        guard count >= 0, count <= Self.maxRead, contains(offset: offset, count: UInt64(count)) else { return nil }
        if count == 0 { return [] }
        do {
            try handle.seek(toOffset: offset)
            var result = [UInt8]()
            result.reserveCapacity(count)
            while result.count < count {
                guard let chunk = try handle.read(upToCount: count - result.count), !chunk.isEmpty else {
                    return nil
                }
                result.append(contentsOf: chunk)
            }
            return result
        } catch {
            return nil
        }
    }
}

/// Little- and big-endian integers at an index of a byte array, `nil` when out of range.
extension Array where Element == UInt8 {
    func uint16LE(at index: Int) -> UInt16? {
        guard index >= 0, index <= count - 2 else { return nil }
        return UInt16(self[index]) | UInt16(self[index + 1]) << 8
    }

    func uint32LE(at index: Int) -> UInt32? {
        guard index >= 0, index <= count - 4 else { return nil }
        var value: UInt32 = 0
        for i in (0..<4).reversed() { value = value << 8 | UInt32(self[index + i]) }
        return value
    }

    func uint64LE(at index: Int) -> UInt64? {
        guard index >= 0, index <= count - 8 else { return nil }
        var value: UInt64 = 0
        for i in (0..<8).reversed() { value = value << 8 | UInt64(self[index + i]) }
        return value
    }

    func uint32BE(at index: Int) -> UInt32? {
        guard index >= 0, index <= count - 4 else { return nil }
        var value: UInt32 = 0
        for i in 0..<4 { value = value << 8 | UInt32(self[index + i]) }
        return value
    }

    /// Whether the bytes at `index` are exactly `prefix`.
    func hasBytes(_ prefix: [UInt8], at index: Int = 0) -> Bool {
        guard index >= 0, index <= count - prefix.count else { return false }
        for (i, byte) in prefix.enumerated() where self[index + i] != byte { return false }
        return true
    }
}
