import Foundation

extension Strings {
    /// The operator's commands: backups, restores and the move of files to S3 (issue 19).
    enum Operations {
        static let backupHelp = "Резервная копия: база данных и файлы (medk backup --to КАТАЛОГ)."
        static let restoreHelp = "Восстановление из резервной копии в пустую базу (medk restore --from КАТАЛОГ)."
        static let backupWhere = "укажите пустой каталог для резервной копии: medk backup --to /var/backups/medk/2026-12-02"
        static let restoreWhere = "укажите каталог резервной копии: medk restore --from /var/backups/medk/2026-12-02"
        static let backupInMemory = "база данных в памяти не сохраняется: задайте DATABASE_URL или MEDK_DATA_DIR."
        static let restoreNotEmpty = "база данных не пуста: восстановление выполняется только в новую, пустую базу (ничего не изменено)."
        static func backupNotEmpty(_ path: String) -> String { "каталог \(path) не пуст: резервная копия пишется в новый каталог." }
        static func notABackup(_ path: String) -> String { "в каталоге \(path) нет резервной копии МЭДК (нет файла manifest.txt)." }
        static func wrongDatabase(_ file: String) -> String {
            "в копии нет файла \(file): она снята с базы другого вида (SQLite и PostgreSQL не взаимозаменяемы)."
        }
        static func corrupt(_ sha256: String) -> String { "файл \(sha256) повреждён: его SHA-256 не совпадает с именем." }
        static func toolMissing(_ tool: String) -> String { "не найдена программа \(tool) (Debian: apt-get install postgresql-client)." }
        static func toolFailed(_ tool: String, _ message: String) -> String { "\(tool) завершился с ошибкой: \(message.prefix(2000))" }
        static func missingFiles(_ list: [String]) -> String {
            "нет \(list.count) файл(ов), на которые ссылается база: \(list.prefix(10).joined(separator: ", "))"
        }
        static func backupDone(_ path: String, _ files: Int, _ bytes: Int64) -> String {
            "Резервная копия записана в \(path): база данных и \(files) файл(ов), \(megabytes(bytes))."
        }
        static func restoreDone(_ path: String, _ files: Int, _ bytes: Int64) -> String {
            "Восстановлено из \(path): база данных и \(files) файл(ов), \(megabytes(bytes)); SHA-256 каждого файла проверен."
        }
        static let filesHelp = "Хранилище файлов: medk files migrate --to s3://корзина/префикс"
        static let migrateHelp = "Переносит файлы из каталога данных в S3 и проверяет SHA-256 каждого."
        static let migrateWhere = "укажите хранилище: medk files migrate --to s3://корзина/префикс (и MEDK_S3_ENDPOINT, MEDK_S3_ACCESS_KEY, MEDK_S3_SECRET_KEY)"
        static func migrated(_ files: Int, _ bytes: Int64, _ referenced: Int) -> String {
            "Перенесено и проверено файлов: \(files) (\(megabytes(bytes))). Все \(referenced) файл(ов), на которые ссылается база, есть в S3. Задайте MEDK_FILES и перезапустите МЭДК."
        }

        static func megabytes(_ bytes: Int64) -> String {
            String(format: "%.1f МБ", Double(bytes) / 1_048_576).replacingOccurrences(of: ".", with: ",")
        }
    }
}
