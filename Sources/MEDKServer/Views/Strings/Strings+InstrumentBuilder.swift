import Foundation
import MEDKCore

extension Strings {
    /// The form that defines a new monitoring instrument without writing JSON.
    enum InstrumentBuilder {
        static let intro = "Опишите инструмент так, как его задаёт положение о мониторинге: показатели с единицами измерения, формулу расчёта и уровни интерпретации с рекомендациями. Инструмент проверяется целиком; с ошибками он не сохраняется."
        static let about = "Инструмент"
        static let title = "Название инструмента"
        static let titleHint = "Например: «Мониторинг школьного благополучия»."
        static let code = "Код инструмента"
        static let codeHint = "Латинские буквы, цифры, «-» и «_», например school-climate. По коду инструмент узнают выгрузки."
        static let subject = "Кого оценивает"

        static let indicators = "Показатели"
        static let indicatorsHint = "Пустые строки не учитываются. Если код не указан, кодом становится номер строки. Баллы шкалы — через точку с запятой («0; 1; 2»), границы числа — два числа («0; 2»). «Можно «нет»» — только для баллов шкалы: значение «нет» не входит в среднее."
        static let rowNumber = "№ п/п"
        static let indicatorCode = "Код"
        static let indicatorTitle = "Показатель"
        static let unit = "Единица измерения"
        static let values = "Баллы шкалы или границы"
        static let notApplicable = "Можно «нет»"
        static let required = "Обязательный"
        static let inFormula = "В формуле"
        static let weight = "Вес"
        static func unitTitle(_ unit: InstrumentDraft.UnitChoice) -> String {
            switch unit {
            case .percent: "% (от 0 до 100)"
            case .count: "Ед. (целое число)"
            case .yesNo: "Да/нет"
            case .scale: "Баллы из списка"
            case .interval: "Число в границах"
            }
        }
        static let addIndicators = "Добавить строки показателей"

        static let formula = "Формула расчёта"
        static let formulaHint = "Формула читает показатели, отмеченные в столбце «В формуле». Для доли укажите коды показателей числителя и знаменателя."
        static func formulaTitle(_ formula: InstrumentDraft.FormulaChoice) -> String {
            switch formula {
            case .none: "Без итогового значения — только показатели"
            case .sum: "Сумма показателей"
            case .meanOfApplicable: "Среднее по применимым (Σ : N, «нет» не учитывается)"
            case .weightedSum: "Взвешенная сумма (веса — в таблице)"
            case .ratio: "Доля: числитель : знаменатель"
            }
        }
        static let numerator = "Числитель (код показателя)"
        static let denominator = "Знаменатель (код показателя)"

        static let bands = "Уровни интерпретации"
        static let bandsHint = "Интервал — как в положении: «[0; 0,3)», «(10; 11]»; квадратная скобка включает границу, круглая — нет; «(-∞; 5]» — без нижней границы. Уровни проверяются по порядку: значение получает первый подходящий."
        static let interval = "Интервал"
        static let bandLabel = "Уровень"
        static let recommendation = "Рекомендация"
        static let addBands = "Добавить строки уровней"
        static let rule = "Правило (необязательно)"
        static let ruleHint = "Например: «Каждый уровень замкнут снизу»."
        static let save = "Проверить и сохранить"

        static let advanced = "Для опытных: определение в JSON"
        static let advancedHint = "То же определение можно вставить или загрузить файлом JSON; определение любого инструмента скачивается на его странице."

        // Refusals: each names the row to correct.
        static let refused = "Инструмент не сохранён: исправьте ошибки. Ничего не изменено."
        static let titleRequired = "Укажите название инструмента."
        static let badCode = "Код инструмента — от 1 до 64 латинских букв, цифр, знаков «-» и «_», например school-climate."
        static let subjectRequired = "Выберите, кого оценивает инструмент."
        static let formulaRequired = "Выберите формулу расчёта."
        static let noIndicators = "Заполните хотя бы одну строку показателей."
        static let noFormulaIndicators = "Отметьте в столбце «В формуле» показатели, из которых считается итоговое значение."
        static let ratioCodesRequired = "Для доли укажите коды показателей числителя и знаменателя."
        static func indicatorTitleRequired(row: Int) -> String { "Показатель в строке \(row): укажите название." }
        static func unitRequired(row: Int) -> String { "Показатель в строке \(row): выберите единицу измерения." }
        static func badScale(row: Int) -> String {
            "Показатель в строке \(row): баллы шкалы — числа через точку с запятой, например «0; 1; 2»."
        }
        static func badInterval(indicatorRow row: Int) -> String {
            "Показатель в строке \(row): границы — два числа через точку с запятой, например «0; 2»."
        }
        static func invertedInterval(row: Int) -> String { "Показатель в строке \(row): нижняя граница больше верхней." }
        static func weightRequired(row: Int) -> String { "Показатель в строке \(row): укажите вес числом, например 0,5." }
        static func badInterval(row: Int) -> String {
            "Уровень в строке \(row): интервал записывается как в положении, например «[0; 0,3)» или «(10; 11]»."
        }
        static func bandLabelRequired(row: Int) -> String { "Уровень в строке \(row): укажите название уровня." }
    }
}
