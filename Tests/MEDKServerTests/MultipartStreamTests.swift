import Foundation
import Testing
@testable import MEDKServer

@Suite("Reading multipart uploads as they stream in")
struct MultipartStreamTests {
    static let boundary = "----medkboundary"

    static func body(_ parts: [(name: String, file: String?, content: [UInt8])]) -> [UInt8] {
        var bytes: [UInt8] = Array("preamble to ignore\r\n".utf8)
        for part in parts {
            var disposition = "form-data; name=\"\(part.name)\""
            if let file = part.file { disposition += "; filename=\"\(file)\"" }
            bytes += Array("--\(boundary)\r\nContent-Disposition: \(disposition)\r\n\r\n".utf8) + part.content
            bytes += Array("\r\n".utf8)
        }
        return bytes + Array("--\(boundary)--\r\n".utf8)
    }

    /// Feeds the body in pieces of `size` bytes and reassembles what the stream reports.
    static func read(_ body: [UInt8], pieces size: Int) throws -> [(headers: [String: String], content: [UInt8])] {
        var stream = MultipartStream(boundary: boundary)
        var parts: [(headers: [String: String], content: [UInt8])] = []
        var index = 0
        while index < body.count {
            let piece = Array(body[index..<min(index + size, body.count)])
            index += size
            for event in try piece.withUnsafeBytes({ try stream.feed($0) }) {
                switch event {
                case .part(let headers): parts.append((headers, []))
                case .body(let bytes): parts[parts.count - 1].content += bytes
                case .partEnd: break
                }
            }
        }
        #expect(stream.isComplete)
        return parts
    }

    @Test func partsSurviveAnyWayTheNetworkCutsThem() throws {
        // Content full of CR, LF and dashes: the near-misses of a boundary.
        let tricky = Array("line\r\n--\r\n----medkboundar\r\n-\r\n".utf8) + (0..<300).map { UInt8($0 % 256) }
        let body = Self.body([("_csrf", nil, Array("токен".utf8)), ("file", "Отчёт.pdf", tricky),
                              ("file", "пустой.pdf", []), ("title", nil, Array("Название".utf8))])
        for size in [1, 2, 3, 7, 16, 17, 64, 255, 4096] {
            let parts = try Self.read(body, pieces: size)
            #expect(parts.count == 4, "pieces of \(size)")
            #expect(parts[0].content == Array("токен".utf8))
            #expect(parts[1].headers["content-disposition"]?.contains("filename=\"Отчёт.pdf\"") == true)
            #expect(parts[1].content == tricky, "pieces of \(size)")
            #expect(parts[2].content.isEmpty)
            #expect(parts[3].content == Array("Название".utf8))
        }
    }

    @Test func aBodyThatNeverClosesIsNotComplete() throws {
        var stream = MultipartStream(boundary: Self.boundary)
        let cut = Array("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nhalf".utf8)
        _ = try cut.withUnsafeBytes { try stream.feed($0) }
        #expect(!stream.isComplete)
    }

    @Test func endlessHeadersAreRefused() {
        var stream = MultipartStream(boundary: Self.boundary)
        let flood = Array("--\(Self.boundary)\r\n".utf8) + Array(repeating: UInt8(ascii: "a"), count: 20_000)
        #expect(throws: MultipartStream.Failure.self) { try flood.withUnsafeBytes { try stream.feed($0) } }
    }
}
