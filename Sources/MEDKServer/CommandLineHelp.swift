import Foundation
import NIOCore

/// What `medk` says about itself, in Russian, before anything starts: `--help` on any command prints its
/// options and changes nothing (no data directory, no database); an unknown command says so.
public enum CommandLineHelp {
    public enum Answer: Equatable, Sendable {
        /// Print to standard output and stop with status 0.
        case help(String)
        /// Print to standard error and stop with status 1.
        case unknown(String)
    }

    static let S = Strings.CommandLine.self

    /// nil: run the command. The command is the first word, as Vapor reads it; `medk` alone, or with options
    /// only, serves.
    public static func answer(for arguments: [String]) -> Answer? {
        let words = Array(arguments.dropFirst())
        let asksHelp = words.contains { ["--help", "-h"].contains($0) }
        guard let command = words.first, !command.hasPrefix("-") else { return asksHelp ? .help(S.overview) : nil }
        if command == "help" { return .help(S.overview) }
        guard let text = S.commands[command] else { return .unknown(S.unknownCommand(command) + "\n\n" + S.overview) }
        guard asksHelp else { return nil }
        return .help(command == "user" && words.dropFirst().first == "create" ? S.userCreate : text)
    }

    /// A failure to start, as an operator reads it: a busy port names the option that changes it.
    public static func startFailure(_ error: any Error, port: Int) -> String {
        if let io = error as? IOError, io.errnoCode == EADDRINUSE { return S.portBusy(port) }
        if "\(error)".contains("Address already in use") { return S.portBusy(port) }
        return "\(error)"
    }

    /// The port a command line asks for (`--port N`, `-p N`, `--bind host:N`), 8080 otherwise.
    public static func port(in arguments: [String]) -> Int {
        for (index, word) in arguments.enumerated() where index + 1 < arguments.count {
            if word == "--port" || word == "-p", let port = Int(arguments[index + 1]) { return port }
            if word == "--bind" || word == "-b", let port = arguments[index + 1].split(separator: ":").last.flatMap({ Int($0) }) {
                return port
            }
        }
        return 8080
    }
}
