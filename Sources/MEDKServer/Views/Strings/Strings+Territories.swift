import Foundation
import MEDKCore

extension Strings {
    enum Territories {
        static let title = "Территории"
        static let regions = "Регионы"
        static let municipalities = "Муниципалитеты"
        static let newRegion = "Новый регион"
        static let newMunicipality = "Новый муниципалитет"
        static let name = "Наименование"
        static let timeZone = "Часовой пояс"
        static let region = "Регион"
        static let regionCreated = "Регион создан."
        static let municipalityCreated = "Муниципалитет создан."
        static let nameRequired = "Укажите наименование."
        static let regionExists = "Регион с таким наименованием уже есть."
        static let municipalityExists = "В этом регионе уже есть муниципалитет с таким наименованием."
        static let badTimeZone = "Выберите часовой пояс из списка."
        static let regionRequired = "Выберите регион."
        /// Russia's zones as people name them, by the city whose time they keep; the IANA name stays in the database.
        static let zones: [(identifier: String, city: String)] = [
            ("Europe/Kaliningrad", "Калининград"), ("Europe/Moscow", "Москва"), ("Europe/Volgograd", "Волгоград"),
            ("Europe/Kirov", "Киров"), ("Europe/Samara", "Самара"), ("Europe/Astrakhan", "Астрахань"),
            ("Europe/Saratov", "Саратов"), ("Europe/Ulyanovsk", "Ульяновск"), ("Asia/Yekaterinburg", "Екатеринбург"),
            ("Asia/Omsk", "Омск"), ("Asia/Novosibirsk", "Новосибирск"), ("Asia/Barnaul", "Барнаул"),
            ("Asia/Tomsk", "Томск"), ("Asia/Novokuznetsk", "Новокузнецк"), ("Asia/Krasnoyarsk", "Красноярск"),
            ("Asia/Irkutsk", "Иркутск"), ("Asia/Chita", "Чита"), ("Asia/Yakutsk", "Якутск"),
            ("Asia/Khandyga", "Хандыга"), ("Asia/Vladivostok", "Владивосток"), ("Asia/Ust-Nera", "Усть-Нера"),
            ("Asia/Magadan", "Магадан"), ("Asia/Sakhalin", "Сахалин"), ("Asia/Srednekolymsk", "Среднеколымск"),
            ("Asia/Kamchatka", "Камчатка"), ("Asia/Anadyr", "Анадырь"),
        ]
        /// «Чита (UTC+9)»: the offset is today's, as the zone's rules give it.
        static func zoneName(_ identifier: String) -> String {
            let city = zones.first { $0.identifier == identifier }?.city ?? identifier
            guard let zone = TimeZone(identifier: identifier) else { return city }
            let seconds = zone.secondsFromGMT()
            let hours = seconds / 3600, minutes = abs(seconds % 3600) / 60
            let offset = (seconds >= 0 ? "+" : "−") + "\(abs(hours))" + (minutes == 0 ? "" : ":\(minutes < 10 ? "0" : "")\(minutes)")
            return "\(city) (UTC\(offset))"
        }
    }
}
