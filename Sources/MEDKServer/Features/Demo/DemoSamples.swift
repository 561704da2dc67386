import Foundation
import MEDKCore
import NIOPosix

/// The files the generated year's documents carry: one small PDF per kind of document, stored once (the store is
/// content-addressed, so every document that shows it shares the bytes).
struct DemoSamples: Sendable {
    private let files: [String: ReceivedFile]

    static func commit(_ names: [String], to store: any FileStore, threadPool: NIOThreadPool) async throws -> DemoSamples {
        var files: [String: ReceivedFile] = [:]
        for name in names {
            let temporary = try store.makeTemporary()
            try await temporary.append(ArraySlice(pdf(titled: name)), headerSize: 8, threadPool: threadPool)
            try await store.commit(temporary, threadPool: threadPool)
            files[name] = ReceivedFile(temporary: temporary, fileName: name + ".pdf", kind: .pdf)
        }
        return DemoSamples(files: files)
    }

    /// The stored file for a document titled `name`. Committing it again (as `DocumentActions` does) only
    /// touches the stored copy.
    func file(_ name: String) -> ReceivedFile { files[name]! }

    /// A one-page PDF that names the demo: real enough for the browser's viewer. Its text is Latin because the
    /// standard fonts a PDF may use without embedding have no Cyrillic.
    static func pdf(titled title: String) -> [UInt8] {
        let text = "MEDK demo document \(title.stableNumber % 10_000)"
        let stream = "BT /F1 18 Tf 72 760 Td (\(text)) Tj ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var body = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(body.utf8.count)
            body += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = body.utf8.count
        body += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { body += String(repeating: "0", count: 10 - String(offset).count) + "\(offset) 00000 n \n" }
        body += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(body.utf8)
    }
}

private extension String {
    /// `hashValue` changes from run to run; the demo's bytes must not.
    var stableNumber: UInt64 { utf8.reduce(UInt64(5381)) { ($0 &* 33) &+ UInt64($1) } }
}
