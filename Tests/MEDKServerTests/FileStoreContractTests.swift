import Crypto
import Fluent
import Foundation
import NIOCore
import NIOPosix
import Testing
import Vapor
@testable import MEDKServer

/// Both stores keep the same promises: bytes come back as they went in, under their SHA-256; a missing file is
/// missing; an upload that never finished leaves nothing; a large file passes in parts; the sweeper's dates hold.
/// The S3 store is tried against a real S3 server (moto), started by the tests.
@Suite("File stores: a local directory and an S3 bucket")
struct FileStoreContractTests {
    enum Kind: String, CaseIterable, Sendable { case local, s3 }

    static func store(_ kind: Kind) async throws -> any FileStore {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("medk-store-\(UUID().uuidString)")
        switch kind {
        case .local: return try LocalFileStore(root: directory, instance: "test")
        case .s3: return try S3FileStore(try await TestS3Server.freshLocation(), temporaries: directory)
        }
    }

    /// Streams `bytes` into a temporary file in blocks, as an upload arrives.
    static func put(_ bytes: [UInt8], into store: any FileStore, block: Int = 64 * 1024) async throws -> String {
        let temporary = try store.makeTemporary()
        for start in stride(from: 0, to: bytes.count, by: block) {
            try await temporary.append(bytes[start..<min(start + block, bytes.count)], headerSize: 8, threadPool: .singleton)
        }
        try await store.commit(temporary, threadPool: .singleton)
        #expect(!FileManager.default.fileExists(atPath: temporary.url.path), "the temporary file is gone once committed")
        return temporary.sha256
    }

    static func hash(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() }

    @Test(arguments: Kind.allCases)
    func aFileComesBackAsItWentInUnderItsHash(_ kind: Kind) async throws {
        let store = try await Self.store(kind)
        let bytes = Array("Приказ № 1 о программе перехода школы в эффективный режим работы".utf8)
        let sha256 = try await Self.put(bytes, into: store)
        #expect(sha256 == Self.hash(bytes))
        #expect(try await store.exists(sha256))
        #expect(try await Backup.hash(of: sha256, in: store) == sha256)
        // The same bytes again are kept once.
        #expect(try await Self.put(bytes, into: store) == sha256)
        #expect(try await store.files(untouchedSince: Date().addingTimeInterval(3600)) == [sha256])
    }

    @Test(arguments: Kind.allCases)
    func aMissingFileIsMissingAndANameThatIsNoHashIsNeverLookedUp(_ kind: Kind) async throws {
        let store = try await Self.store(kind)
        let absent = Self.hash(Array("нет такого файла".utf8))
        #expect(try await !store.exists(absent))
        #expect(try await Backup.hash(of: absent, in: store) == nil)
        #expect(try await !store.exists("../../etc/passwd"))
        try await store.remove(absent, ifUntouchedSince: Date().addingTimeInterval(3600))
    }

    @Test(arguments: Kind.allCases)
    func anUploadCutOffBeforeItsCommitLeavesNothing(_ kind: Kind) async throws {
        let store = try await Self.store(kind)
        let temporary = try store.makeTemporary()
        try await temporary.append(ArraySlice(Array(repeating: 7, count: 300_000)), headerSize: 8, threadPool: .singleton)
        temporary.discard()
        #expect(!FileManager.default.fileExists(atPath: temporary.url.path))
        #expect(try await store.files(untouchedSince: Date().addingTimeInterval(3600)).isEmpty)
    }

    @Test(arguments: Kind.allCases)
    func theSweeperRemovesOnlyWhatWasNotCommittedSinceItsDate(_ kind: Kind) async throws {
        let store = try await Self.store(kind)
        let sha256 = try await Self.put(Array("черновик".utf8), into: store)
        try await store.remove(sha256, ifUntouchedSince: Date().addingTimeInterval(-3600))
        #expect(try await store.exists(sha256), "committed after the date: kept")
        #expect(try await store.files(untouchedSince: Date().addingTimeInterval(-3600)).isEmpty)
        try await store.remove(sha256, ifUntouchedSince: Date().addingTimeInterval(3600))
        #expect(try await !store.exists(sha256))
    }

