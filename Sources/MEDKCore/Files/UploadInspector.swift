import Foundation

/// Decides what an uploaded file is from its bytes, and refuses what a school may not upload.
///
/// Nothing here trusts the name or the `Content-Type` the browser sent: the kind comes from the
/// content (magic numbers, the ZIP central directory, the OLE2 directory), and the declared name
/// is then only checked against it. All parsing is bounded and range-checked, so hostile input
/// (truncated, random, crafted to loop) ends in an `UploadRefusal`, never in a crash or a hang.
public enum UploadInspector {
    /// Containers whose kind cannot be told from the first bytes.
    public enum ContainerFamily: Sendable, Equatable {
        /// A ZIP file: docx, xlsx, pptx, odt, ods, or something not accepted.
        case zip
        /// An OLE2 compound file: doc, xls, ppt, or something not accepted (MSI, MSG, encrypted
        /// Office files).
        case ole2
    }

    /// What the first bytes of a file tell.
    public enum SniffResult: Sendable, Equatable {
        /// The kind is known from the header alone.
        case kind(UploadKind)
        /// A container whose kind (and safety) needs the whole file: see `inspect(fileAt:declaredName:)`.
        case needsWholeFile(family: ContainerFamily)
        /// Refused from the header alone.
        case refused(UploadRefusal)
    }

    /// How many leading bytes `sniff` needs at most (so a streaming upload can decide early).
    public static let headerSize = 8192

    /// The most that the entries of a ZIP-based document may claim to unpack to, all together
    /// (1 GiB); more is refused as `.tooLarge(limit: maxUnpackedSize)`, a zip bomb being the likely
    /// reason. The sizes are the ones the archive declares: whoever unpacks it must still enforce
    /// its own limit while unpacking.
    public static let maxUnpackedSize = 1 << 30

