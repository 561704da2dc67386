import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A streaming multipart/form-data reader: feed it the body as it arrives and it reports part headers and
/// body bytes, holding back only what might be the start of a boundary. (MultipartKit's parser copies
/// each body slice byte by byte, which made uploads crawl.)
struct MultipartStream {
    enum Event {
        /// A new part begins; header names are lower-cased.
        case part([String: String])
        case body(ArraySlice<UInt8>)
        /// The part that began last is complete.
        case partEnd
    }

    enum Failure: Error { case malformed }

    private enum State { case preamble, afterDelimiter, headers, body, done }

    static let maxHeaderBytes = 16 * 1024
    private let delimiter: [UInt8]      // CRLF "--" boundary
    private var state = State.preamble
    private var pending: [UInt8] = []

    init(boundary: String) {
        delimiter = Array("\r\n--\(boundary)".utf8)
        // The first boundary may come without the CRLF before it.
        pending = Array("\r\n".utf8)
    }

    var isComplete: Bool { state == .done }

    mutating func feed(_ bytes: UnsafeRawBufferPointer) throws -> [Event] {
        pending.append(contentsOf: bytes)
        var events: [Event] = []
        var start = 0
        loop: while true {
            switch state {
            case .preamble:
                guard let found = find(delimiter, from: start) else {
                    start = max(start, pending.count - delimiter.count + 1)
                    break loop
                }
                start = found + delimiter.count
                state = .afterDelimiter
            case .afterDelimiter:
                guard pending.count - start >= 2 else { break loop }
                let next = (pending[start], pending[start + 1])
                if next == (UInt8(ascii: "-"), UInt8(ascii: "-")) {
                    state = .done
                    start = pending.count
                } else if next == (13, 10) {
                    start += 2
                    state = .headers
                } else {
                    throw Failure.malformed
                }
            case .headers:
                guard let end = find([13, 10, 13, 10], from: start) else {
                    if pending.count - start > Self.maxHeaderBytes { throw Failure.malformed }
                    break loop
                }
                events.append(.part(Self.headers(pending[start..<end])))
                start = end + 4
                state = .body
            case .body:
                if let found = find(delimiter, from: start) {
                    if found > start { events.append(.body(pending[start..<found])) }
                    events.append(.partEnd)
                    start = found + delimiter.count
                    state = .afterDelimiter
                } else {
                    // Everything but a possible beginning of the delimiter is body.
                    let safe = max(start, pending.count - delimiter.count + 1)
                    if safe > start { events.append(.body(pending[start..<safe])) }
                    start = safe
                    break loop
                }
            case .done:
                start = pending.count
                break loop
            }
        }
        // Events hold slices of `pending`: copy them out before the buffer is compacted.
        let result = events.map { event -> Event in
            if case .body(let slice) = event { return .body(ArraySlice(Array(slice))) }
            return event
        }
        pending.removeFirst(start)
        return result
    }

    /// Finds `needle` in `pending` at or after `from`, with memchr for its first byte.
    private func find(_ needle: [UInt8], from: Int) -> Int? {
        guard pending.count - from >= needle.count else { return nil }
        return pending.withUnsafeBufferPointer { haystack -> Int? in
            needle.withUnsafeBufferPointer { pattern -> Int? in
                let base = UnsafeRawPointer(haystack.baseAddress!)
                var position = from
                let last = haystack.count - pattern.count
                while position <= last {
                    guard let hit = memchr(base + position, Int32(pattern[0]), last - position + 1) else { return nil }
                    let index = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + index, pattern.baseAddress!, pattern.count) == 0 { return index }
                    position = index + 1
                }
                return nil
            }
        }
    }

    private static func headers(_ bytes: ArraySlice<UInt8>) -> [String: String] {
        var result: [String: String] = [:]
        for line in String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            result[line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()] =
                line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return result
    }
}
