import Vapor

/// A one-time message shown on the page after a POST → redirect → GET.
struct Flash: Sendable {
    enum Kind: String, Sendable { case success, error }
    let kind: Kind
    let text: String
}

extension Request {
    /// Reads (and, through the response, clears) the message left by the previous request.
    var flash: Flash? {
        guard let raw = cookies[Cookies.flash]?.string, let decoded = raw.removingPercentEncoding,
              let colon = decoded.firstIndex(of: ":"),
              let kind = Flash.Kind(rawValue: String(decoded[..<colon])) else { return nil }
        return Flash(kind: kind, text: String(decoded[decoded.index(after: colon)...]))
    }

    /// A redirect that carries a message to the next page. The target is checked once more here, so that no
    /// path built from request data can put a second header into the response.
    func redirect(to url: String, flash: Flash) -> Response {
        let response = redirect(to: LocalPath.validated(url) ?? SiteURL.home.path, redirectType: .normal)
        let encoded = "\(flash.kind.rawValue):\(flash.text)"
            .addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        response.cookies[Cookies.flash] = Cookies.value(encoded, secure: settings.secureCookies, maxAge: 60)
        return response
    }

    func redirect(to site: SiteURL, success text: String) -> Response {
        redirect(to: site.path, flash: Flash(kind: .success, text: text))
    }
}
