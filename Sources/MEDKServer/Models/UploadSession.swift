import Fluent
import Foundation

/// A file a browser sends in chunks, so that a dropped line or a closed laptop costs only the chunk in flight.
final class UploadSession: Model, @unchecked Sendable {
    static let schema = "upload_sessions"
    @ID var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "file_name") var fileName: String
    /// Declared by the browser at the start; no byte past it is kept.
    @Field(key: "size") var size: Int64
    @Field(key: "created_at") var createdAt: Date
    /// The last chunk's time: sessions untouched for a day are swept.
    @Field(key: "updated_at") var updatedAt: Date
    /// Set once the whole file is in the shared file store (`UploadSessions.keep`): from then on any instance can
    /// hand it to the form that names it.
    @OptionalField(key: "stored_sha256") var storedSHA256: String?

    init() {}
    init(userID: UUID, fileName: String, size: Int64, at now: Date) {
        self.userID = userID
        self.fileName = fileName
        self.size = size
        self.createdAt = now
        self.updatedAt = now
    }
}
