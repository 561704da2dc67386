extension Strings {
    enum Demo {
        static func years(current: Int, archive: Int) -> String {
            "Текущий год программы — \(current) (история сгенерирована до сегодняшнего дня); \(archive) — закрытый год, архив."
        }
        static let practiceReturned = "Добавьте, сколько обучающихся участвовало и как изменились их результаты: без цифр практику не опубликовать."
    }
}
