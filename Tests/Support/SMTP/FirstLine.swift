import Foundation

/// The first line a helper process (a test server in Python) prints: `READY <port> …`, or what it said instead.
public func firstLine(of pipe: Pipe) -> String {
    var output = Data()
    while !output.contains(UInt8(ascii: "\n")) {
        let chunk = pipe.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        output.append(chunk)
    }
    return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}
