import MEDKCore

extension Strings {
    /// Seed 003's fourth monitoring, «мониторинг проявления рисков факторов ШНОР» (issue 16).
    enum RiskFactors {
        static let title = RiskFactorMonitoring.title
        static func title(_ territory: String) -> String { "\(title): \(territory)" }
        static func lead(year: Int, schools: Int) -> String {
            "«500+» — \(year) · " + RussianPlural("школа", "школы", "школ")(schools)
        }
        static let sources = "Источники данных (положение о комплексном мониторинге): " + RiskFactorMonitoring.sources + "."
        static let factor = "Фактор риска"
        static let school = "Школа"
        static func previous(_ year: Int) -> String { "Изменение — по сравнению с \(year) годом (одни и те же школы, даже переименованные)." }
        static let noPrevious = "Предыдущего года программы нет: изменение не показывается."
        static let reading = """
            Как считаются столбцы. Куратор проверяет риски высокой и средней значимости по группе параметров протокола, \
            к которой относится фактор: «подтверждён» — группа отмечена как подтверждённая, «не подтверждён» — как не \
            подтверждённая, «не проверен» — куратор ещё не отметил группу. «Добавлен куратором» — группа подтверждена, \
            хотя профиль не выявил фактор с высокой или средней значимостью. «Актуален в карточке самоанализа» — по \
            подтверждённой карточке школы; «выбран направлением» — по активированным направлениям.
            """
        static let download = "Скачать XLSX"
        static let intro = "Четвёртый мониторинг положения строится по данным, которые уже есть в системе: рисковым профилям, протоколам кураторов, карточкам самоанализа и направлениям школ."
        static let open = "Открыть мониторинг"
        static let chooseRegion = "Мониторинг строится по региону или муниципалитету: выберите регион."
        static let municipalities = "Муниципалитеты региона"
        static let otherYears = "Другие годы программы"
        static let noSchools = "В этом году программы в территории нет школ-участниц."
        static func factorTitle(_ factor: Methodology.RiskFactor) -> String { "Фактор \(factor.number). \(factor.title)" }
        static func column(_ column: RiskFactorMonitoring.Column) -> String { column.title }
        static func onlyColumn(_ column: RiskFactorMonitoring.Column) -> String { "Показаны школы: «\(column.title)»." }
        static let allSchools = "Показать все школы территории"
        static let municipality = "Муниципалитет"
        static let significance = "Значимость в рисковом профиле"
        static let noProfile = "профиль не загружен"
        static let curatorAnswer = "Куратор"
        static let card = "Карточка самоанализа"
        static let direction = "Направление"
        static let note = "Замечание куратора"
        static let yes = "да"
        static let no = "нет"
        static func answer(for school: RiskFactorMonitoring.School, in row: RiskFactorMonitoring.Row) -> String {
            for column in [RiskFactorMonitoring.Column.confirmed, .notConfirmed, .notVerified, .added]
            where row.schools[column]?.contains(school.id) == true {
                return column.title
            }
            return "—"
        }
        static func change(_ n: Int) -> String { n > 0 ? "+\(n)" : n < 0 ? "−\(-n)" : "±0" }
        static func changeHint(_ n: Int, since year: Int) -> String { "\(change(n)) к \(year)" }
        static let sheet = "Факторы риска"
        static let schoolsSheet = "Школы"
        static func fileName(_ territory: String, _ year: Int) -> String { "Мониторинг рисков — \(territory) — \(year).xlsx" }
        static func changeColumn(_ column: RiskFactorMonitoring.Column, since year: Int) -> String { "\(column.title): изменение к \(year)" }
        static let noSuchFactor = "Такого фактора риска нет в каталоге этого года программы."
    }
}
