import Foundation

/// File names that are safe to store, to show and to send back in `Content-Disposition`.
public enum SafeFileName {
    /// The longest name `make` gives, in characters (grapheme clusters).
    public static let maxLength = 150
    /// The longest name `make` gives, in UTF-8 bytes: the limit of ext4 and most file systems, so
    /// that a curator can save the file under the same name. 150 Cyrillic letters are 300 bytes, so
    /// a long Cyrillic name is cut at about 125 letters.
    public static let maxUTF8Length = 255
    /// The name given when nothing usable is left.
    public static let fallback = "файл"

    /// Makes an uploaded name safe to store and to send back in `Content-Disposition`:
    /// - NFC-normalises it (before and after the other steps);
    /// - removes control and format characters: U+0000–U+001F, U+007F–U+009F, bidi embeddings,
    ///   overrides and isolates (U+202A–U+202E, U+2066–U+2069), LRM/RLM, zero-width characters,
    ///   line and paragraph separators, noncharacters; other spaces become a plain space;
    /// - keeps only the last path component (both `/` and `\` separate), so "../" goes too;
    /// - replaces `< > : " | ? *` and look-alike slashes (U+2215, U+29F5, U+FF0F, U+FF3C) with `_`;
    /// - strips leading and trailing dots and spaces (Windows drops the trailing ones itself);
    /// - prefixes reserved Windows device names (CON, PRN, AUX, NUL, COM0–9, LPT0–9, CONIN$,
    ///   CONOUT$, with any extension) with `_`;
    /// - keeps Cyrillic and every other script as it is;
    /// - cuts the name to `maxLength` characters and `maxUTF8Length` bytes, keeping the extension;
    /// - gives `fallback` ("файл") when nothing is left.
    public static func make(_ raw: String) -> String {
        var cleaned = String.UnicodeScalarView()
        for scalar in raw.precomposedStringWithCanonicalMapping.unicodeScalars {
            if isInvisible(scalar) { continue }
            if scalar.properties.generalCategory == .spaceSeparator {
                cleaned.append(" ")
            } else if replaced.contains(scalar.value) {
                cleaned.append("_")
            } else {
                cleaned.append(scalar)
            }
        }
        let component = String(cleaned)
            .split(omittingEmptySubsequences: true) { $0 == "/" || $0 == "\\" }
            .last.map(String.init) ?? ""
        var name = trimDotsAndSpaces(component)
        if isReservedOnWindows(name) { name = "_" + name }
        if name.isEmpty { return fallback }
        let parts = split(name)
        let limited = limit(stem: parts.stem, extension: parts.extension)
        return limited.isEmpty ? fallback : limited
    }

    /// The name with the extension of the detected kind when it lacks one or has another:
    /// "Отчёт" + pdf → "Отчёт.pdf"; "скан.png" + jpeg → "скан.jpg" (the extension of another
    /// accepted kind is replaced); "fdp.exe" + pdf → "fdp.exe.pdf" (anything else is kept and the
    /// right extension added). A name whose extension already fits is returned as `make` gives it.
    public static func withExtension(_ name: String, for kind: UploadKind) -> String {
        let safe = make(name)
        let parts = split(safe)
        guard let current = parts.extension?.lowercased() else {
            return limit(stem: safe, extension: kind.extensions[0])
        }
        if kind.extensions.contains(current) { return safe }
        if UploadKind.allCases.contains(where: { $0.extensions.contains(current) }) {
            return limit(stem: parts.stem, extension: kind.extensions[0])
        }
        return limit(stem: safe, extension: kind.extensions[0])
    }

    /// The extension of a declared name, lower-cased, as `UploadInspector` checks it; `nil` when
    /// the name has none. Only 1–8 ASCII letters and digits with at least one letter after the last
    /// dot count as an extension, so "Протокол от 12.03" or "Отчёт И.И. Иванова" have none.
    static func declaredExtension(of name: String) -> String? {
        split(make(name)).extension?.lowercased()
    }

    // MARK: - Steps

    /// `< > : " | ? *` and slashes that look like `/` or `\` (some Windows APIs map the
    /// full-width ones to the real ones).
    private static let replaced: Set<UInt32> = [
        0x3C, 0x3E, 0x3A, 0x22, 0x7C, 0x3F, 0x2A, 0x2215, 0x29F5, 0xFF0F, 0xFF3C,
    ]

    private static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate:
            return true
        default:
            return scalar.properties.isNoncharacterCodePoint
        }
    }

    private static func trimDotsAndSpaces(_ text: String) -> String {
        let isTrimmed: (Character) -> Bool = { $0 == "." || $0 == " " }
        guard let first = text.firstIndex(where: { !isTrimmed($0) }),
              let last = text.lastIndex(where: { !isTrimmed($0) })
        else { return "" }
        return String(text[first...last])
    }

    private static let reservedNames: Set<String> = {
        var names: Set<String> = ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
        for suffix in ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³"] {
            names.insert("COM" + suffix)
            names.insert("LPT" + suffix)
        }
        return names
    }()

    /// Windows treats "CON", "con.pdf", "Con .tar.gz" all as the console device.
    private static func isReservedOnWindows(_ name: String) -> Bool {
        let stem = name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        var base = String(stem)
        while base.hasSuffix(" ") { base.removeLast() }
        return reservedNames.contains(base.uppercased())
    }

    /// Splits "Отчёт.PDF" into ("Отчёт", "PDF"); the extension is `nil` when the part after the
    /// last dot is not 1–8 ASCII letters and digits with at least one letter.
    private static func split(_ name: String) -> (stem: String, extension: String?) {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return (name, nil) }
        let candidate = name[name.index(after: dot)...]
        let isExtension = (1...8).contains(candidate.count)
            && candidate.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
            && candidate.contains { $0.isLetter }
        return isExtension ? (String(name[..<dot]), String(candidate)) : (name, nil)
    }

    /// `stem.extension`, with the stem cut (at a character boundary) so that the whole fits in
    /// `maxLength` characters and `maxUTF8Length` bytes; dots and spaces left at the cut go too.
    private static func limit(stem: String, extension ext: String?) -> String {
        let suffix = ext.map { "." + $0 } ?? ""
        let characterBudget = maxLength - suffix.count
        let byteBudget = maxUTF8Length - suffix.utf8.count
        var characters = 0
        var bytes = 0
        var end = stem.startIndex
        for index in stem.indices {
            let character = stem[index]
            let size = character.utf8.count
            if characters + 1 > characterBudget || bytes + size > byteBudget { break }
            characters += 1
            bytes += size
            end = stem.index(after: index)
        }
        var kept = String(stem[..<end])
        if end != stem.endIndex { kept = trimDotsAndSpaces(kept) }
        if kept.isEmpty { return ext ?? "" }
        return (kept + suffix).precomposedStringWithCanonicalMapping
    }
}
