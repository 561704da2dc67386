import Foundation
import NIOCore
import Testing
import Vapor
import VaporTesting
@testable import MEDKServer

/// What an operator of several instances relies on: who answered, whether an instance is alive and ready, its figures.
@Suite("The operator's view")
struct OperationsTests {
    @Test func everyAnswerNamesTheInstanceThatServedIt() async throws {
        try await withMEDK(settings: { $0.instance = "medk-b" }) { app in
            let browser = Browser(app)
            for path in ["/login", "/healthz", "/нет-такой-страницы", "/css/medk.css"] {
                let page = try await browser.get(path)
                #expect(page.headers.first(name: "X-MEDK-Instance") == "medk-b", "\(path)")
            }
            let ready = try await browser.get("/readyz")
            #expect(ready.body == "ready\n")
        }
    }

    @Test func figuresAreShownOnlyToTheOperatorsScraper() async throws {
        try await withMEDK(settings: { $0.metricsToken = "scrape-token-0123456789" }) { app in
            let browser = Browser(app)
            try await browser.get("/login")
            #expect(try await browser.get("/metrics").status == .notFound)
            #expect(try await browser.get("/metrics", headers: ["Authorization": "Bearer wrong"]).status == .notFound)
            let figures = try await browser.get("/metrics", headers: ["Authorization": "Bearer scrape-token-0123456789"])
            #expect(figures.status == .ok)
            #expect(figures.body.contains("http_requests_total{"))
            #expect(figures.body.contains("path=\"/login\""))
            #expect(figures.body.contains("http_request_duration_seconds_bucket{"))
            #expect(figures.body.contains("medk_outbox_letters{status=\"pending\"} 0"))
        }
    }

    @Test func aScraperOnThisMachineNeedsNoTokenButAForwardedVisitorIsRefused() async throws {
        try await withMEDK(demo: false) { app in
            let local = Request(application: app, method: .GET, url: URI(path: "/metrics"),
                                remoteAddress: try SocketAddress(ipAddress: "127.0.0.1", port: 5000), on: app.eventLoopGroup.any())
            #expect(OperatorView.mayReadMetrics(local))
            local.headers.add(name: "X-Forwarded-For", value: "203.0.113.7")
            #expect(!OperatorView.mayReadMetrics(local))
            let outside = Request(application: app, method: .GET, url: URI(path: "/metrics"),
                                  remoteAddress: try SocketAddress(ipAddress: "203.0.113.7", port: 5000), on: app.eventLoopGroup.any())
            #expect(!OperatorView.mayReadMetrics(outside))
        }
    }

    /// Compression happens in the HTTP server itself, so this goes through a real socket.
    @Test func pagesTravelGzippedToABrowserThatAsksButFilesAsTheyAre() async throws {
        try await withMEDK(demo: false) { app in
            try await app.testing(method: .running(port: 0)).test(.GET, "/login", headers: ["Accept-Encoding": "gzip"]) { response in
                #expect(response.status == .ok)
                #expect(response.headers.first(name: .contentEncoding) == "gzip")
            }
            try await app.testing(method: .running(port: 0)).test(.GET, "/login") { response in
                #expect(response.headers.first(name: .contentEncoding) == nil)
            }
        }
    }

    /// Compressed pages must not repeat a secret byte for byte (BREACH): each page masks the CSRF token afresh, and
    /// every masked form of it — only those — is accepted back.
    @Test func theCSRFTokenIsDifferentOnEveryPageAndStillAccepted() async throws {
        try await withMEDK { app in
            let browser = Browser(app)
            try await browser.signIn("school")
            let first = try await browser.get("/home")
            let token1 = browser.csrf
            try await browser.get("/home")
            let token2 = browser.csrf
            #expect(first.status == .ok)
            #expect(token1 != token2)
            let session = try #require(try await UserSession.query(on: app.db).first())
            #expect(!first.body.contains(session.csrfToken), "the raw token never appears on a page")
            #expect(SessionTokens.csrfMatches(token1, session.csrfToken) && SessionTokens.csrfMatches(token2, session.csrfToken))
            var tampered = Array(token1)
            tampered[tampered.count - 1] = tampered.last == "0" ? "1" : "0"
            #expect(!SessionTokens.csrfMatches(String(tampered), session.csrfToken))
            #expect(!SessionTokens.csrfMatches("m", session.csrfToken))
            #expect(!SessionTokens.csrfMatches("m" + String(repeating: "zz", count: 2 * session.csrfToken.count), session.csrfToken))
            #expect(try await browser.post("/notifications/read").status != .forbidden)
        }
    }
}

@Suite("Structured logs")
struct JSONLogTests {
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [String] = []
        func add(_ line: String) { lock.withLock { stored.append(line) } }
        var all: [String] { lock.withLock { stored } }
    }

    @Test func eachLineIsOneJSONObjectWithTheRequestIDAndTheInstance() throws {
        let lines = Lines()
        var logger = Logger(label: "codes.vapor.request") { label in
            JSONLogHandler(label: label, instance: "medk-a", write: { lines.add($0) })
        }
        logger[metadataKey: "request-id"] = "5B1D3C9E-0000-4000-8000-000000000001"
        logger.info("POST /documents/1/submit", metadata: ["status": "303"])
        logger.debug("below the level: not written")
        #expect(lines.all.count == 1)
        let line = try #require(lines.all.first)
        #expect(line.hasSuffix("\n") && line.dropLast().contains("\n") == false)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["request-id"] as? String == "5B1D3C9E-0000-4000-8000-000000000001")
        #expect(object["instance"] as? String == "medk-a")
        #expect(object["level"] as? String == "info")
        #expect(object["message"] as? String == "POST /documents/1/submit")
        #expect(object["status"] as? String == "303")
        #expect((object["time"] as? String)?.hasSuffix("Z") == true)
    }
}
