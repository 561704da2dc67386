import Foundation
import Logging
import NIOConcurrencyHelpers

/// `MEDK_LOG_FORMAT=json`: one JSON object a line on standard error, for a log collector (Loki, Elasticsearch,
/// journald's JSON export) — the time, level, instance, logger, message and every metadata key, among them the
/// `request-id` each request's lines carry (taken from the proxy's `X-Request-Id` when it sends one).
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    let label: String
    let instance: String
    let write: @Sendable (String) -> Void

    public init(label: String, instance: String, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.instance = instance
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?,
                    source: String, file: String, function: String, line: UInt) {
        var fields: [String: Any] = [:]
        for (key, value) in metadata.merging(explicit ?? [:], uniquingKeysWith: { $1 }) { fields[key] = Self.plain(value) }
        fields["time"] = Self.timestamp(Date())
        fields["level"] = level.rawValue
        fields["instance"] = instance
        fields["logger"] = label
        fields["message"] = message.description
        if level >= .warning { fields["source"] = "\(file.split(separator: "/").last ?? ""):\(line)" }
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        write(String(decoding: data, as: UTF8.self) + "\n")
    }

    static func plain(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let value): value.description
        case .array(let values): values.map(plain)
        case .dictionary(let values): values.mapValues(plain)
        }
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    private static let lock = NIOLock()

    /// Whole lines, never interleaved between threads.
    public static let standardError: @Sendable (String) -> Void = { line in
        lock.withLock { FileHandle.standardError.write(Data(line.utf8)) }
    }
}
