import Foundation

/// Small real files of the kinds schools upload.
enum Sample {
    static let pdf = Data("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n".utf8)
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52,
                           0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89, 0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44,
                           0xAE, 0x42, 0x60, 0x82])
    static let elf = Data([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + [UInt8](repeating: 0, count: 120))
    static let text = Data("просто текст, не документ\n".utf8)

    /// A PDF of about `megabytes`, for size limits.
    static func bigPDF(megabytes: Int) -> Data {
        pdf + Data(repeating: 0x20, count: megabytes * 1_048_576)
    }
}
