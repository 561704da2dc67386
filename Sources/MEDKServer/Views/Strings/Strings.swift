/// Every word MEDK shows a person, in Russian, in this folder: one file per feature, each an `extension Strings`.
enum Strings {
    static let appName = "МЭДК"
    static let appTitle = "Мониторинг электронных дорожных карт"
    static let programme = "Проект адресной методической помощи «500+»"
}
