import Foundation
import MEDKCore

extension Strings {
    /// `medk --help` and every command's `--help`.
    enum CommandLine {
        static let overview = """
            МЭДК — мониторинг электронных дорожных карт школ (проект «500+»).

            Использование: medk <команда> [параметры]

            Команды:
              demo                  запустить с демонстрационными данными (SQLite в ./data)
              serve                 запустить сервер (база: DATABASE_URL или SQLite в MEDK_DATA_DIR)
              migrate               применить миграции базы данных
              user create           создать пользователя с ролью
              rebuild-indicators    пересчитать показатели включенности по истории
              routes                показать адреса, на которые отвечает сервер
              mail test             отправить проверочное письмо и показать ответ почтового сервера
              jobs                  показать фоновые задачи (напоминания, сводки, почта) или выполнить одну

            Подробнее о команде: medk <команда> --help
            """
        static let demo = """
            medk demo — запускает МЭДК с демонстрационными данными.

            Создаёт каталог данных и базу SQLite в нём (если их нет), применяет миграции, загружает демонстрационные
            данные (повторный запуск ничего не дублирует) и, когда порт занят сервером, печатает адрес и учётные записи.

            Параметры:
              --port N          порт (по умолчанию 8080)
              --hostname ИМЯ    адрес, на котором слушать (по умолчанию 127.0.0.1; 0.0.0.0 — для всей сети)
              --data КАТАЛОГ    каталог данных (по умолчанию ./data)
              --help, -h        эта справка (ничего не создаёт)
            """
        static let serve = """
            medk serve — запускает сервер МЭДК.

            Параметры:
              --port N, -p N          порт (по умолчанию 8080)
              --hostname ИМЯ, -H ИМЯ  адрес, на котором слушать (по умолчанию 127.0.0.1)
              --bind ИМЯ:ПОРТ, -b     адрес и порт вместе
              --env production        рабочий режим (требует MEDK_SESSION_SECRET)
              --help, -h              эта справка

            Переменные окружения:
              DATABASE_URL            PostgreSQL (postgres://…); без неё — SQLite в MEDK_DATA_DIR
              MEDK_DATA_DIR           каталог данных и файлов (по умолчанию ./data)
              MEDK_SESSION_SECRET     секрет сессий, не короче 32 символов (обязателен в рабочем режиме)
              MEDK_PUBLIC_URL         внешний адрес; https:// включает защищённые cookie и HSTS
              MEDK_MAX_UPLOAD_MB      наибольший размер загружаемого файла, МБ (по умолчанию 200)
              MEDK_BCRYPT_COST        стоимость хеширования паролей (по умолчанию 12)
              MEDK_SMTP_URL           почтовый сервер: smtp://[логин:пароль@]хост:порт[?starttls=required]
                                      или smtps://…:465; без неё письма копятся в очереди (страница «Почта»)
              MEDK_MAIL_FROM          адрес отправителя (по умолчанию noreply@medk.local)
              MEDK_SMTP_CA            PEM-сертификат, которому доверять (сервер с собственным сертификатом)
              MEDK_MAIL_LEASE_SECONDS сколько держать письмо в отправке до повтора после сбоя (по умолчанию 120)
            """
        static let migrate = """
            medk migrate — применяет миграции базы данных (DATABASE_URL или SQLite в MEDK_DATA_DIR).

            Параметры:
              --help, -h    эта справка
            """
        static let user = """
            medk user — управление пользователями.

            Команды:
              create    создать пользователя с ролью (medk user create --help)
            """
        static let userCreate = """
            medk user create — создаёт пользователя с ролью; пароль печатается, если не задан.

            Параметры:
              --login ЛОГИН          латиница, цифры, . _ -
              --name "ФИО"
              --role РОЛЬ            school | curator | municipal | regional | federal | expert | admin
              --region РЕГИОН        для curator, regional, municipal, school
              --municipality МУН.    для municipal, school
              --school КОД_ИЛИ_ИМЯ   код ОО или полное наименование школы (для school)
              --email E-MAIL
              --password ПАРОЛЬ      без него пароль будет создан и напечатан
              --help, -h             эта справка

            Пример: medk user create --login admin --name "Иванова Анна Петровна" --role admin
            """
        static let rebuildIndicators = """
            medk rebuild-indicators — пересчитывает показатели включенности по истории
            (после загрузки данных в базу в обход МЭДК).

            Параметры:
              --help, -h    эта справка
            """
        static let routes = """
            medk routes — показывает адреса, на которые отвечает сервер.

            Параметры:
              --help, -h    эта справка
            """
        static let mail = """
            medk mail test --to АДРЕС — отправляет проверочное письмо напрямую почтовому серверу (MEDK_SMTP_URL),
            минуя очередь, и печатает диалог SMTP и ответ сервера.

            Параметры:
              --to АДРЕС    кому отправить
              --help, -h    эта справка
            """
        static let jobs = """
            medk jobs — показывает фоновые задачи: когда и с каким итогом выполнялись, кто их держит, сколько писем ждёт.
            Задачи идут сами, пока работает сервер: напоминания — раз в день (после 06:00 по Москве), сводки — каждый
            час (письмо — в 08:00 по времени региона), очередь писем — каждые 3 секунды.

            Параметры:
              --run ЗАДАЧА   выполнить сейчас: reminders | digests | outbox
              --at МОМЕНТ    на какой момент (ISO 8601, например 2026-12-01T07:00:00+03:00)
              --help, -h     эта справка
            """
        static let commands: [String: String] = ["demo": demo, "serve": serve, "migrate": migrate, "user": user,
                                                 "rebuild-indicators": rebuildIndicators, "routes": routes,
                                                 "mail": mail, "jobs": jobs]
        static func unknownCommand(_ command: String) -> String { "Неизвестная команда «\(command)»." }
        static func portBusy(_ port: Int) -> String {
            "порт \(port) занят другой программой (возможно, МЭДК уже запущена). Освободите его или выберите другой: --port \(port + 1)"
        }
    }
}
