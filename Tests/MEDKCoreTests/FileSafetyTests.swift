import Foundation
import Testing
@testable import MEDKCore

// MARK: - Building sample files

private extension Array where Element == UInt8 {
    mutating func appendLE16(_ value: UInt16) { append(contentsOf: [UInt8(value & 0xFF), UInt8(value >> 8)]) }
    mutating func appendLE32(_ value: UInt32) { for i in 0..<4 { append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(i)))) } }
    mutating func appendLE64(_ value: UInt64) { for i in 0..<8 { append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) } }
    mutating func appendBE32(_ value: UInt32) { for i in (0..<4).reversed() { append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(i)))) } }
    mutating func setLE32(_ value: UInt32, at index: Int) {
        for i in 0..<4 { self[index + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
    }
}

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

private func crc32(_ data: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in data {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
    }
    return ~crc
}

/// A tiny ZIP writer: stored entries with CRC-32, optionally with ZIP64 end records.
private struct ZipWriter {
    struct Entry {
        var name: String
        var data: [UInt8]
        /// What the central directory claims the entry unpacks to (for zip-bomb tests).
        var claimedSize: UInt32?
    }

    var entries: [Entry] = []
    var zip64 = false
    var comment: [UInt8] = []

    mutating func add(_ name: String, _ data: [UInt8], claimedSize: UInt32? = nil) {
        entries.append(Entry(name: name, data: data, claimedSize: claimedSize))
    }

    mutating func add(_ name: String, _ text: String) { add(name, bytes(text)) }

    func archive() -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        for entry in entries {
            let name = bytes(entry.name)
            let crc = crc32(entry.data)
            let offset = UInt32(out.count)
            out.appendLE32(0x0403_4B50)
            out.appendLE16(20); out.appendLE16(0x0800); out.appendLE16(0)  // version, UTF-8 flag, stored
            out.appendLE16(0); out.appendLE16(0x21)  // time, date
            out.appendLE32(crc); out.appendLE32(UInt32(entry.data.count)); out.appendLE32(UInt32(entry.data.count))
            out.appendLE16(UInt16(name.count)); out.appendLE16(0)
            out += name
            out += entry.data

            central.appendLE32(0x0201_4B50)
            central.appendLE16(20); central.appendLE16(20); central.appendLE16(0x0800); central.appendLE16(0)
            central.appendLE16(0); central.appendLE16(0x21)
            central.appendLE32(crc); central.appendLE32(UInt32(entry.data.count))
            central.appendLE32(entry.claimedSize ?? UInt32(entry.data.count))
            central.appendLE16(UInt16(name.count)); central.appendLE16(0); central.appendLE16(0)
            central.appendLE16(0); central.appendLE16(0); central.appendLE32(0)
            central.appendLE32(offset)
            central += name
        }
        let centralOffset = out.count
        out += central
        let count = entries.count
        if zip64 {
            let record = out.count
            out.appendLE32(0x0606_4B50); out.appendLE64(44)
            out.appendLE16(45); out.appendLE16(45); out.appendLE32(0); out.appendLE32(0)
            out.appendLE64(UInt64(count)); out.appendLE64(UInt64(count))
            out.appendLE64(UInt64(central.count)); out.appendLE64(UInt64(centralOffset))
            out.appendLE32(0x0706_4B50); out.appendLE32(0); out.appendLE64(UInt64(record)); out.appendLE32(1)
        }
        out.appendLE32(0x0605_4B50)
        out.appendLE16(0); out.appendLE16(0)
        out.appendLE16(zip64 ? 0xFFFF : UInt16(count)); out.appendLE16(zip64 ? 0xFFFF : UInt16(count))
        out.appendLE32(zip64 ? 0xFFFF_FFFF : UInt32(central.count))
        out.appendLE32(zip64 ? 0xFFFF_FFFF : UInt32(centralOffset))
        out.appendLE16(UInt16(comment.count))
        out += comment
        return out
    }
}

/// A minimal OLE2 compound file writer (version 3 with 512-byte sectors, or version 4 with 4096):
/// the header, one FAT sector (sector 0) and the directory in sectors 1…n. Streams are empty; only
/// names and the tree matter.
private struct CompoundFileWriter {
    indirect enum Node {
        case stream(String)
        case storage(String, [Node])
    }

    static let endOfChain: UInt32 = 0xFFFF_FFFE
    static let noStream: UInt32 = 0xFFFF_FFFF

