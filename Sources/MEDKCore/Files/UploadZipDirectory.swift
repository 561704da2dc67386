import Foundation

/// The central directory of a ZIP file, read from its end the way every ZIP reader does, without
/// unpacking anything. Office Open XML (docx, xlsx, pptx) and OpenDocument (odt, ods) files are ZIP
/// files; which one a file is, and whether it carries programs or macros, shows in the entry names.
///
/// Everything is bounded: the end record is looked for only in the last 64 KiB + 22 bytes, the
/// central directory may hold at most `maxEntries` entries in at most `maxDirectorySize` bytes,
/// and a name at most `maxNameLength` bytes. ZIP64 is understood (some writers use it even for
/// small files); split archives are not.
struct UploadZipDirectory {
    struct Entry {
        /// The name as stored. Names flagged as CP437 are read as UTF-8 too, which keeps the ASCII
        /// names that matter here ("word/…", "vbaProject.bin", "setup.exe") intact.
        var name: String
        var method: UInt16
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        var localHeaderOffset: UInt64
    }

    static let maxEntries = 10_000
    static let maxNameLength = 1_024
    static let maxDirectorySize = 16 << 20

    var entries: [Entry]

    private static let endSignature: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
    private static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    private static let zip64EndSignature: UInt32 = 0x0606_4B50
    private static let centralSignature: UInt32 = 0x0201_4B50
    private static let localSignature: UInt32 = 0x0403_4B50

    /// Reads the central directory, or `nil` when the file is not a well-formed, self-consistent
    /// ZIP file within the bounds above.
    init?(_ source: some UploadByteSource) {
        let endRecordSize = 22
        let tailLength = Int(min(source.size, UInt64(0xFFFF + endRecordSize)))
        guard tailLength >= endRecordSize,
              let tail = source.bytes(at: source.size - UInt64(tailLength), count: tailLength)
        else { return nil }
        let tailStart = source.size - UInt64(tailLength)

        // The end record is the last "PK\5\6" whose comment fits in the file.
        var found: Int?
        var index = tailLength - endRecordSize
        while index >= 0 {
            if tail.hasBytes(Self.endSignature, at: index),
               let commentLength = tail.uint16LE(at: index + 20),
               index + endRecordSize + Int(commentLength) <= tailLength {
                found = index
                break
            }
            index -= 1
        }
        guard let end = found,
              let disk = tail.uint16LE(at: end + 4), let directoryDisk = tail.uint16LE(at: end + 6),
              let entriesOnDisk = tail.uint16LE(at: end + 8), let totalEntries16 = tail.uint16LE(at: end + 10),
              let directorySize32 = tail.uint32LE(at: end + 12), let directoryOffset32 = tail.uint32LE(at: end + 16)
        else { return nil }
        let endOffset = tailStart + UInt64(end)

        var totalEntries = UInt64(totalEntries16)
        var directorySize = UInt64(directorySize32)
        var directoryOffset = UInt64(directoryOffset32)
        // The end of the central directory: the end record, or the ZIP64 end record before it.
        var directoryLimit = endOffset

        let usesZip64 = totalEntries16 == 0xFFFF || entriesOnDisk == 0xFFFF
            || directorySize32 == 0xFFFF_FFFF || directoryOffset32 == 0xFFFF_FFFF
            || disk == 0xFFFF || directoryDisk == 0xFFFF
        if endOffset >= 20,
           let locator = source.bytes(at: endOffset - 20, count: 20),
           locator.uint32LE(at: 0) == Self.zip64LocatorSignature {
            guard let record64Offset = locator.uint64LE(at: 8),
                  locator.uint32LE(at: 4) == 0, (locator.uint32LE(at: 16) ?? 2) <= 1,
                  record64Offset < endOffset - 20,
                  let record = source.bytes(at: record64Offset, count: 56),
                  record.uint32LE(at: 0) == Self.zip64EndSignature,
                  record.uint32LE(at: 16) == 0, record.uint32LE(at: 20) == 0,
                  let onDisk64 = record.uint64LE(at: 24), let total64 = record.uint64LE(at: 32),
                  onDisk64 == total64,
                  let size64 = record.uint64LE(at: 40), let offset64 = record.uint64LE(at: 48)
            else { return nil }
            totalEntries = total64
            directorySize = size64
            directoryOffset = offset64
            directoryLimit = record64Offset
        } else {
            // Split archives are not accepted, nor a ZIP64 marker without its record.
            guard !usesZip64, disk == 0, directoryDisk == 0, entriesOnDisk == totalEntries16 else { return nil }
        }

        guard totalEntries <= UInt64(Self.maxEntries),
              directorySize <= UInt64(Self.maxDirectorySize),
              directoryOffset <= directoryLimit, directorySize <= directoryLimit - directoryOffset,
              let directory = source.bytes(at: directoryOffset, count: Int(directorySize))
        else { return nil }

        var entries: [Entry] = []
        var position = 0
        while position < directory.count {
            guard entries.count < Int(totalEntries),
                  directory.uint32LE(at: position) == Self.centralSignature,
                  let method = directory.uint16LE(at: position + 10),
                  let compressed32 = directory.uint32LE(at: position + 20),
                  let uncompressed32 = directory.uint32LE(at: position + 24),
                  let nameLength = directory.uint16LE(at: position + 28),
                  let extraLength = directory.uint16LE(at: position + 30),
                  let commentLength = directory.uint16LE(at: position + 32),
                  let startDisk = directory.uint16LE(at: position + 34),
                  let offset32 = directory.uint32LE(at: position + 42),
                  Int(nameLength) <= Self.maxNameLength
            else { return nil }
            let nameStart = position + 46
            let extraStart = nameStart + Int(nameLength)
            let next = extraStart + Int(extraLength) + Int(commentLength)
            guard next <= directory.count else { return nil }
            let nameBytes = directory[nameStart..<extraStart]

            var uncompressed = UInt64(uncompressed32)
            var compressed = UInt64(compressed32)
            var offset = UInt64(offset32)
            if uncompressed32 == 0xFFFF_FFFF || compressed32 == 0xFFFF_FFFF || offset32 == 0xFFFF_FFFF
                || startDisk == 0xFFFF {
                // The ZIP64 extra field holds, in this order, only the values marked 0xFFFFFFFF.
                let extra = Array(directory[extraStart..<extraStart + Int(extraLength)])
                guard let zip64 = Self.zip64Extra(in: extra) else { return nil }
                var cursor = 0
                func nextValue() -> UInt64? {
                    defer { cursor += 8 }
                    return zip64.uint64LE(at: cursor)
                }
                if uncompressed32 == 0xFFFF_FFFF { guard let v = nextValue() else { return nil }; uncompressed = v }
                if compressed32 == 0xFFFF_FFFF { guard let v = nextValue() else { return nil }; compressed = v }
                if offset32 == 0xFFFF_FFFF { guard let v = nextValue() else { return nil }; offset = v }
            } else if startDisk != 0 {
                return nil
            }
            guard offset < directoryOffset else { return nil }

            entries.append(Entry(name: String(decoding: nameBytes, as: UTF8.self), method: method,
                                 compressedSize: compressed, uncompressedSize: uncompressed,
                                 localHeaderOffset: offset))
            position = next
        }
        // The count in the end record and the entries actually present must agree: an entry hidden
        // past the count (or a count past the entries) is a sign of a crafted file.
        guard entries.count == Int(totalEntries) else { return nil }
        self.entries = entries
    }