    /// 200 MB, the largest document a school may upload: S3 gets it in 5 MB parts, never whole in memory.
    @Test(arguments: Kind.allCases)
    func aLargestDocumentPassesWhole(_ kind: Kind) async throws {
        let store = try await Self.store(kind)
        var generator = SystemRandomNumberGenerator()
        let block = (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let temporary = try store.makeTemporary()
        var hasher = SHA256()
        for index in 0..<200 {
            var chunk = block
            chunk[0] = UInt8(index)
            hasher.update(data: chunk)
            try await temporary.append(ArraySlice(chunk), headerSize: 8, threadPool: .singleton)
        }
        try await store.commit(temporary, threadPool: .singleton)
        let expected = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        #expect(temporary.sha256 == expected)
        #expect(temporary.size == 200 << 20)
        #expect(try await Backup.hash(of: expected, in: store) == expected)
    }

    // MARK: through the application

    @Test func withFilesInS3ASchoolsDocumentDownloadsWholeAndInRanges() async throws {
        let location = try await TestS3Server.freshLocation()
        try await withMEDK(settings: { $0.files = .s3(location) }) { app in
            #expect(app.fileStore is S3FileStore)
            let school = try await Demo.school(Demo.gusino, app)
            let browser = Browser(app)
            try await browser.signIn("school")
            let section = "/schools/\(school.id!)/sections/conceptDocuments"
            #expect(try await browser.uploadDocuments(section + "/documents", [("приказ.pdf", Sample.pdf)]).status == .seeOther)
            let document = try #require(try await Document.query(on: app.db).first())
            let whole = try await browser.get("/documents/\(document.id!)/versions/1")
            #expect(whole.status == .ok)
            #expect(whole.data == Sample.pdf)
            #expect(whole.headers.first(name: .contentDisposition)?.contains("inline") == true)
            let part = try await browser.get("/documents/\(document.id!)/versions/1", headers: ["Range": "bytes=0-3"])
            #expect(part.status == .partialContent)
            #expect(part.data == Sample.pdf.prefix(4))
            #expect(try await browser.get("/readyz").status == .ok)
        }
    }

    @Test func anUnreachableBucketMakesTheInstanceNotReadyButStillAlive() async throws {
        var location = try await TestS3Server.freshLocation()
        location.endpoint = "http://127.0.0.1:9"
        try await withMEDK(demo: false, settings: { $0.files = .s3(location) }) { app in
            let browser = Browser(app)
            let ready = try await browser.get("/readyz")
            #expect(ready.status == .serviceUnavailable)
            #expect(ready.body.contains("files"))
            #expect(try await browser.get("/healthz").status == .ok)
        }
    }
}

@Suite("Reading the S3 settings")
struct S3SettingsTests {
    @Test func anS3AddressNeedsItsKeysAndAReadableEndpoint() throws {
        let base = ["MEDK_FILES": "s3://medk/prod/files", "MEDK_S3_ENDPOINT": "https://storage.yandexcloud.net",
                    "MEDK_S3_REGION": "ru-central1", "MEDK_S3_ACCESS_KEY": "key", "MEDK_S3_SECRET_KEY": "secret"]
        guard case .s3(let location) = try Settings.Files.load(base) else { Issue.record("not S3"); return }
        #expect(location.bucket == "medk")
        #expect(location.prefix == "prod/files")
        #expect(location.region == "ru-central1")
        #expect(try Settings.Files.load([:]) == .local)
        var noKey = base
        noKey["MEDK_S3_SECRET_KEY"] = nil
        #expect(throws: Settings.MissingSetting.self) { try Settings.Files.load(noKey) }
        var badEndpoint = base
        badEndpoint["MEDK_S3_ENDPOINT"] = "storage"
        #expect(throws: Settings.MissingSetting.self) { try Settings.Files.load(badEndpoint) }
        #expect(throws: Settings.MissingSetting.self) { try Settings.Files.load(["MEDK_FILES": "s3://"]) }
    }

    /// The example of AWS's own documentation («GET Object», Signature Version 4): the same signature, byte for byte.
    @Test func theSignatureMatchesAWSsPublishedExample() {
        let signer = S3Signature(accessKey: "AKIAIOSFODNN7EXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1")
        let date = Date(timeIntervalSince1970: 1_369_353_600) // 2013-05-24T00:00:00Z
        let headers = signer.headers(method: "GET", host: "examplebucket.s3.amazonaws.com", path: "/test.txt",
                                     headers: [("Range", "bytes=0-9")], payloadSHA256: S3Signature.emptyPayload, date: date)
        let authorization = headers.first { $0.0 == "Authorization" }?.1 ?? ""
        #expect(authorization == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }
}