    static func file(_ rootChildren: [Node], version: UInt16 = 3) -> [UInt8] {
        let sectorSize = version == 4 ? 4096 : 512
        let entriesPerSector = sectorSize / 128
        struct Flat { var name: String; var type: UInt8; var left: UInt32 = 0xFFFF_FFFF; var right: UInt32 = 0xFFFF_FFFF; var child: UInt32 = 0xFFFF_FFFF }
        var flat = [Flat(name: "Root Entry", type: 5)]
        func place(_ nodes: [Node]) -> UInt32 {
            var indices: [Int] = []
            for node in nodes {
                switch node {
                case .stream(let name):
                    flat.append(Flat(name: name, type: 2))
                    indices.append(flat.count - 1)
                case .storage(let name, let children):
                    flat.append(Flat(name: name, type: 1))
                    let index = flat.count - 1
                    indices.append(index)
                    flat[index].child = place(children)
                }
            }
            for (a, b) in zip(indices, indices.dropFirst()) { flat[a].right = UInt32(b) }
            return indices.first.map(UInt32.init) ?? noStream
        }
        flat[0].child = place(rootChildren)

        let directorySectors = (flat.count + entriesPerSector - 1) / entriesPerSector
        var out: [UInt8] = CompoundFileWriter.signature
        out += [UInt8](repeating: 0, count: 16)  // CLSID
        out.appendLE16(0x3E); out.appendLE16(version); out.appendLE16(0xFFFE); out.appendLE16(version == 4 ? 12 : 9)
        out.appendLE16(6)
        out += [UInt8](repeating: 0, count: 6)
        out.appendLE32(version == 4 ? UInt32(directorySectors) : 0)  // directory sectors (0 in version 3)
        out.appendLE32(1)  // FAT sectors
        out.appendLE32(1)  // first directory sector
        out.appendLE32(0)  // transaction
        out.appendLE32(4096)
        out.appendLE32(endOfChain); out.appendLE32(0)  // mini FAT
        out.appendLE32(endOfChain); out.appendLE32(0)  // DIFAT
        out.appendLE32(0)  // the FAT is sector 0
        for _ in 1..<109 { out.appendLE32(0xFFFF_FFFF) }
        while out.count < sectorSize { out.append(0) }  // version 4: the header fills a whole sector

        var fat: [UInt8] = []
        fat.appendLE32(0xFFFF_FFFD)  // sector 0 is the FAT
        for sector in 1...directorySectors {
            fat.appendLE32(sector == directorySectors ? endOfChain : UInt32(sector + 1))
        }
        while fat.count < sectorSize { fat.appendLE32(0xFFFF_FFFF) }
        out += fat

        for slot in 0..<(directorySectors * entriesPerSector) {
            var entry: [UInt8] = []
            if slot < flat.count {
                let node = flat[slot]
                let units = Array(node.name.utf16)
                for unit in units { entry.appendLE16(unit) }
                while entry.count < 64 { entry.append(0) }
                entry.appendLE16(UInt16((units.count + 1) * 2))
                entry.append(node.type); entry.append(1)  // black
                entry.appendLE32(node.left); entry.appendLE32(node.right); entry.appendLE32(node.child)
                entry += [UInt8](repeating: 0, count: 16 + 4 + 16)  // CLSID, state, times
                entry.appendLE32(endOfChain); entry.appendLE64(0)
            } else {
                entry += [UInt8](repeating: 0, count: 68)
                entry.appendLE32(noStream); entry.appendLE32(noStream); entry.appendLE32(noStream)
                entry += [UInt8](repeating: 0, count: 48)
            }
            out += entry
        }
        return out
    }

    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
}

private enum Sample {
    static let pdf = bytes("""
        %PDF-1.4
        1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
        2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj
        trailer << /Root 1 0 R >>
        %%EOF

        """)

