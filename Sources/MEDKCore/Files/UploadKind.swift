import Foundation

/// The kinds of file a school may upload, decided by content, never by name alone.
///
/// The kind of an uploaded file comes from `UploadInspector`, which reads the bytes; the name the
/// browser sent is only checked against it.
public enum UploadKind: String, Sendable, CaseIterable, Codable {
    case pdf, doc, docx, xls, xlsx, odt, ods, ppt, pptx, jpeg, png, mp4, webm

    /// The media type to send in `Content-Type` when the file is given back.
    public var mimeType: String {
        switch self {
        case .pdf: "application/pdf"
        case .doc: "application/msword"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xls: "application/vnd.ms-excel"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .odt: "application/vnd.oasis.opendocument.text"
        case .ods: "application/vnd.oasis.opendocument.spreadsheet"
        case .ppt: "application/vnd.ms-powerpoint"
        case .pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .mp4: "video/mp4"
        case .webm: "video/webm"
        }
    }

    /// File name extensions (lower case, without the dot) that may carry this kind; the first is the
    /// one given to files that come without any.
    public var extensions: [String] {
        switch self {
        case .jpeg: ["jpg", "jpeg"]
        case .mp4: ["mp4", "m4v"]
        default: [rawValue]
        }
    }

    /// Whether a browser shows the file itself, so it may be sent `inline` rather than as an
    /// attachment: PDF and the two image kinds are shown, MP4 and WebM play in a `<video>` element.
    /// Office and OpenDocument files are always downloaded.
    public var previewsInBrowser: Bool {
        switch self {
        case .pdf, .jpeg, .png, .mp4, .webm: true
        case .doc, .docx, .xls, .xlsx, .odt, .ods, .ppt, .pptx: false
        }
    }

    /// A short Russian label for lists of documents.
    public var title: String {
        switch self {
        case .pdf: "PDF"
        case .doc, .docx: "Документ Word"
        case .xls, .xlsx: "Таблица Excel"
        case .odt: "Документ OpenDocument"
        case .ods: "Таблица OpenDocument"
        case .ppt, .pptx: "Презентация PowerPoint"
        case .jpeg: "Изображение JPEG"
        case .png: "Изображение PNG"
        case .mp4: "Видео MP4"
        case .webm: "Видео WebM"
        }
    }
}

/// Why an upload is not accepted. Every check in `UploadInspector` ends either in an `UploadKind`
/// or in one of these.
public enum UploadRefusal: Error, Equatable, Sendable {
    /// The file has no bytes (or could not be read at all).
    case empty
    /// A program or a script: ELF, Windows PE ("MZ"), Mach-O (thin and fat), Java class files,
    /// Windows shortcuts (.lnk) and anything starting with "#!".
    case executable
    /// A ZIP-based file (an Office or OpenDocument file, or a plain archive) or an OLE2 compound
    /// file that carries a program or macros; the value is the name of the offending entry.
    case archiveWithExecutable(String)
    /// Content of a kind that is not in `UploadKind`: plain archives, HTML, SVG, QuickTime,
    /// Matroska, MSI installers, encrypted Office files, broken or inconsistent containers…
    case unsupportedType
    /// The content is fine but the name claims another kind (a PDF named "отчёт.docx", a picture
    /// named "setup.exe"). Such a file would open in the wrong program on the curator's computer,
    /// and a name that lies about the content is the classic way of disguising a file, so it is
    /// refused rather than silently renamed. `expected` lists the extensions the content allows.
    /// A name without any extension is accepted (see `SafeFileName.withExtension`).
    case mismatchedExtension(expected: [String])
    /// Larger than `limit` bytes. Upload size limits are enforced by the caller (they are not a
    /// matter of content); `UploadInspector` itself uses this case only for a ZIP-based document
    /// whose entries claim to unpack to more than `UploadInspector.maxUnpackedSize` bytes.
    case tooLarge(limit: Int)
    /// A resumable upload named in a form before all its bytes arrived.
    case incomplete
}

extension UploadRefusal {
    /// A Russian sentence for the person who uploaded the file.
    public var explanation: String {
        switch self {
        case .empty:
            "Файл пустой."
        case .executable:
            "Это программа или сценарий, а не документ. Такие файлы загружать нельзя."
        case .archiveWithExecutable(let entry):
            "Файл содержит программу или макросы (\(entry)). Сохраните документ без макросов и загрузите снова."
        case .unsupportedType:
            "Такой тип файла не принимается. Загрузите PDF, документ Word или OpenDocument, таблицу, презентацию, изображение JPEG или PNG, видео MP4 или WebM."
        case .mismatchedExtension(let expected):
            "Расширение в имени файла не соответствует его содержимому. Ожидалось: "
                + expected.map { "." + $0 }.joined(separator: ", ") + "."
        case .tooLarge(let limit):
            "Файл слишком большой: предел — \(UploadRefusal.megabytes(limit))."
        case .incomplete:
            "Файл загружен не полностью. Дождитесь окончания загрузки и отправьте форму снова."
        }
    }

    private static func megabytes(_ bytes: Int) -> String {
        let mebibyte = 1 << 20
        if bytes >= mebibyte, bytes % mebibyte == 0 { return "\(bytes / mebibyte) МБ" }
        if bytes >= mebibyte { return "\(bytes / mebibyte) МБ \(bytes % mebibyte / 1024) КБ" }
        if bytes >= 1024 { return "\(bytes / 1024) КБ" }
        return "\(bytes) Б"
    }
}
