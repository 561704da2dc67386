import Foundation
import MEDKAPI
import Plot
import Vapor
import Yams

/// The contract, published: `/api/v1/openapi.json` is the document the server was generated from, as JSON, and `/api`
/// the page a person reads, rendered here from the same document (no scripts).
struct APIReference: Sendable {
    let json: Data
    let contract: Contract

    /// Read once per process: the page, the document and the checks of each call use the same.
    static let shared = APIReference()

    private init() {
        do {
            let object = try Yams.load(yaml: APIDocument.yaml) ?? [:]
            json = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            contract = Contract(try JSONSerialization.jsonObject(with: json) as? [String: Any] ?? [:])
        } catch {
            // The document is compiled in and read by the tests: it cannot be unreadable in a build that passed them.
            fatalError("The API document does not read: \(error)")
        }
    }

    func document(_ req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(data: json))
        response.headers.contentType = .json
        return PublicCache.respond(req, response)
    }

    func page(_ req: Request) async throws -> Response {
        PublicCache.respond(req, APIReferenceViews.page(PageContext(req), contract))
    }

    /// The parts of the document the page shows, read once.
    struct Contract: @unchecked Sendable {
        struct Parameter { let name, location, type, description: String; let required: Bool }
        struct Operation { let method, path, id, summary, description: String; let parameters: [Parameter]; let body: String?; let responses: [(String, String)] }
        struct Property { let name, type, description: String; let required: Bool }
        struct Schema { let name, description: String; let properties: [Property] }

        let title, description, version: String
        let tags: [(name: String, description: String)]
        let operations: [String: [Operation]]
        let schemas: [Schema]
        /// The query parameters each operation declares, by «GET /api/v1/schools/{schoolId}/documents».
        let queryNames: [String: Set<String>]

        init(_ document: [String: Any]) {
            let info = document["info"] as? [String: Any] ?? [:]
            title = info["title"] as? String ?? ""
            description = info["description"] as? String ?? ""
            version = info["version"] as? String ?? ""
            tags = (document["tags"] as? [[String: Any]] ?? []).map { ($0["name"] as? String ?? "", $0["description"] as? String ?? "") }
            let components = document["components"] as? [String: Any] ?? [:]
            let parameters = components["parameters"] as? [String: Any] ?? [:]
            var operations: [String: [Operation]] = [:]
            let paths = document["paths"] as? [String: Any] ?? [:]
            for path in paths.keys.sorted() {
                guard let methods = paths[path] as? [String: Any] else { continue }
                for method in ["get", "post", "put", "patch", "delete"] {
                    guard let operation = methods[method] as? [String: Any] else { continue }
                    let listed = (operation["parameters"] as? [[String: Any]] ?? []).map { parameter -> [String: Any] in
                        guard let ref = parameter["$ref"] as? String else { return parameter }
                        return parameters[Self.last(ref)] as? [String: Any] ?? [:]
                    }
                    let body = ((operation["requestBody"] as? [String: Any])?["content"] as? [String: Any])?
                        .values.compactMap { (($0 as? [String: Any])?["schema"] as? [String: Any]).map(Self.typeName) }.first
                    let responses = (operation["responses"] as? [String: Any] ?? [:]).sorted { $0.key < $1.key }.map { status, value in
                        let response = value as? [String: Any] ?? [:]
                        let text = (response["$ref"] as? String).map { Self.last($0) } ?? response["description"] as? String ?? ""
                        return (status, text)
                    }
                    let entry = Operation(
                        method: method.uppercased(), path: "/api/v1" + path, id: operation["operationId"] as? String ?? "",
                        summary: operation["summary"] as? String ?? "", description: operation["description"] as? String ?? "",
                        parameters: listed.map { parameter in
                            Parameter(name: parameter["name"] as? String ?? "", location: parameter["in"] as? String ?? "",
                                      type: Self.typeName(parameter["schema"] as? [String: Any] ?? [:]),
                                      description: parameter["description"] as? String ?? "",
                                      required: parameter["required"] as? Bool ?? false)
                        },
                        body: body, responses: responses)
                    for tag in operation["tags"] as? [String] ?? [""] { operations[tag, default: []].append(entry) }
                }
            }
            self.operations = operations
            queryNames = Dictionary(operations.values.joined().map { operation in
                ("\(operation.method) \(operation.path)", Set(operation.parameters.filter { $0.location == "query" }.map(\.name)))
            }) { a, _ in a }
            schemas = (components["schemas"] as? [String: Any] ?? [:]).sorted { $0.key < $1.key }.map { name, value in
                let schema = value as? [String: Any] ?? [:]
                let required = Set(schema["required"] as? [String] ?? [])
                let properties = (schema["properties"] as? [String: Any] ?? [:]).sorted { $0.key < $1.key }.map { key, value in
                    let property = value as? [String: Any] ?? [:]
                    return Property(name: key, type: Self.typeName(property), description: property["description"] as? String ?? "",
                                    required: required.contains(key))
                }
                let values = (schema["enum"] as? [String]).map { ": " + $0.joined(separator: ", ") } ?? ""
                return Schema(name: name, description: (schema["description"] as? String ?? "") + values, properties: properties)
            }
        }

        static func last(_ ref: String) -> String { String(ref.split(separator: "/").last ?? "") }

        /// «integer», «Region», «array of School», «string (uuid)».
        static func typeName(_ schema: [String: Any]) -> String {
            if let ref = schema["$ref"] as? String { return last(ref) }
            let type = schema["type"] as? String ?? "object"
            if type == "array" { return "array of " + typeName(schema["items"] as? [String: Any] ?? [:]) }
            if let format = schema["format"] as? String { return "\(type) (\(format))" }
            if let values = schema["enum"] as? [String] { return "\(type): " + values.joined(separator: " | ") }
            return type
        }
    }
}