    static var png: [UInt8] {
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            var out: [UInt8] = []
            out.appendBE32(UInt32(data.count))
            let body = bytes(type) + data
            out += body
            out.appendBE32(crc32(body))
            return out
        }
        var header: [UInt8] = []
        header.appendBE32(1); header.appendBE32(1); header += [8, 0, 0, 0, 0]  // 1×1, 8-bit grey
        let scanline: [UInt8] = [0, 0xFF]
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in scanline { a = (a + UInt32(byte)) % 65521; b = (b + a) % 65521 }
        var zlib: [UInt8] = [0x78, 0x01, 0x01, 0x02, 0x00, 0xFD, 0xFF] + scanline
        zlib.appendBE32(b << 16 | a)
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header) + chunk("IDAT", zlib) + chunk("IEND", [])
    }

    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + bytes("JFIF") + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        + [0xFF, 0xD9]

    static func mp4(brand: String = "isom", compatible: [String] = ["isom", "iso2", "avc1", "mp41"]) -> [UInt8] {
        var out: [UInt8] = []
        out.appendBE32(UInt32(16 + 4 * compatible.count))
        out += bytes("ftyp") + bytes(brand)
        out.appendBE32(0x200)
        for brand in compatible { out += bytes(brand) }
        out.appendBE32(8 + 4); out += bytes("mdat") + [0, 0, 0, 0]
        return out
    }

    static func ebml(docType: String) -> [UInt8] {
        var children: [UInt8] = [0x42, 0x86, 0x81, 0x01, 0x42, 0xF7, 0x81, 0x01, 0x42, 0xF2, 0x81, 0x04, 0x42, 0xF3, 0x81, 0x08]
        children += [0x42, 0x82, 0x80 | UInt8(docType.utf8.count)] + bytes(docType)
        children += [0x42, 0x87, 0x81, 0x04, 0x42, 0x85, 0x81, 0x02]
        return [0x1A, 0x45, 0xDF, 0xA3, 0x80 | UInt8(children.count)] + children
            + [0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
    }

    static let webm = ebml(docType: "webm")

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/></Types>
        """

    static func ooxml(_ folder: String, _ mainPart: String, extra: [(String, [UInt8])] = [], zip64: Bool = false) -> [UInt8] {
        var zip = ZipWriter()
        zip.zip64 = zip64
        zip.add("[Content_Types].xml", contentTypes)
        zip.add("_rels/.rels", "<Relationships/>")
        zip.add("docProps/core.xml", "<coreProperties/>")
        zip.add("\(folder)/\(mainPart)", "<root/>")
        zip.add("\(folder)/_rels/\(mainPart).rels", "<Relationships/>")
        for (name, data) in extra { zip.add(name, data) }
        return zip.archive()
    }

    static func docx(extra: [(String, [UInt8])] = [], zip64: Bool = false) -> [UInt8] {
        ooxml("word", "document.xml", extra: extra, zip64: zip64)
    }
    static let xlsx = ooxml("xl", "workbook.xml")
    static let pptx = ooxml("ppt", "presentation.xml")

    static func odf(_ mimeType: String, extra: [(String, [UInt8])] = []) -> [UInt8] {
        var zip = ZipWriter()
        zip.add("mimetype", mimeType)
        zip.add("content.xml", "<office:document-content/>")
        zip.add("META-INF/manifest.xml", "<manifest:manifest/>")
        for (name, data) in extra { zip.add(name, data) }
        return zip.archive()
    }

    static let odt = odf("application/vnd.oasis.opendocument.text")
    static let ods = odf("application/vnd.oasis.opendocument.spreadsheet")

    static let summary: [CompoundFileWriter.Node] = [.stream("\u{1}CompObj"), .stream("\u{5}SummaryInformation")]
    static let doc = CompoundFileWriter.file(summary + [.stream("WordDocument"), .stream("1Table")])
    static let xls = CompoundFileWriter.file(summary + [.stream("Workbook")])
    static let ppt = CompoundFileWriter.file(summary + [.stream("Current User"), .stream("PowerPoint Document")])

    static func of(_ kind: UploadKind) -> [UInt8] {
        switch kind {
        case .pdf: pdf
        case .doc: doc
        case .docx: docx()
        case .xls: xls
        case .xlsx: xlsx
        case .odt: odt
        case .ods: ods
        case .ppt: ppt
        case .pptx: pptx
        case .jpeg: jpeg
        case .png: png
        case .mp4: mp4()
        case .webm: webm
        }
    }
}

// MARK: - Running the inspector on real files

private final class Scratch {
    let folder: URL

    init() {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("medk-files-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func write(_ content: [UInt8], as name: String = "upload.bin") -> URL {
        let url = folder.appendingPathComponent(name)
        if !FileManager.default.fileExists(atPath: url.path) {
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        }
        // Rewriting in place: much faster than `createFile`'s write-and-rename for the fuzz rounds.
        if let handle = try? FileHandle(forWritingTo: url) {
            try? handle.truncate(atOffset: 0)
            try? handle.write(contentsOf: content)
            try? handle.close()
        }
        return url
    }
}

/// What the inspector says about `content` uploaded as `name`, read from a file on disk.
private func verdict(_ content: [UInt8], named name: String) -> Result<UploadKind, UploadRefusal> {
    let scratch = Scratch()
    let url = scratch.write(content)
    return Result { () throws(UploadRefusal) -> UploadKind in
        try UploadInspector.inspect(fileAt: url, declaredName: name)
    }
}

// MARK: - Accepted documents

@Test(arguments: UploadKind.allCases)
func aSchoolUploadsEveryAcceptedKindAndItIsRecognisedFromTheContent(kind: UploadKind) {
    let content = Sample.of(kind)
    for name in ["Отчёт.\(kind.extensions[0])", "ОТЧЁТ.\(kind.extensions[0].uppercased())", "Отчёт без расширения"] {
        #expect(verdict(content, named: name) == .success(kind), "\(kind) named \(name)")
        #expect(throws: Never.self) { _ = try UploadInspector.inspect(content, declaredName: name) }
    }
}

@Test func aPhotoNamedEitherJpgOrJpegIsAccepted() {
    #expect(verdict(Sample.jpeg, named: "фото.jpg") == .success(.jpeg))
    #expect(verdict(Sample.jpeg, named: "фото.JPEG") == .success(.jpeg))
}

@Test func aPDFWithAFewBytesOfJunkBeforeItsMarkerIsStillAPDF() {
    #expect(verdict(bytes("\u{FEFF}Content-Type: application/pdf\r\n\r\n") + Sample.pdf, named: "скан.pdf") == .success(.pdf))
    let farAway = [UInt8](repeating: 0x20, count: 1020) + Sample.pdf
    #expect(verdict(farAway, named: "скан.pdf") == .failure(.unsupportedType))
}

@Test func aWebPageThatHidesAPDFMarkerIsNotTakenForAPDF() {
    #expect(verdict(bytes("<html><script>alert(1)</script>") + Sample.pdf, named: "отчёт.pdf") == .failure(.unsupportedType))
    #expect(verdict(bytes("<svg xmlns='http://www.w3.org/2000/svg'/>"), named: "логотип.svg") == .failure(.unsupportedType))
}

@Test func aLessonVideoFromAPhoneOrCameraIsAcceptedByItsBrand() {
    #expect(verdict(Sample.mp4(brand: "mp42", compatible: ["mp42", "isom"]), named: "урок.mp4") == .success(.mp4))
    #expect(verdict(Sample.mp4(brand: "3gp4", compatible: []), named: "урок.mp4") == .success(.mp4))
    #expect(verdict(Sample.mp4(brand: "XAVC", compatible: ["XAVC", "mp42", "iso2"]), named: "урок.MP4") == .success(.mp4))
    #expect(verdict(Sample.mp4(brand: "M4V ", compatible: []), named: "урок.m4v") == .success(.mp4))
}

@Test func quickTimeAudioAndHEIFFilesInTheSameContainerAreNotMP4Video() {
    #expect(verdict(Sample.mp4(brand: "qt  ", compatible: ["qt  "]), named: "урок.mov") == .failure(.unsupportedType))
    #expect(verdict(Sample.mp4(brand: "M4A ", compatible: ["M4A ", "mp42", "isom"]), named: "песня.m4a") == .failure(.unsupportedType))
    #expect(verdict(Sample.mp4(brand: "heic", compatible: ["mif1", "heic"]), named: "фото.heic") == .failure(.unsupportedType))
    #expect(verdict(Sample.mp4(brand: "XAVC", compatible: ["XAVC"]), named: "урок.mp4") == .failure(.unsupportedType))
}

@Test func aMatroskaVideoIsNotAcceptedAsWebM() {
    #expect(verdict(Sample.ebml(docType: "matroska"), named: "урок.mkv") == .failure(.unsupportedType))
    #expect(verdict(Sample.ebml(docType: "matroska"), named: "урок.webm") == .failure(.unsupportedType))
    #expect(UploadInspector.ebmlDocType(Sample.webm) == "webm")
}

@Test func aLargeLessonVideoIsRecognisedWithoutReadingItWhole() throws {
    let scratch = Scratch()
    let url = scratch.write(Sample.mp4(), as: "большое видео.mp4")
    let handle = try FileHandle(forWritingTo: url)
    try handle.truncate(atOffset: 3 << 30)  // a sparse 3 GiB file
    try handle.close()
    let source = CountingBytes(try #require(UploadFileBytes(url: url)))
    #expect(try UploadInspector.inspect(source, declaredName: "большое видео.mp4") == .mp4)
    // Counted, not timed: the decision reads a few boxes of a 3 GiB file, never the file.
    #expect(source.read < 1 << 20, "\(source.read) bytes read")
}

/// Counts the bytes the inspector asks for.
private final class CountingBytes: UploadByteSource {
    let inner: UploadFileBytes
    private(set) var read = 0
    init(_ inner: UploadFileBytes) { self.inner = inner }
    var size: UInt64 { inner.size }
    func bytes(at offset: UInt64, count: Int) -> [UInt8]? {
        read += count
        return inner.bytes(at: offset, count: count)
    }
}

@Test func aZip64WordDocumentIsAccepted() {
    #expect(verdict(Sample.docx(zip64: true), named: "отчёт.docx") == .success(.docx))
}

@Test func aDocumentWithAnArchiveCommentOrLargeSectorsIsStillRecognised() {
    var commented = ZipWriter()
    commented.add("mimetype", UploadKind.ods.mimeType)
    commented.add("content.xml", "<c/>")
    commented.comment = bytes("Сохранено в школе PK\u{5}\u{6} — ложная подпись в комментарии")
    #expect(verdict(commented.archive(), named: "таблица.ods") == .success(.ods))
    let version4 = CompoundFileWriter.file(Sample.summary + [.stream("PowerPoint Document"), .stream("Current User")], version: 4)
    #expect(version4.count == 3 * 4096)
    #expect(verdict(version4, named: "урок.ppt") == .success(.ppt))
}

@Test func anExcel5WorkbookWhoseStreamIsCalledBookIsAnXLS() {
    #expect(verdict(CompoundFileWriter.file([.stream("Book")]), named: "таблица.xls") == .success(.xls))
}

// MARK: - Names that lie about the content

@Test func aPDFNamedAsAWordDocumentIsRefusedAndTheRightExtensionIsNamed() {
    #expect(verdict(Sample.pdf, named: "отчёт.docx") == .failure(.mismatchedExtension(expected: ["pdf"])))
    #expect(verdict(Sample.jpeg, named: "фото.png") == .failure(.mismatchedExtension(expected: ["jpg", "jpeg"])))
    #expect(verdict(Sample.docx(), named: "отчёт.doc") == .failure(.mismatchedExtension(expected: ["docx"])))
    #expect(verdict(Sample.pdf, named: "отчёт\u{202E}fdp.exe") == .failure(.mismatchedExtension(expected: ["pdf"])))
}

@Test func aNameWithoutARealExtensionIsAcceptedAndGetsOneWhenStored() {
    #expect(verdict(Sample.pdf, named: "Протокол от 12.03") == .success(.pdf))
    #expect(verdict(Sample.pdf, named: "Отчёт И.И. Иванова") == .success(.pdf))
    #expect(SafeFileName.withExtension("Протокол от 12.03", for: .pdf) == "Протокол от 12.03.pdf")
}

// MARK: - Programs and macros

@Test func aProgramRenamedToADocumentIsRefusedAsAnExecutable() {
    let programs: [(String, [UInt8])] = [
        ("ELF", [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0]),
        ("Windows PE", bytes("MZ") + [0x90, 0, 3, 0, 0, 0] + bytes("This program cannot be run in DOS mode")),
        ("Mach-O 32", [0xFE, 0xED, 0xFA, 0xCE, 0, 0, 0, 7]),
        ("Mach-O 32 LE", [0xCE, 0xFA, 0xED, 0xFE, 7, 0, 0, 0]),
        ("Mach-O 64", [0xFE, 0xED, 0xFA, 0xCF, 0, 0, 0, 7]),
        ("Mach-O 64 LE", [0xCF, 0xFA, 0xED, 0xFE, 7, 0, 0, 1]),
        ("fat Mach-O or Java class", [0xCA, 0xFE, 0xBA, 0xBE, 0, 0, 0, 2]),
        ("fat Mach-O 64", [0xCA, 0xFE, 0xBA, 0xBF, 0, 0, 0, 2]),
        ("shell script", bytes("#!/bin/sh\nrm -rf /\n")),
        ("python script", bytes("#!/usr/bin/env python3\nprint(1)\n")),
        ("Windows shortcut", [0x4C, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0, 0xC0, 0, 0, 0, 0, 0, 0, 0x46, 0x9B, 0, 0, 0]),
    ]
    for (what, content) in programs {
        #expect(verdict(content, named: "отчёт.pdf") == .failure(.executable), "\(what)")
        #expect(UploadInspector.sniff(content) == .refused(.executable), "\(what)")
    }
}

@Test func aWordDocumentWithMacrosIsRefusedNamingTheMacroPart() {
    let docm = Sample.docx(extra: [("word/vbaProject.bin", CompoundFileWriter.signature)])
    #expect(verdict(docm, named: "отчёт.docx") == .failure(.archiveWithExecutable("word/vbaProject.bin")))
    let xlsm = Sample.ooxml("xl", "workbook.xml", extra: [("xl/macrosheets/sheet1.xml", bytes("<xm/>"))])
    #expect(verdict(xlsm, named: "таблица.xlsx") == .failure(.archiveWithExecutable("xl/macrosheets/sheet1.xml")))
    let odtWithBasic = Sample.odf(UploadKind.odt.mimeType, extra: [("Basic/Standard/Module1.xml", bytes("<m/>"))])
    #expect(verdict(odtWithBasic, named: "отчёт.odt") == .failure(.archiveWithExecutable("Basic/Standard/Module1.xml")))
    let odsWithScript = Sample.odf(UploadKind.ods.mimeType, extra: [("Scripts/python/report.py", bytes("import os"))])
    #expect(verdict(odsWithScript, named: "таблица.ods") == .failure(.archiveWithExecutable("Scripts/python/report.py")))
    let docxWithXlsm = Sample.docx(extra: [("word/embeddings/Microsoft_Excel_Macro-Enabled_Worksheet.xlsm", [1])])
    #expect(verdict(docxWithXlsm, named: "отчёт.docx")
        == .failure(.archiveWithExecutable("word/embeddings/Microsoft_Excel_Macro-Enabled_Worksheet.xlsm")))
}

@Test func anOldOpenOfficeDocumentWithEmptyMacroLibrariesIsAccepted() {
    let old = Sample.odf(UploadKind.odt.mimeType, extra: [
        ("Basic/", []), ("Basic/script-lc.xml", bytes("<library:libraries/>")),
        ("Basic/Standard/script-lb.xml", bytes("<library:library/>")), ("Dialogs/Standard/dialog-lb.xml", bytes("<d/>")),
    ])
    #expect(verdict(old, named: "старый отчёт.odt") == .success(.odt))
}

@Test func anOfficeDocumentCarryingAProgramIsRefusedNamingIt() {
    for name in ["word/embeddings/setup.exe", "word/media/run.EXE. ", "word\\media\\script.ps1", "Payload.app/Contents/Info.plist",
                 "word/macro.vbs", "word/lib.jar", "install.msi"] {
        let content = Sample.docx(extra: [(name, bytes("MZ"))])
        #expect(verdict(content, named: "отчёт.docx") == .failure(.archiveWithExecutable(name)), "\(name)")
    }
}

@Test func anOldOfficeDocumentWithVBAMacrosIsRefused() {
    let doc = CompoundFileWriter.file([.stream("WordDocument"), .storage("Macros", [.storage("VBA", [.stream("dir")])])])
    #expect(verdict(doc, named: "отчёт.doc") == .failure(.archiveWithExecutable("Macros")))
    let xls = CompoundFileWriter.file([.stream("Workbook"), .storage("_VBA_PROJECT_CUR", [.stream("PROJECT")])])
    #expect(verdict(xls, named: "таблица.xls") == .failure(.archiveWithExecutable("_VBA_PROJECT_CUR")))
}

// MARK: - Kinds that are not accepted

@Test func archivesWebPagesAndOtherKindsAreNotAccepted() {
    var plain = ZipWriter()
    plain.add("фото.jpg", Sample.jpeg)
    plain.add("readme.txt", "привет")
    let others: [(String, [UInt8])] = [
        ("архив.zip", plain.archive()),
        ("архив.rar", bytes("Rar!") + [0x1A, 0x07, 0x01, 0x00]),
        ("архив.7z", bytes("7z") + [0xBC, 0xAF, 0x27, 0x1C, 0, 4]),
        ("страница.html", bytes("<!DOCTYPE html><html><body>Отчёт</body></html>")),
        ("текст.txt", bytes("Просто текст")),
        ("пустой.zip", [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18)),
        ("gif.gif", bytes("GIF89a") + [1, 0, 1, 0]),
    ]
    for (name, content) in others {
        #expect(verdict(content, named: name) == .failure(.unsupportedType), "\(name)")
    }
}

@Test func anOfficeFileOfAnotherApplicationOrAPresentationInOpenDocumentIsNotAccepted() {
    #expect(verdict(Sample.odf("application/vnd.oasis.opendocument.presentation"), named: "урок.odp") == .failure(.unsupportedType))
    var mixed = ZipWriter()
    mixed.add("[Content_Types].xml", Sample.contentTypes)
    mixed.add("word/document.xml", "<w/>")
    mixed.add("xl/workbook.xml", "<x/>")
    #expect(verdict(mixed.archive(), named: "смесь.docx") == .failure(.unsupportedType))
    var noContentTypes = ZipWriter()
    noContentTypes.add("word/document.xml", "<w/>")
    #expect(verdict(noContentTypes.archive(), named: "отчёт.docx") == .failure(.unsupportedType))
}

@Test func installersMessagesAndEncryptedOfficeFilesInOLE2AreNotAccepted() {
    let msiLike = CompoundFileWriter.file([.stream("\u{4840}\u{3F3F}\u{4577}\u{446C}"), .stream("\u{5}SummaryInformation")])
    #expect(verdict(msiLike, named: "setup.msi") == .failure(.unsupportedType))
    let message = CompoundFileWriter.file([.stream("__properties_version1.0"), .storage("__nameid_version1.0", [])])
    #expect(verdict(message, named: "письмо.msg") == .failure(.unsupportedType))
    let encrypted = CompoundFileWriter.file([.stream("EncryptionInfo"), .stream("EncryptedPackage")])
    #expect(verdict(encrypted, named: "отчёт.docx") == .failure(.unsupportedType))
    let ambiguous = CompoundFileWriter.file([.stream("WordDocument"), .stream("Workbook")])
    #expect(verdict(ambiguous, named: "отчёт.doc") == .failure(.unsupportedType))
}

@Test func aWordStreamDeepInsideAnotherStorageDoesNotMakeAFileADOC() {
    let nested = CompoundFileWriter.file([.storage("ObjectPool", [.storage("_1234", [.stream("WordDocument")])])])
    #expect(verdict(nested, named: "отчёт.doc") == .failure(.unsupportedType))
}

@Test func anEmptyUploadIsRefusedAsEmpty() {
    #expect(verdict([], named: "отчёт.pdf") == .failure(.empty))
    #expect(UploadInspector.sniff([]) == .refused(.empty))
    let missing = FileManager.default.temporaryDirectory.appendingPathComponent("medk-missing-\(UUID().uuidString)")
    #expect(throws: UploadRefusal.empty) { try UploadInspector.inspect(fileAt: missing, declaredName: "отчёт.pdf") }
}

@Test func anArchiveThatClaimsToUnpackToGigabytesIsRefusedAsTooLarge() {
    var bomb = ZipWriter()
    bomb.add("[Content_Types].xml", Sample.contentTypes)
    bomb.add("word/document.xml", bytes("<w/>"), claimedSize: 0xF000_0000)
    #expect(verdict(bomb.archive(), named: "отчёт.docx") == .failure(.tooLarge(limit: UploadInspector.maxUnpackedSize)))
}

// MARK: - Deciding early while streaming

@Test func aStreamingUploadIsDecidedFromItsHeaderOrAsksForTheWholeFile() {
    #expect(UploadInspector.sniff(Sample.pdf) == .kind(.pdf))
    #expect(UploadInspector.sniff(Sample.png) == .kind(.png))
    #expect(UploadInspector.sniff(Sample.jpeg) == .kind(.jpeg))
    #expect(UploadInspector.sniff(Sample.mp4()) == .kind(.mp4))
    #expect(UploadInspector.sniff(Sample.webm) == .kind(.webm))
    for zipBased in [Sample.docx(), Sample.xlsx, Sample.pptx, Sample.odt, Sample.ods] {
        #expect(UploadInspector.sniff(Array(zipBased.prefix(UploadInspector.headerSize))) == .needsWholeFile(family: .zip))
    }
    for ole2 in [Sample.doc, Sample.xls, Sample.ppt] {
        #expect(UploadInspector.sniff(Array(ole2.prefix(UploadInspector.headerSize))) == .needsWholeFile(family: .ole2))
    }
    #expect(UploadInspector.sniff(bytes("MZ")) == .refused(.executable))
    #expect(UploadInspector.sniff(bytes("hello")) == .refused(.unsupportedType))
    #expect(UploadInspector.headerSize >= 1024)
}

// MARK: - Hostile files

@Test func aZipWhoseDirectoryPointsOutsideTheFileIsRefused() {
    var content = Sample.docx()
    let end = content.count - 22
    content.setLE32(0x7FFF_FFFF, at: end + 16)  // central directory offset
    #expect(verdict(content, named: "отчёт.docx") == .failure(.unsupportedType))
    var tooBig = Sample.docx()
    tooBig.setLE32(0xFFFF_FF00, at: end + 12)  // central directory size
    #expect(verdict(tooBig, named: "отчёт.docx") == .failure(.unsupportedType))
    var hidden = Sample.docx(extra: [("word/setup.exe", bytes("MZ"))])
    let hiddenEnd = hidden.count - 22
    hidden[hiddenEnd + 8] -= 1; hidden[hiddenEnd + 10] -= 1  // an entry past the declared count
    #expect(verdict(hidden, named: "отчёт.docx") == .failure(.unsupportedType))
}

@Test func anOLE2FileWhoseChainsLoopIsRefusedWithoutHanging() {
    var cyclicFAT = Sample.doc
    cyclicFAT.setLE32(1, at: 512 + 4)  // directory sector 1 points back to itself
    #expect(verdict(cyclicFAT, named: "отчёт.doc") == .failure(.unsupportedType))

    var cyclicTree = Sample.doc
    let firstChild = 1024 + 128  // the entry after the root
    cyclicTree.setLE32(1, at: firstChild + 68)  // its left sibling is itself
    #expect(verdict(cyclicTree, named: "отчёт.doc") == .failure(.unsupportedType))

    var hugeFAT = Sample.doc
    hugeFAT.setLE32(0x7FFF_FFFF, at: 44)  // claims two billion FAT sectors
    #expect(verdict(hugeFAT, named: "отчёт.doc") == .failure(.unsupportedType))

    var outside = Sample.doc
    outside.setLE32(0x00FF_FFFF, at: 48)  // first directory sector far past the end
    #expect(verdict(outside, named: "отчёт.doc") == .failure(.unsupportedType))
}

@Test func truncatedFilesAreRefusedNotMisread() {
    for kind in [UploadKind.docx, .xlsx, .odt, .doc, .ppt] {
        let content = Sample.of(kind)
        // A ZIP file loses its end record; an OLE2 file cut inside its 512-byte header loses the
        // directory's place. (An OLE2 file cut later may still show its directory, and is then
        // recognised: its kind is still what the bytes say.)
        let cuts = kind == .doc || kind == .ppt ? [1, 8, 100, 300, 511] : [1, 4, 30, 100, 511, content.count / 2, content.count - 1]
        for length in cuts where length < content.count {
            let result = verdict(Array(content.prefix(length)), named: "файл")
            #expect(result == .failure(.unsupportedType), "\(kind) cut at \(length)")
        }
    }
}

/// A small deterministic generator (SplitMix64), so that a failure can be replayed.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Test func thousandsOfDamagedAndRandomFilesNeverCrashOrHangTheInspector() throws {
    var random = SplitMix64(state: 500)
    let originals = UploadKind.allCases.map(Sample.of) + [
        Sample.docx(zip64: true), Sample.docx(extra: [("word/vbaProject.bin", [1, 2, 3])]),
        CompoundFileWriter.file([.stream("WordDocument"), .storage("Macros", [.storage("VBA", [])])]),
    ]
    let interesting: [UInt32] = [0, 1, 2, 0x7F, 0xFF, 0xFFFF, 0xFFFF_FFFA, 0xFFFF_FFFD, 0xFFFF_FFFE, 0xFFFF_FFFF, 0x8000_0000]
    let scratch = Scratch()
    var accepted = 0
    var refused = 0
    for round in 0..<3_000 {
        var content = originals[Int.random(in: 0..<originals.count, using: &random)]
        switch Int.random(in: 0..<6, using: &random) {
        case 0:  // truncated
            content = Array(content.prefix(Int.random(in: 0...content.count, using: &random)))
        case 1:  // a few bytes changed
            for _ in 0..<Int.random(in: 1...8, using: &random) where !content.isEmpty {
                content[Int.random(in: 0..<content.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
        case 2:  // a 32-bit field set to a value parsers trip over
            if content.count >= 4 {
                content.setLE32(interesting.randomElement(using: &random)!, at: Int.random(in: 0...(content.count - 4), using: &random))
            }
        case 3:  // a valid start followed by noise
            let keep = Int.random(in: 0...min(content.count, 600), using: &random)
            content = Array(content.prefix(keep))
                + (0..<Int.random(in: 0...4_000, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
        case 4:  // pure noise
            content = (0..<Int.random(in: 0...2_000, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
        default:  // a slice cut out of the middle
            if content.count > 2 {
                let from = Int.random(in: 0..<content.count - 1, using: &random)
                let to = Int.random(in: from...content.count, using: &random)
                content.removeSubrange(from..<to)
            }
        }
        let fromMemory = Result { () throws(UploadRefusal) -> UploadKind in try UploadInspector.inspect(content, declaredName: "файл") }
        // Every fifth variant also goes through a real file (writing thousands of files is slow on
        // some disks); both read the same bytes through the same parsers and must agree.
        if round % 5 == 0 {
            let url = scratch.write(content, as: "round.bin")
            let fromFile = Result { () throws(UploadRefusal) -> UploadKind in try UploadInspector.inspect(fileAt: url, declaredName: "файл") }
            #expect(fromFile == fromMemory, "round \(round)")
        }
        switch fromMemory {
        case .success: accepted += 1
        case .failure: refused += 1
        }
    }
    #expect(accepted + refused == 3_000)
    #expect(accepted > 0 && refused > 0)
}

// MARK: - Safe file names

@Test func aNameWithDirectoriesKeepsOnlyTheFileName() {
    #expect(SafeFileName.make("../../etc/passwd") == "passwd")
    #expect(SafeFileName.make("C:\\Users\\x\\Отчёт.pdf") == "Отчёт.pdf")
    #expect(SafeFileName.make("..\\..\\windows\\system32\\cmd.exe") == "cmd.exe")
    #expect(SafeFileName.make("отчёты/2024/") == "2024")
}

@Test func aVeryLongCyrillicNameIsShortenedButKeepsItsExtension() {
    let long = String(repeating: "Отчёт о проведении мероприятия ", count: 10) + ".docx"
    #expect(long.count > 300)
    let safe = SafeFileName.make(long)
    #expect(safe.count <= 150)
    #expect(safe.utf8.count <= 255)
    #expect(safe.hasSuffix(".docx"))
    #expect(safe.hasPrefix("Отчёт о проведении"))
    #expect(!safe.contains(" .docx"))
    let latin = String(repeating: "a", count: 300) + ".pdf"
    #expect(SafeFileName.make(latin) == String(repeating: "a", count: 146) + ".pdf")
}

@Test func aBidiOverrideCannotDisguiseAProgramAsAPDF() {
    #expect(SafeFileName.make("отчёт\u{202E}fdp.exe") == "отчётfdp.exe")
    #expect(SafeFileName.make("\u{202E}fdp.exe") == "fdp.exe")
    #expect(SafeFileName.make("a\u{202A}b\u{202B}c\u{202C}d\u{202D}e\u{2066}f\u{2067}g\u{2068}h\u{2069}.pdf") == "abcdefgh.pdf")
}

@Test func reservedWindowsDeviceNamesGetAPrefix() {
    #expect(SafeFileName.make("CON.pdf") == "_CON.pdf")
    #expect(SafeFileName.make("con") == "_con")
    #expect(SafeFileName.make("Lpt1.tar.gz") == "_Lpt1.tar.gz")
    #expect(SafeFileName.make("COM9.docx") == "_COM9.docx")
    #expect(SafeFileName.make("CONTROL.pdf") == "CONTROL.pdf")
    #expect(SafeFileName.make("NUL .txt") == "_NUL .txt")
}

@Test func anEmptyOrDotsOnlyNameBecomesFile() {
    #expect(SafeFileName.make("") == "файл")
    #expect(SafeFileName.make("...") == "файл")
    #expect(SafeFileName.make(" . . ") == "файл")
    #expect(SafeFileName.make("../..") == "файл")
    #expect(SafeFileName.make("\u{0}\u{1}\u{7F}") == "файл")
}

@Test func controlCharactersAreRemovedAndForbiddenOnesReplaced() {
    #expect(SafeFileName.make("от\u{0}чёт\r\n\t.pdf") == "отчёт.pdf")
    #expect(SafeFileName.make("отчёт\u{7F}\u{85}\u{200B}\u{FEFF}.pdf") == "отчёт.pdf")
    #expect(SafeFileName.make("a<b>c:d\"e|f?g*h.pdf") == "a_b_c_d_e_f_g_h.pdf")
    #expect(SafeFileName.make("a\u{FF0F}b\u{FF3C}c.pdf") == "a_b_c.pdf")
    #expect(SafeFileName.make("..hidden.pdf") == "hidden.pdf")
    #expect(SafeFileName.make("  отчёт.pdf.  ") == "отчёт.pdf")
    #expect(SafeFileName.make("отчёт\u{00A0}за\u{2003}май.pdf") == "отчёт за май.pdf")
}

@Test func cyrillicIsKeptAndNormalisedToComposedForm() {
    let decomposed = "Наи\u{306}ти отчёт.pdf"  // и + combining breve
    let safe = SafeFileName.make(decomposed)
    #expect(safe == "Найти отчёт.pdf")
    #expect(safe.unicodeScalars.count == "Найти отчёт.pdf".unicodeScalars.count)
    #expect(SafeFileName.make("е\u{308}лка.png") == "ёлка.png")
    #expect(SafeFileName.make("Школа №5 «Родничок».docx") == "Школа №5 «Родничок».docx")
}

@Test func aStoredNameGetsTheExtensionOfItsContent() {
    #expect(SafeFileName.withExtension("Отчёт", for: .pdf) == "Отчёт.pdf")
    #expect(SafeFileName.withExtension("Отчёт.pdf", for: .pdf) == "Отчёт.pdf")
    #expect(SafeFileName.withExtension("Отчёт.PDF", for: .pdf) == "Отчёт.PDF")
    #expect(SafeFileName.withExtension("фото", for: .jpeg) == "фото.jpg")
    #expect(SafeFileName.withExtension("фото.jpeg", for: .jpeg) == "фото.jpeg")
    #expect(SafeFileName.withExtension("скан.png", for: .jpeg) == "скан.jpg")
    #expect(SafeFileName.withExtension("fdp.exe", for: .pdf) == "fdp.exe.pdf")
    #expect(SafeFileName.withExtension("", for: .docx) == "файл.docx")
    #expect(SafeFileName.withExtension("CON", for: .pdf) == "_CON.pdf")
    let long = SafeFileName.withExtension(String(repeating: "ж", count: 400), for: .xlsx)
    #expect(long.hasSuffix(".xlsx") && long.count <= 150 && long.utf8.count <= 255)
}

// MARK: - Kinds

@Test func eachKindHasAMediaTypeExtensionsAndARussianTitle() {
    for kind in UploadKind.allCases {
        #expect(!kind.mimeType.isEmpty && kind.mimeType.contains("/"))
        #expect(!kind.extensions.isEmpty)
        #expect(kind.extensions.allSatisfy { $0 == $0.lowercased() && !$0.hasPrefix(".") })
        #expect(!kind.title.isEmpty)
    }
    #expect(UploadKind.docx.mimeType == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    #expect(UploadKind.pdf.mimeType == "application/pdf")
    #expect(UploadKind.jpeg.extensions == ["jpg", "jpeg"])
    #expect(UploadKind.allCases.filter(\.previewsInBrowser) == [.pdf, .jpeg, .png, .mp4, .webm])
    #expect(UploadKind.xlsx.title == "Таблица Excel")
    let allExtensions = UploadKind.allCases.flatMap(\.extensions)
    #expect(Set(allExtensions).count == allExtensions.count)
}

@Test func aKindIsStoredByItsRawName() throws {
    let encoded = try JSONEncoder().encode([UploadKind.docx, .jpeg])
    #expect(String(decoding: encoded, as: UTF8.self) == #"["docx","jpeg"]"#)
    #expect(try JSONDecoder().decode([UploadKind].self, from: encoded) == [.docx, .jpeg])
}

@Test func everyRefusalExplainsItselfInRussian() {
    let refusals: [UploadRefusal] = [
        .empty, .executable, .archiveWithExecutable("word/vbaProject.bin"), .unsupportedType,
        .mismatchedExtension(expected: ["jpg", "jpeg"]), .tooLarge(limit: 200 << 20),
    ]
    for refusal in refusals {
        #expect(refusal.explanation.contains { ("а"..."я").contains($0.lowercased()) })
    }
    #expect(UploadRefusal.tooLarge(limit: 200 << 20).explanation.contains("200 МБ"))
    #expect(UploadRefusal.mismatchedExtension(expected: ["jpg", "jpeg"]).explanation.contains(".jpg, .jpeg"))
}