    /// The data of the ZIP64 extended-information extra field (header ID 0x0001), if present.
    private static func zip64Extra(in extra: [UInt8]) -> [UInt8]? {
        var position = 0
        while position + 4 <= extra.count {
            guard let id = extra.uint16LE(at: position), let length = extra.uint16LE(at: position + 2) else { return nil }
            let dataStart = position + 4
            guard dataStart + Int(length) <= extra.count else { return nil }
            if id == 0x0001 { return Array(extra[dataStart..<dataStart + Int(length)]) }
            position = dataStart + Int(length)
        }
        return nil
    }

    /// The stored (uncompressed) content of `entry`, read through its local header, when it is
    /// stored, at most `limit` bytes long and the local header names the same file.
    static func storedContent(of entry: Entry, in source: some UploadByteSource, limit: Int) -> [UInt8]? {
        guard entry.method == 0, entry.compressedSize == entry.uncompressedSize,
              entry.uncompressedSize <= UInt64(limit),
              let header = source.bytes(at: entry.localHeaderOffset, count: 30),
              header.uint32LE(at: 0) == localSignature,
              header.uint16LE(at: 8) == 0,
              let nameLength = header.uint16LE(at: 26), let extraLength = header.uint16LE(at: 28),
              let name = source.bytes(at: entry.localHeaderOffset + 30, count: Int(nameLength)),
              String(decoding: name, as: UTF8.self) == entry.name
        else { return nil }
        let dataOffset = entry.localHeaderOffset + 30 + UInt64(nameLength) + UInt64(extraLength)
        return source.bytes(at: dataOffset, count: Int(entry.uncompressedSize))
    }
}
