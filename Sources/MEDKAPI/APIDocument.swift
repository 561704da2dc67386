/// The contract the API's types and server protocol are generated from, as written (YAML); the server publishes it
/// as JSON at /api/v1/openapi.json and renders the reference page /api from it.
public enum APIDocument {
    public static var yaml: String { String(decoding: PackageResources.openapi_yaml, as: UTF8.self) }
}