    /// Decides the kind from the first bytes of the file: `min(headerSize, file size)` bytes, fewer
    /// only when the file itself is shorter. ZIP-based (docx, xlsx, pptx, odt, ods) and OLE2 (doc,
    /// xls, ppt) files give `.needsWholeFile`: their kind, and whether they carry programs or
    /// macros, is only known from the directory of the container.
    public static func sniff(_ header: [UInt8]) -> SniffResult {
        guard !header.isEmpty else { return .refused(.empty) }
        if isExecutable(header) { return .refused(.executable) }
        if header.hasBytes(pdfMagic) { return .kind(.pdf) }
        if header.hasBytes([0xFF, 0xD8, 0xFF]) { return .kind(.jpeg) }
        if header.hasBytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .kind(.png) }
        if header.hasBytes([0x50, 0x4B, 0x03, 0x04]) { return .needsWholeFile(family: .zip) }
        if header.hasBytes(UploadCompoundFile.signature) { return .needsWholeFile(family: .ole2) }
        if header.hasBytes(Array("ftyp".utf8), at: 4) {
            return isMP4(header) ? .kind(.mp4) : .refused(.unsupportedType)
        }
        if header.hasBytes([0x1A, 0x45, 0xDF, 0xA3]) {
            return ebmlDocType(header) == "webm" ? .kind(.webm) : .refused(.unsupportedType)
        }
        if isPDFAfterJunk(header) { return .kind(.pdf) }
        return .refused(.unsupportedType)
    }

    /// Full decision with the complete file on disk. The file is read with a `FileHandle`, a piece
    /// at a time (the header, the end of a ZIP file and its central directory, the OLE2 directory
    /// chain), never whole. `declaredName` is the name the browser sent: its extension, if it has
    /// one, must be one of the detected kind's `extensions` (case-insensitive); a name without
    /// extension is fine. A file that cannot be opened is refused as `.empty`.
    public static func inspect(fileAt url: URL, declaredName: String) throws(UploadRefusal) -> UploadKind {
        guard let source = UploadFileBytes(url: url) else { throw .empty }
        return try inspect(source, declaredName: declaredName)
    }

    /// The same decision for a file already in memory.
    public static func inspect(_ bytes: [UInt8], declaredName: String) throws(UploadRefusal) -> UploadKind {
        try inspect(UploadMemoryBytes(storage: bytes), declaredName: declaredName)
    }

    static func inspect(_ source: some UploadByteSource, declaredName: String) throws(UploadRefusal) -> UploadKind {
        guard source.size > 0, let header = source.bytes(at: 0, upTo: headerSize) else { throw .empty }
        let kind: UploadKind
        switch sniff(header) {
        case .kind(let sniffed): kind = sniffed
        case .refused(let refusal): throw refusal
        case .needsWholeFile(.zip): kind = try zipKind(source)
        case .needsWholeFile(.ole2): kind = try compoundKind(source)
        }
        if let declared = SafeFileName.declaredExtension(of: declaredName), !kind.extensions.contains(declared) {
            throw .mismatchedExtension(expected: kind.extensions)
        }
        return kind
    }

    // MARK: - Header checks

    private static let pdfMagic = Array("%PDF-".utf8)

    /// ELF, PE ("MZ"), Mach-O in all byte orders, fat Mach-O and Java class files (both CAFEBABE:
    /// both refused), fat Mach-O 64, scripts ("#!") and Windows shortcuts.
    private static let executableMagics: [[UInt8]] = [
        [0x7F, 0x45, 0x4C, 0x46],  // ELF
        [0x4D, 0x5A],  // MZ: DOS and Windows PE
        [0xFE, 0xED, 0xFA, 0xCE], [0xCE, 0xFA, 0xED, 0xFE],  // Mach-O 32
        [0xFE, 0xED, 0xFA, 0xCF], [0xCF, 0xFA, 0xED, 0xFE],  // Mach-O 64
        [0xCA, 0xFE, 0xBA, 0xBE], [0xBE, 0xBA, 0xFE, 0xCA],  // fat Mach-O, Java class
        [0xCA, 0xFE, 0xBA, 0xBF], [0xBF, 0xBA, 0xFE, 0xCA],  // fat Mach-O 64
        [0x23, 0x21],  // "#!"
        [0x4C, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
         0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46],  // .lnk: header size + ShellLink CLSID
    ]

    private static func isExecutable(_ header: [UInt8]) -> Bool {
        executableMagics.contains { header.hasBytes($0) }
    }

    /// The PDF specification lets readers accept "%PDF-" anywhere in the first 1024 bytes. The
    /// junk before it must not contain "<", so that an HTML or SVG page with a PDF inside its first
    /// kilobyte is not taken for a PDF.
    private static func isPDFAfterJunk(_ header: [UInt8]) -> Bool {
        let limit = min(header.count, 1024) - pdfMagic.count
        guard limit >= 0 else { return false }
        for offset in 0...limit {
            if header[offset] == UInt8(ascii: "<") { return false }
            if header.hasBytes(pdfMagic, at: offset) { return true }
        }
        return false
    }

    /// Brands of ISO/MP4 video. QuickTime ("qt  "), audio-only M4A, HEIF/AVIF pictures and
    /// camera raw files are in the ISO family too, but are not MP4 video.
    private static let mp4Brands: Set<String> = [
        "isom", "iso2", "iso3", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "M4V ", "M4VH", "M4VP",
        "dash", "3gp4", "3gp5", "3gp6", "3g2a", "mmp4", "MSNV",
    ]
    private static let notMP4Brands: Set<String> = [
        "qt  ", "M4A ", "M4B ", "M4P ", "F4A ", "F4B ", "heic", "heix", "heim", "heis", "hevc", "hevx",
        "mif1", "msf1", "avif", "avis", "crx ", "jp2 ", "jpx ", "mjp2",
    ]

    /// An `ftyp` box whose major brand is an MP4 brand, or whose major brand is unknown (Sony's
    /// "XAVC", for one) but lists an MP4 brand among the compatible ones.
    private static func isMP4(_ header: [UInt8]) -> Bool {
        guard let boxSize = header.uint32BE(at: 0), boxSize == 0 || boxSize >= 12, header.count >= 12 else {
            return false
        }
        func brand(at offset: Int) -> String { String(decoding: header[offset..<offset + 4], as: UTF8.self) }
        let major = brand(at: 8)
        if mp4Brands.contains(major) { return true }
        if notMP4Brands.contains(major) { return false }
        let end = boxSize == 0 ? header.count : min(Int(boxSize), header.count)
        for offset in stride(from: 16, through: end - 4, by: 4) where mp4Brands.contains(brand(at: offset)) {
            return true
        }
        return false
    }

    /// The DocType of an EBML header ("webm" for WebM, "matroska" for .mkv), read from the header
    /// element's children within the bytes at hand.
    static func ebmlDocType(_ header: [UInt8]) -> String? {
        guard header.hasBytes([0x1A, 0x45, 0xDF, 0xA3]), let size = ebmlSize(header, at: 4) else { return nil }
        var position = 4 + size.length
        let end = size.value.map { min(UInt64(header.count), UInt64(position) + $0) }.map(Int.init) ?? header.count
        while position < end {
            guard let idLength = ebmlIDLength(header, at: position),
                  let length = ebmlSize(header, at: position + idLength), let dataSize = length.value
            else { return nil }
            let dataStart = position + idLength + length.length
            guard dataStart <= end, dataSize <= UInt64(end - dataStart) else { return nil }
            if idLength == 2, header[position] == 0x42, header[position + 1] == 0x82 {
                let text = header[dataStart..<dataStart + Int(dataSize)].prefix { $0 != 0 }
                return String(decoding: text, as: UTF8.self)
            }
            position = dataStart + Int(dataSize)
        }
        return nil
    }

    /// The length (1–4) of the EBML element ID at `index`.
    private static func ebmlIDLength(_ bytes: [UInt8], at index: Int) -> Int? {
        guard index < bytes.count, bytes[index] != 0 else { return nil }
        let length = bytes[index].leadingZeroBitCount + 1
        return length <= 4 && index + length <= bytes.count ? length : nil
    }

    /// The EBML variable-size integer at `index`: its length and value (`nil` value: unknown size).
    private static func ebmlSize(_ bytes: [UInt8], at index: Int) -> (length: Int, value: UInt64?)? {
        guard index >= 0, index < bytes.count, bytes[index] != 0 else { return nil }
        let length = bytes[index].leadingZeroBitCount + 1
        guard index + length <= bytes.count else { return nil }
        var value = UInt64(bytes[index] & (0xFF >> length))
        for i in 1..<length { value = value << 8 | UInt64(bytes[index + i]) }
        let allOnes: UInt64 = (1 << (7 * UInt64(length))) - 1
        return (length, value == allOnes ? nil : value)
    }

    // MARK: - ZIP

    /// Extensions of programs and scripts that a document has no business carrying.
    private static let programExtensions: Set<String> = [
        "exe", "dll", "com", "bat", "cmd", "msi", "msp", "scr", "pif", "cpl", "ocx", "sys", "lnk", "reg",
        "ps1", "psm1", "vbs", "vbe", "js", "jse", "wsf", "wsh", "hta", "jar", "class", "dex", "apk",
        "sh", "elf", "app",
        // Macro-enabled Office files embedded in a document.
        "docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppam", "ppsm", "sldm",
    ]

    /// Whether a ZIP entry is a program or carries macros: a path component with a program
    /// extension (trailing dots and spaces ignored, as Windows ignores them), VBA macros
    /// (`vbaProject.bin`), Excel 4.0 macro sheets (`xl/macrosheets/`), OpenDocument Basic modules
    /// (`Basic/<library>/<module>.xml`; the library indexes `script-lc.xml` and `script-lb.xml`
    /// that old OpenOffice versions wrote into every file are harmless) and OpenDocument scripts
    /// (`Scripts/…`).
    static func isProgramOrMacro(_ entryName: String) -> Bool {
        let path = entryName.lowercased()
        for component in path.split(whereSeparator: { $0 == "/" || $0 == "\\" }) {
            let trimmed = component.reversed().drop { $0 == "." || $0 == " " }.reversed()
            let name = String(trimmed)
            if name == "vbaproject.bin" { return true }
            if let dot = name.lastIndex(of: "."), programExtensions.contains(String(name[name.index(after: dot)...])) {
                return true
            }
        }
        let normalised = path.replacingOccurrences(of: "\\", with: "/")
        if normalised.hasSuffix("/") { return false }  // a folder entry
        if ["xl/macrosheets/", "xl/intlmacrosheets/", "scripts/"].contains(where: { normalised.hasPrefix($0) }) {
            return true
        }
        if normalised.hasPrefix("basic/") {
            let file = normalised.split(separator: "/").last ?? ""
            return file != "script-lc.xml" && file != "script-lb.xml"
        }
        return false
    }

    private static func zipKind(_ source: some UploadByteSource) throws(UploadRefusal) -> UploadKind {
        guard let directory = UploadZipDirectory(source) else { throw .unsupportedType }
        if let offending = directory.entries.first(where: { isProgramOrMacro($0.name) }) {
            throw .archiveWithExecutable(printable(offending.name))
        }
        var unpacked: UInt64 = 0
        for entry in directory.entries {
            let (sum, overflow) = unpacked.addingReportingOverflow(entry.uncompressedSize)
            guard !overflow, sum <= UInt64(maxUnpackedSize) else { throw .tooLarge(limit: maxUnpackedSize) }
            unpacked = sum
        }

        // OpenDocument: the first entry is "mimetype", stored, holding the media type.
        if let first = directory.entries.first, first.name == "mimetype" {
            guard let content = UploadZipDirectory.storedContent(of: first, in: source, limit: 256) else {
                throw .unsupportedType
            }
            switch String(decoding: content, as: UTF8.self) {
            case UploadKind.odt.mimeType: return .odt
            case UploadKind.ods.mimeType: return .ods
            default: throw .unsupportedType
            }
        }

        // Office Open XML: "[Content_Types].xml" and the parts of exactly one application.
        let names = directory.entries.map { $0.name.lowercased() }
        guard names.contains("[content_types].xml") else { throw .unsupportedType }
        var kinds = Set<UploadKind>()
        for name in names {
            if name.hasPrefix("word/") { kinds.insert(.docx) }
            if name.hasPrefix("xl/") { kinds.insert(.xlsx) }
            if name.hasPrefix("ppt/") { kinds.insert(.pptx) }
        }
        guard kinds.count == 1, let kind = kinds.first else { throw .unsupportedType }
        return kind
    }

    // MARK: - OLE2

    /// Storages that hold VBA macros: "Macros" (Word), "_VBA_PROJECT_CUR" (Excel), and the "VBA"
    /// storage and "_VBA_PROJECT" stream inside them.
    private static let macroStorages: Set<String> = ["MACROS", "_VBA_PROJECT_CUR", "VBA", "_VBA_PROJECT"]

    private static func compoundKind(_ source: some UploadByteSource) throws(UploadRefusal) -> UploadKind {
        guard let file = UploadCompoundFile(source) else { throw .unsupportedType }
        if let macros = file.entries.first(where: { macroStorages.contains($0.name.uppercased()) }) {
            throw .archiveWithExecutable(printable(macros.name))
        }
        var kinds = Set<UploadKind>()
        for name in file.rootChildren {
            switch name.uppercased() {
            case "WORDDOCUMENT": kinds.insert(.doc)
            case "WORKBOOK", "BOOK": kinds.insert(.xls)
            case "POWERPOINT DOCUMENT": kinds.insert(.ppt)
            default: break
            }
        }
        guard kinds.count == 1, let kind = kinds.first else { throw .unsupportedType }
        return kind
    }

    /// An entry name fit to show: control and format characters removed.
    private static func printable(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator: continue
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}
