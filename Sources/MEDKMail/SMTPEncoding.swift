import Foundation

/// Initial responses for the AUTH mechanisms the client speaks (RFC 4616, and the
/// de-facto LOGIN mechanism).
enum SMTPAuth {
    /// `base64("\0" + username + "\0" + password)`, with an empty authorization identity.
    static func plain(username: String, password: String) -> String {
        Data([0] + Array(username.utf8) + [0] + Array(password.utf8)).base64EncodedString()
    }

    /// LOGIN sends the username and the password as separate base64 lines.
    static func login(_ value: String) -> String {
        Data(value.utf8).base64EncodedString()
    }
}

/// The DATA payload (RFC 5321 §4.5.2).
enum SMTPData {
    /// Dot-stuffs `message`, normalizes every line ending to CRLF (a bare LF would
    /// be rejected by strict servers) and appends the `.` terminator line.
    static func encode(_ message: [UInt8]) -> [UInt8] {
        let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n"), dot = UInt8(ascii: ".")
        var output: [UInt8] = []
        output.reserveCapacity(message.count + message.count / 64 + 5)
        var atLineStart = true
        var index = 0
        while index < message.count {
            let byte = message[index]
            if byte == cr || byte == lf {
                output += [cr, lf]
                if byte == cr && index + 1 < message.count && message[index + 1] == lf { index += 1 }
                atLineStart = true
            } else {
                if atLineStart && byte == dot { output.append(dot) }
                output.append(byte)
                atLineStart = false
            }
            index += 1
        }
        if !atLineStart { output += [cr, lf] }
        output += [dot, cr, lf]
        return output
    }
}
