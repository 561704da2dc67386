import Foundation

/// Validates a sheet of roadmap items («план-график»), one table row per item in the document's order.
/// Nothing is written by the caller unless every row is right. The same columns make the XLSX export,
/// so an exported plan imports back unchanged.
public enum RoadmapImport {
    /// The column titles as the seeds write them.
    public enum Column {
        public static let number = "№ п/п"
        public static let heading = "Раздел"
        public static let action = "Мероприятие"
        public static let form = "Форма/документ"
        public static let due = "Сроки"
        public static let responsible = "Ответственные"
        public static let indicator = "Показатель/индикатор"
        public static let target = "Целевое значение"
        public static let column = "Столбец"
        public static let row = "Строка таблицы"
    }

    public static let columns: [ImportColumn] = [
        ImportColumn(Column.number, aliases: ["№", "№ п.п.", "№ п.п", "номер", "номер пункта"], required: false),
        ImportColumn(Column.heading, aliases: ["заголовок раздела", "раздел (да/нет)"], required: false),
        ImportColumn(Column.action, aliases: ["наименование мероприятия", "описание действий", "мероприятия", "действие",
                                              "содержание мероприятия"], required: true),
        ImportColumn(Column.form, aliases: ["форма/нормативный локальный акт", "форма", "документ", "форма/акт"],
                     required: false),
        ImportColumn(Column.due, aliases: ["сроки выполнения", "дата", "срок", "сроки проведения", "срок исполнения",
                                           "сроки проведения, периодичность"], required: false),
        ImportColumn(Column.responsible, aliases: ["ответственный", "ответственные исполнители", "исполнитель"],
                     required: false),
        ImportColumn(Column.indicator, aliases: ["муниципальный показатель", "показатель", "индикатор",
                                                 "показатель выполнения"], required: false),
        ImportColumn(Column.target, aliases: ["целевое значение показателя", "плановое значение"], required: false),
        ImportColumn(Column.column, aliases: ["уровень"], required: false),
        ImportColumn(Column.row, aliases: ["строка"], required: false),
    ]

    static let yes = "да"
    static let no = "нет"

    /// Reads every row; due texts without a year belong to `cycleYear`.
    public static func validate(_ sheet: [[String]], cycleYear: Int) -> Result<[RoadmapItem], ImportFailure> {
        let table: ImportTable
        switch ImportTable.resolve(sheet, columns: columns) {
        case .success(let resolved): table = resolved
        case .failure(let failure): return .failure(failure)
        }
        var items: [RoadmapItem] = []
        var issues: [ImportIssue] = []
        for index in table.rows.indices {
            var check = RowCheck(table: table, index: index)
            let numberText = check.optional(Column.number, max: 32)
            let number = RoadmapItemNumber(numberText)
            if !numberText.isEmpty, number == nil {
                check.report(Column.number, .invalidValue(numberText, allowed: ["1", "1.1", "1.1.3"]))
            }
            var isHeading = false
            if !table.value(index, Column.heading).isEmpty {
                isHeading = check.oneOf(Column.heading, [yes: true, no: false]) ?? false
            }
            let action = check.required(Column.action, max: 4000)
            let form = check.optional(Column.form, max: 2000)
            let due = dueText(check.optional(Column.due, max: 500))
            let responsible = check.optional(Column.responsible, max: 2000)
            let indicator = check.optional(Column.indicator, max: 4000)
            let target = check.optional(Column.target, max: 2000)
            let column = check.optional(Column.column, max: 300)
            let rowText = check.optional(Column.row, max: 9)
            let row = Int(rowText)
            if !rowText.isEmpty, (row ?? 0) < 1 {
                check.report(Column.row, .invalidValue(rowText, allowed: ["1", "2", "3"]))
            }
            guard check.issues.isEmpty else {
                issues += check.issues
                continue
            }
            items.append(RoadmapItem(
                number: number, isHeading: isHeading, action: action, form: form.nonEmpty,
                dueText: due.nonEmpty, due: due.nonEmpty.map { RoadmapDue.parse($0, cycleYear: cycleYear) },
                responsible: responsible.nonEmpty, indicator: indicator.nonEmpty, target: target.nonEmpty,
                column: column.nonEmpty, row: row))
        }
        return issues.isEmpty ? .success(items) : .failure(ImportFailure(issues))
    }

    /// A date cell of an XLSX file arrives as "2022-03-01"; it is kept the way people write it, "01.03.2022".
    static func dueText(_ text: String) -> String {
        guard text.count == 10, text.dropFirst(4).first == "-", let date = CalendarDate(text) else { return text }
        return date.russian
    }

    /// The item's cells in the order of `columns`, as the export writes them.
    public static func cells(of item: RoadmapItem) -> [String] {
        [item.number?.description ?? "", item.isHeading ? yes : "", item.action, item.form ?? "", item.dueText ?? "",
         item.responsible ?? "", item.indicator ?? "", item.target ?? "", item.column ?? "", item.row.map(String.init) ?? ""]
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
