import CoreMetrics
import Fluent
import Foundation
import Prometheus
import SQLKit
import Vapor

/// The operator's view of a running instance: who served a request, whether it is alive and ready, and its figures.
enum OperatorView {
    /// One registry per process: swift-metrics is bootstrapped once, however many applications (the tests) start.
    /// Vapor itself counts every request into it (`http_requests_total`, `http_request_duration_seconds` per route).
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                                                   .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
                                                   .milliseconds(2500), .seconds(5), .seconds(10)]
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    static func routes(_ app: Application) {
        _ = registry
        // Alive: the process answers. Nothing else is asked, so a slow database never gets an instance restarted.
        app.get(SiteURL.health.pathComponents) { _ in plain("ok") }
        app.get(SiteURL.ready.pathComponents, use: ready)
        app.get(SiteURL.metrics.pathComponents, use: metrics)
    }

    /// Ready: the database and the file store answer; a balancer sends nothing here until they do.
    @Sendable static func ready(_ req: Request) async throws -> Response {
        var problems: [String] = []
        do { _ = try await (req.db as! SQLDatabase).raw("SELECT 1 AS one").all() } catch { problems.append("database: \(error)") }
        do { try await req.application.fileStore.checkReachable() } catch { problems.append("files: \(error)") }
        if !problems.isEmpty { req.logger.warning("not ready: \(problems.joined(separator: "; "))") }
        let response = plain(problems.isEmpty ? "ready" : "not ready\n" + problems.joined(separator: "\n"))
        response.status = problems.isEmpty ? .ok : .serviceUnavailable
        return response
    }

    /// Prometheus text. Shown to a scraper on this machine (a direct loopback connection that no proxy forwarded),
    /// or to anyone presenting `MEDK_METRICS_TOKEN`; route names and counts are not for the public.
    @Sendable static func metrics(_ req: Request) async throws -> Response {
        guard mayReadMetrics(req) else { throw Abort(.notFound) }
        await refreshGauges(req)
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        let response = Response(status: .ok, body: .init(data: Data(buffer)))
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    static func mayReadMetrics(_ req: Request) -> Bool {
        if let token = req.application.settings.metricsToken {
            return req.headers.bearerAuthorization.map { SessionTokens.constantTimeEqual($0.token, token) } ?? false
        }
        let forwarded = req.headers.contains(name: "X-Forwarded-For") || req.headers.contains(name: "X-Real-IP")
        let address = req.remoteAddress?.ipAddress ?? ""
        return !forwarded && (address == "127.0.0.1" || address == "::1" || address.hasPrefix("::ffff:127."))
    }

    /// The outbox, the background jobs and the database's connections, read when scraped.
    private static func refreshGauges(_ req: Request) async {
        let sql = req.db as! SQLDatabase
        if let rows = try? await sql.raw("SELECT status, COUNT(*) AS n FROM mail_outbox GROUP BY status").all() {
            var counts = ["pending": 0, "sent": 0, "failed": 0]
            for row in rows {
                if let status = try? row.decode(column: "status", as: String.self), let n = try? row.decode(column: "n", as: Int.self) {
                    counts[status] = n
                }
            }
            for (status, n) in counts {
                gauge("medk_outbox", "letters", "Letters in the outbox by status", [("status", status)]).set(Double(n))
            }
        }
        if let rows = try? await sql.raw("SELECT name, outcome, finished_at FROM job_runs").all() {
            for row in rows {
                guard let name = try? row.decode(column: "name", as: String.self) else { continue }
                let outcome = (try? row.decode(column: "outcome", as: String.self)) ?? ""
                for state in ["ok", "running", "failed"] {
                    gauge("medk_job", "state", "1 for the state of the job's last run", [("job", name), ("state", state)])
                        .set(outcome == state ? 1.0 : 0.0)
                }
                if let finished = try? row.decode(column: "finished_at", as: Date?.self) {
                    gauge("medk_job_last_finished", "seconds", "When the job's last run finished (Unix time)", [("job", name)])
                        .set(finished.timeIntervalSince1970)
                }
            }
        }
        if req.application.settings.database.isPostgres,
           let rows = try? await sql.raw("SELECT state, COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() GROUP BY state").all() {
            var counts = ["active": 0, "idle": 0, "idle in transaction": 0]
            for row in rows {
                if let state = try? row.decode(column: "state", as: String?.self), let n = try? row.decode(column: "n", as: Int.self) {
                    counts[state] = n
                }
            }
            for (state, n) in counts {
                gauge("medk_db", "connections", "Connections to the database by state (all instances)", [("state", state)]).set(Double(n))
            }
        }
    }

    private static func gauge(_ name: String, _ unit: String, _ help: String, _ labels: [(String, String)]) -> Prometheus.Gauge {
        registry.makeGauge(descriptor: MetricNameDescriptor(metricName: name, unitName: unit, helpText: help), labels: labels)
    }

    private static func plain(_ text: String) -> Response {
        let response = Response(status: .ok, body: .init(string: text + "\n"))
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}

/// Names the instance on every answer (`X-MEDK-Instance`), errors included.
struct InstanceHeaderMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-MEDK-Instance", value: request.application.settings.instance)
        return response
    }
}

/// SIGTERM: the server stops accepting and lets the requests in flight finish (up to its shutdown timeout) before
/// anything they use is closed; Vapor's own shutdown closes the databases first, and a request still running
/// would find none.
public func stopServing(_ app: Application) async {
    let server: any Server = app.server
    await server.shutdown()
}