enum APIReferenceViews {
    typealias A = Strings.Api

    static func page(_ context: PageContext, _ contract: APIReference.Contract) -> Response {
        Layout.render(
            context, title: A.reference,
            .p(.class("lead"), .text(A.referenceLead)),
            .p(.a(.href(SiteURL.apiDocument.path), .text(A.document)), .text(" · \(contract.title) \(contract.version)")),
            .section(.h2(.text(A.howTo)), .ol(.forEach(A.howToSteps) { .li(.text($0)) }),
                     .h3(.text(A.example)),
                     .pre(.code(.text("curl -H 'Authorization: Bearer medk_…' \(SiteURL.apiDocument.path.replacingOccurrences(of: "openapi.json", with: "schools"))?limit=100")))),
            .section(.h2(.text(A.errorsTitle)), .p(.text(A.errorsText))),
            .section(.h2(.text(A.operations)), .forEach(contract.tags) { tag in
                .group(.h3(.text(tag.description)), .forEach(contract.operations[tag.name] ?? []) { operation in
                    .article(.class("api-operation"), .id(operation.id),
                             .h4(.code(.text("\(operation.method) \(operation.path)"))),
                             .p(.text(operation.summary)),
                             .if(!operation.description.isEmpty, .p(.class("hint"), .text(operation.description))),
                             .if(!operation.parameters.isEmpty, Components.table(
                                [A.parameters, A.location, A.type, A.details],
                                operation.parameters.map { parameter in
                                    [.td(.code(.text(parameter.name))), .td(.text(parameter.location)), .td(.text(parameter.type)),
                                     .td(.text((parameter.required ? A.required + ". " : "") + parameter.description))]
                                })),
                             .unwrap(operation.body) { .p(.strong(.text(A.body + ": ")), .a(.href("#schema-" + $0), .text($0))) },
                             .p(.strong(.text(A.responses + ": ")),
                                .text(operation.responses.map { "\($0.0) — \($0.1)" }.joined(separator: "; "))))
                })
            }),
            .section(.h2(.text(A.schemas)), .forEach(contract.schemas) { schema in
                .article(.id("schema-" + schema.name), .h3(.text(schema.name)),
                         .if(!schema.description.isEmpty, .p(.text(schema.description))),
                         .if(!schema.properties.isEmpty, Components.table(
                            [A.field, A.type, A.details],
                            schema.properties.map { property in
                                [.td(.code(.text(property.name))), .td(.text(property.type)),
                                 .td(.text((property.required ? A.required + ". " : "") + property.description))]
                            })))
            })
        )
    }
}
