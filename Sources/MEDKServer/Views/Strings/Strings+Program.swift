import Foundation
import MEDKCore

extension Strings {
    enum Program {
        static let title = "Программа"
        static func pageTitle(_ number: Int) -> String { "Программа направления \(number)" }
        static let goal = "Цель"
        static let tasks = "Задачи"
        static let tasksHint = "Каждая задача — с новой строки."
        static let indicators = "Показатели"
        static let indicatorColumns = ["Показатель", "Единица измерения", "Базовое значение", "Целевое значение", "Срок достижения"]
        static let measures = "Мероприятия"
        static let measureColumns = ["Мероприятие", "Начало", "Окончание", "Ответственный", "Ожидаемый результат"]
        static let successCriteria = "Критерии успешности"
        static let rowsHint = "Пустые строки не сохраняются. Нужно больше строк — сохраните программу, и появятся новые пустые строки. Даты — в виде дд.мм.гггг, числа — цифрами (можно с запятой)."
        static let empty = "Программа ещё не заполнена."
        static let saved = "Программа сохранена. Когда она готова, отправьте её куратору."
        static let fix = "Программа не сохранена: исправьте отмеченные поля."
        static let incomplete = "Программу нельзя отправить куратору, пока не заполнено:"
        static let print = "Версия для печати"
        static let export = "Скачать XLSX"
        static let sheetName = "Программа"
        static let noDirection = "Такого направления у школы нет: программы пишутся только для активированных направлений."
        static func fileName(school: String, number: Int) -> String { "Программа направления \(number) — \(school).xlsx" }
        static func moved(_ move: ReviewMove) -> String {
            switch move {
            case .submit: "Программа отправлена куратору на проверку."
            case .approve: "Программа согласована."
            case .return: "Программа возвращена школе с комментарием."
            case .reopen: "Программа открыта для доработки."
            case .withdraw: Roadmap.moved(.withdraw)
            case .newVersion: saved
            }
        }

        static func message(_ problem: MEDKCore.Program.Problem, cycleYear: Int) -> String {
            "\(place(problem.field)): \(kind(problem.kind, cycleYear: cycleYear))"
        }

        static func place(_ field: MEDKCore.Program.Problem.Field) -> String {
            switch field {
            case .goal: "«\(goal)»"
            case .tasks: "«\(tasks)»"
            case .indicators: "«\(indicators)» (нужен хотя бы один)"
            case .measures: "«\(measures)» (нужно хотя бы одно)"
            case .successCriteria: "«\(successCriteria)»"
            case .indicator(let row, let column):
                "«\(indicatorColumns[indicatorColumnIndex(column)])» в строке \(row + 1) показателей"
            case .measure(let row, let column):
                "«\(measureColumns[measureColumnIndex(column)])» в строке \(row + 1) мероприятий"
            }
        }

        static func kind(_ kind: MEDKCore.Program.Problem.Kind, cycleYear: Int) -> String {
            switch kind {
            case .required: "не заполнено"
            case .notANumber: "должно быть числом, например 12 или 12,5"
            case .notADate: "должна быть датой в виде дд.мм.гггг"
            case .outsideCycle: "дата должна быть в пределах цикла — с 01.01.\(cycleYear) по 31.12.\(cycleYear)"
            case .endsBeforeStart: "окончание раньше начала"
            }
        }

        static func indicatorColumnIndex(_ column: MEDKCore.Program.Problem.IndicatorColumn) -> Int {
            switch column {
            case .title: 0
            case .unit: 1
            case .baseline: 2
            case .target: 3
            case .targetDate: 4
            }
        }

        static func measureColumnIndex(_ column: MEDKCore.Program.Problem.MeasureColumn) -> Int {
            switch column {
            case .title: 0
            case .starts: 1
            case .ends: 2
            case .responsible: 3
            case .expectedResult: 4
            }
        }
    }
}
