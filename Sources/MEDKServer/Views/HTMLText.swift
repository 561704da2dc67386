/// HTML written as text, for the few large tables and charts where building a node per cell costs more
/// than the rest of the request (the federal indicator table: 86 rows × 11 cells).
/// Everything that is not markup goes through `escape`.
enum HTMLText {
    /// Works on UTF-8 bytes: walking Characters (grapheme clusters) made escaping a third of a federal
    /// table's time. The four bytes replaced never occur inside a multi-byte sequence.
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") || $0 == UInt8(ascii: "\"") })
        else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 32)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): bytes += Array("&amp;".utf8)
            case UInt8(ascii: "<"): bytes += Array("&lt;".utf8)
            case UInt8(ascii: ">"): bytes += Array("&gt;".utf8)
            case UInt8(ascii: "\""): bytes += Array("&quot;".utf8)
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
