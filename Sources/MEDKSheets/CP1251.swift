/// Windows-1251, the code page Russian Excel still uses for "CSV (разделители — запятые)".
///
/// Decoded by hand because `String.Encoding.windowsCP1251` is missing or lossy in
/// swift-corelibs-foundation on Linux, and the table is small and frozen.
enum CP1251 {
    /// Code points for bytes 0x80–0xBF; 0 marks 0x98, which the code page leaves unassigned.
    /// Bytes 0xC0–0xFF are the contiguous Cyrillic block А…я (U+0410–U+044F).
    private static let upper: [UInt32] = [
        0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021,
        0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
        0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
        0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7,
        0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
        0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7,
        0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
    ]

    /// Every byte maps to something in CP1251, so "is this CP1251?" can only be a plausibility
    /// check: text exports never contain control characters other than tab and line breaks,
    /// nor the unassigned 0x98. Anything else means a different encoding or a binary file.
    static func decode<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String? {
        // Collected as UTF-8 and turned into a String once: appending scalar by scalar is far slower.
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            switch byte {
            case 0x09, 0x0A, 0x0D, 0x20..<0x7F:
                utf8.append(byte)
            case 0x80..<0xC0:
                let code = upper[Int(byte) - 0x80]
                guard code != 0, let scalar = Unicode.Scalar(code) else { return nil }
                utf8.append(contentsOf: scalar.utf8)
            case 0xC0...0xFF:
                utf8.append(contentsOf: Unicode.Scalar(0x0410 + UInt32(byte) - 0xC0)!.utf8)
            default:
                return nil
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }
}
