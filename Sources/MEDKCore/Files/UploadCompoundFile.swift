import Foundation

/// The directory of an OLE2 compound file ([MS-CFB]): the container of the old Office formats
/// (doc, xls, ppt), and also of MSI installers, Outlook messages and encrypted Office files.
/// Which of them a file is shows in the names of its streams and storages.
///
/// The header, the DIFAT, the FAT entries along the directory chain and the directory sectors are
/// read from the file; every sector number is range-checked, chains that loop are rejected, and
/// the number of sectors and entries read is capped, so a crafted file cannot crash or hang it.
struct UploadCompoundFile {
    struct Entry {
        var name: String
        /// 1 storage, 2 stream, 5 root storage (0 = unused slot, left out).
        var type: UInt8
        var left: UInt32
        var right: UInt32
        var child: UInt32
    }

    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    static let maxDirectoryEntries = 10_000
    /// FAT sectors looked up through the DIFAT: enough for a 4 GiB file with 512-byte sectors.
    static let maxFATSectors = 1 << 16

    private static let maxRegularSector: UInt32 = 0xFFFF_FFFA
    private static let endOfChain: UInt32 = 0xFFFF_FFFE
    private static let noStream: UInt32 = 0xFFFF_FFFF

    /// Every used directory entry, in directory order (the root storage first).
    var entries: [Entry]
    /// The names of the streams and storages directly inside the root storage.
    var rootChildren: [String]

    init?(_ source: some UploadByteSource) {
        guard let header = source.bytes(at: 0, count: 512), header.hasBytes(Self.signature),
              header.uint16LE(at: 28) == 0xFFFE,
              let major = header.uint16LE(at: 26), let shift = header.uint16LE(at: 30),
              (major == 3 && shift == 9) || (major == 4 && shift == 12),
              let fatCount = header.uint32LE(at: 44), let firstDirectorySector = header.uint32LE(at: 48),
              let firstDIFATSector = header.uint32LE(at: 68), let difatCount = header.uint32LE(at: 72)
        else { return nil }
        let sectorSize = 1 << Int(shift)
        let perSector = sectorSize / 4
        // Sectors that can exist in a file of this size (the header takes the place of sector -1).
        let sectorsInFile = source.size >> UInt64(shift)
        guard UInt64(fatCount) <= sectorsInFile, Int(fatCount) <= Self.maxFATSectors else { return nil }

        func sectorOffset(_ sector: UInt32) -> UInt64 { (UInt64(sector) + 1) << UInt64(shift) }

        // The FAT sectors: 109 numbers in the header, the rest in the DIFAT chain.
        var fatSectors: [UInt32] = []
        for i in 0..<min(Int(fatCount), 109) {
            guard let sector = header.uint32LE(at: 76 + 4 * i) else { return nil }
            fatSectors.append(sector)
        }
        var difatSector = firstDIFATSector
        var visitedDIFAT = Set<UInt32>()
        while fatSectors.count < Int(fatCount), difatSector <= Self.maxRegularSector {
            guard visitedDIFAT.count < Int(difatCount), visitedDIFAT.insert(difatSector).inserted,
                  let block = source.bytes(at: sectorOffset(difatSector), count: sectorSize)
            else { return nil }
            for i in 0..<(perSector - 1) where fatSectors.count < Int(fatCount) {
                guard let sector = block.uint32LE(at: 4 * i) else { return nil }
                fatSectors.append(sector)
            }
            guard let next = block.uint32LE(at: sectorSize - 4) else { return nil }
            difatSector = next
        }

        var fatCache: [UInt32: [UInt8]] = [:]
        func nextSector(after sector: UInt32) -> UInt32? {
            let index = Int(sector) / perSector
            guard index < fatSectors.count else { return nil }
            let fatSector = fatSectors[index]
            guard fatSector <= Self.maxRegularSector else { return nil }
            if fatCache[fatSector] == nil {
                guard let block = source.bytes(at: sectorOffset(fatSector), count: sectorSize) else { return nil }
                fatCache[fatSector] = block
            }
            return fatCache[fatSector]?.uint32LE(at: 4 * (Int(sector) % perSector))
        }

        // The directory: 128-byte entries along the chain from the first directory sector.
        var slots: [Entry?] = []
        var sector = firstDirectorySector
        var visited = Set<UInt32>()
        while sector != Self.endOfChain {
            guard sector <= Self.maxRegularSector, visited.insert(sector).inserted,
                  slots.count < Self.maxDirectoryEntries,
                  let block = source.bytes(at: sectorOffset(sector), upTo: sectorSize),
                  block.count >= 128
            else { return nil }
            for start in stride(from: 0, through: block.count - 128, by: 128) {
                slots.append(Self.entry(in: block, at: start))
            }
            guard let next = nextSector(after: sector) else { return nil }
            sector = next
        }
        guard let root = slots.first, let root, root.type == 5 else { return nil }

        // The root's children: a binary tree threaded through left/right, each node visited once.
        var children: [String] = []
        var pending = [root.child]
        var seen = Set<UInt32>()
        while let id = pending.popLast() {
            if id == Self.noStream { continue }
            guard Int(id) < slots.count, let node = slots[Int(id)], seen.insert(id).inserted else { return nil }
            children.append(node.name)
            pending.append(node.left)
            pending.append(node.right)
        }
        self.entries = slots.compactMap { $0 }
        self.rootChildren = children
    }

    /// The entry at `start` of a directory sector, `nil` for an unused slot.
    private static func entry(in block: [UInt8], at start: Int) -> Entry? {
        let type = block[start + 66]
        guard type == 1 || type == 2 || type == 5,
              let nameLength = block.uint16LE(at: start + 64),
              let left = block.uint32LE(at: start + 68), let right = block.uint32LE(at: start + 72),
              let child = block.uint32LE(at: start + 76)
        else { return nil }
        var units: [UInt16] = []
        if nameLength >= 2, nameLength <= 64, nameLength % 2 == 0 {
            for i in 0..<(Int(nameLength) / 2 - 1) {
                guard let unit = block.uint16LE(at: start + 2 * i) else { break }
                units.append(unit)
            }
        }
        return Entry(name: String(decoding: units, as: UTF16.self), type: type, left: left, right: right, child: child)
    }
}
