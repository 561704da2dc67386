import Foundation
import MEDKCore

extension Strings {
    enum Audit {
        static let title = "Журнал изменений"
        static let at = "Когда"
        static let actor = "Кто"
        static let action = "Действие"
        static let summary = "Что"
        static let system = "система"
        static let empty = "Записей нет."
        static let signIn = "Вход в систему"
        static let signInFailed = "Неудачная попытка входа"
        static let signOut = "Выход из системы"
        static let passwordChanged = "Смена пароля"
        static let next = "Дальше →"
        static func action(_ action: AuditLog.Action) -> String {
            switch action {
            case .signIn: signIn
            case .signInFailed: signInFailed
            case .signOut: signOut
            case .passwordChanged: passwordChanged
            case .regionCreated: "Создан регион"
            case .municipalityCreated: "Создан муниципалитет"
            case .schoolCreated: "Создана школа"
            case .schoolUpdated: "Изменены сведения о школе"
            case .participationCreated: "Школа включена в проект"
            case .userCreated: "Создан пользователь"
            case .userBlocked: "Пользователь заблокирован"
            case .userUnblocked: "Пользователь разблокирован"
            case .roleGranted: "Назначена роль"
            case .roleRevoked: "Снята роль"
            case .curatorAssigned: "Назначен куратор"
            case .curatorUnassigned: "Куратор снят со школы"
            case .imported: "Импорт из файла"
            case .verificationSaved: "Сохранена верификация РПШ"
            case .profileFileAttached: "Приложен файл рискового профиля"
            case .territoryRoadmapImported: "Загружен план-график"
            case .roadmapItemMarked: "Отмечен пункт плана-графика"
            case .instrumentDefined: "Определён инструмент мониторинга"
            case .monitoringOpened: "Открыт мониторинг"
            case .monitoringSubjectAdded: "Добавлен объект мониторинга"
            case .monitoringValuesEntered: "Внесены значения мониторинга"
            case .seminarMarked: "Отмечено участие в установочном семинаре"
            case .visitLogged: "Записано посещение школы"
            case .visitRuleChanged: "Изменена периодичность посещений"
            case .cycleCreated: "Создан цикл программы"
            case .cycleChanged: "Изменены контрольные даты цикла"
            case .cycleOpened: "Открыт цикл программы"
            case .cycleClosed: "Закрыт цикл программы"
            case .cycleSchoolsCarried: "Школы перенесены в цикл программы"
            case .mailResent: "Письма отправлены повторно"
            case .passwordResetRequested: "Запрошено восстановление пароля"
            case .passwordReset: "Пароль восстановлен по ссылке из письма"
            case .mailPreferencesChanged: "Изменены настройки почты"
            case .curatorReportConfirmed: "Подтверждён отчёт о работе кураторов"
            case .expertiseRoundCreated: "Создан этап экспертизы"
            case .expertiseSampleDrawn: "Сформирована выборка для экспертизы"
            case .expertiseSchoolAdded: "Школа добавлена в выборку экспертизы"
            case .expertiseSchoolRemoved: "Школа исключена из выборки экспертизы"
            case .expertsAssigned: "Назначены эксперты"
            case .expertiseSheetMoved: "Изменено состояние экспертного листа"
            case .expertiseRoundPublished: "Опубликованы результаты экспертизы"
            case .practiceMoved: "Решение по практике"
            case .territoryActPublished: "Опубликован акт территории"
            case .apiTokenCreated: "Создан токен доступа к API"
            case .apiTokenRevoked: "Отозван токен доступа к API"
            }
        }
    }
}
