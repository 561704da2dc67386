import Fluent
import Foundation
import MEDKCore
import NIOPosix

/// The living demo's bank of best practices and territories' acts (issue 17): a dozen practices published by their
/// regions across several risk factors, one waiting for its coordinator, one returned with a comment; and the
/// Korenovsk and Sretensk orders (seeds 003, 004) on their public pages.
enum DemoPractices {
    struct Sample: Sendable {
        let title: String
        let summary: String
        let details: String
        let actions: String
        let results: String
        let factors: [Int]
    }

    static let samples: [Sample] = [
        Sample(title: "Наставничество «учитель — учитель»", summary: "Пары опытного и молодого учителя с планом взаимопосещений.",
               details: "Программа наставнического сопровождения молодых педагогов: каждый молодой учитель получает наставника на год.",
               actions: "Составили программу наставничества, провели 24 взаимопосещения уроков и 6 методических встреч.",
               results: "Доля уроков молодых учителей без методических замечаний выросла с 35 % до 70 %.", factors: [1, 2]),
        Sample(title: "Школьный методический день", summary: "Раз в месяц учителя разбирают результаты ВПР и планируют уроки вместе.",
               details: "Методический день с разбором заданий ВПР, на которых ошибается больше всего обучающихся.",
               actions: "Проведено 8 методических дней; по каждому составлен план коррекционной работы.",
               results: "Доля обучающихся с отметкой «2» по ВПР по математике снизилась с 28 % до 17 %.", factors: [1]),
        Sample(title: "Сетевой учитель физики", summary: "Уроки физики ведёт учитель соседней школы очно и дистанционно.",
               details: "Договор о сетевой форме реализации программы по физике с опорной школой района.",
               actions: "Составили совместное расписание, организовали 2 очных дня в неделю и дистанционные консультации.",
               results: "Вакансия учителя физики закрыта; все 46 обучающихся 7–9 классов изучают предмет по программе.", factors: [2]),
        Sample(title: "Ресурсный класс для детей с ОВЗ", summary: "Тьютор и индивидуальные маршруты для обучающихся с ОВЗ.",
               details: "Ресурсный класс с тьютором и адаптированными программами для обучающихся с ограниченными возможностями здоровья.",
               actions: "Разработали 9 индивидуальных образовательных маршрутов, обучили 5 учителей на курсах инклюзивного образования.",
               results: "Все 9 обучающихся с ОВЗ переведены в следующий класс; пропуски уроков сократились вдвое.", factors: [3]),
        Sample(title: "Русский язык как неродной", summary: "Занятия по развитию речи для детей, для которых русский язык не родной.",
               details: "Курс развития русской речи и словарной работы для обучающихся из семей мигрантов.",
               actions: "Провели входную диагностику владения языком, открыли 2 группы по 10 человек.",
               results: "Доля обучающихся, выполнивших диагностическую работу по русскому языку, выросла с 42 % до 71 %.", factors: [4]),
        Sample(title: "Индивидуальные планы для неуспевающих", summary: "Для каждого обучающегося с рисками учебной неуспешности — свой план.",
               details: "Раннее выявление учебных дефицитов и индивидуальные планы ликвидации пробелов.",
               actions: "Выявили 37 обучающихся группы риска, составили планы, организовали консультации после уроков.",
               results: "Число обучающихся с академической задолженностью снизилось с 14 до 3.", factors: [5]),
        Sample(title: "Проектная неделя", summary: "Неделя межпредметных проектов вместо обычного расписания.",
               details: "Проектная неделя для повышения учебной мотивации: обучающиеся выбирают тему и защищают проект.",
               actions: "Подготовили 18 тем проектов, провели неделю проектов и публичную защиту.",
               results: "Доля обучающихся с высокой учебной мотивацией по анкетированию выросла с 22 % до 39 %.", factors: [6]),
        Sample(title: "Открытая школа для родителей", summary: "Родительские собрания стали открытыми уроками и мастерскими.",
               details: "Программа вовлечения родителей: открытые уроки, совместные мастерские, родительский клуб.",
               actions: "Провели 5 открытых собраний и 3 мастерские; создали родительский клуб.",
               results: "Посещаемость родительских собраний выросла с 31 % до 64 % семей.", factors: [7]),
        Sample(title: "Единые правила класса", summary: "Правила поведения на уроке, выработанные вместе с обучающимися.",
               details: "Единые правила и ритуалы урока во всех классах, согласованные с обучающимися и родителями.",
               actions: "Провели классные часы по выработке правил, обучили учителей приёмам управления классом.",
               results: "Число записей о нарушении дисциплины за четверть сократилось со 120 до 45.", factors: [8]),
        Sample(title: "Школьная служба примирения", summary: "Обучающиеся-медиаторы помогают решать конфликты.",
               details: "Служба примирения повышает школьное благополучие: конфликты разбирают обученные медиаторы.",
               actions: "Обучили 12 медиаторов из числа обучающихся и 3 педагогов, провели 21 примирительную встречу.",
               results: "Доля обучающихся, которые чувствуют себя в школе в безопасности, выросла с 58 % до 81 %.", factors: [9]),
        Sample(title: "Цифровая лаборатория на всех", summary: "Одна цифровая лаборатория, расписание для всех классов.",
               details: "Оснащение школы: цифровая лаборатория по естественным наукам используется по общему расписанию.",
               actions: "Получили лабораторию по программе оснащения, составили расписание, обучили 6 учителей.",
               results: "Число лабораторных работ с цифровым оборудованием выросло с 0 до 64 за полугодие.", factors: [10]),
        Sample(title: "Читательский марафон", summary: "Общешкольный марафон чтения с читательскими дневниками.",
               details: "Марафон чтения для развития читательской грамотности и мотивации обучающихся.",
               actions: "Составили списки книг для каждой параллели, провели 4 этапа марафона.",
               results: "Доля обучающихся 5–7 классов, справившихся с заданиями на читательскую грамотность, выросла с 40 % до 62 %.",
               factors: [5, 6]),
        Sample(title: "Клуб молодого педагога", summary: "Встречи молодых учителей района раз в месяц.",
               details: "Муниципальный клуб молодых педагогов: обмен опытом и программами.",
               actions: "Провели 7 встреч клуба.", results: "Пока без измеримых результатов.", factors: [1]),
        Sample(title: "Летняя школа для пятиклассников", summary: "Две недели в августе для будущих пятиклассников.",
               details: "Летняя школа помогает перейти из начальной школы в основную.",
               actions: "Провели две недели занятий для 23 будущих пятиклассников.", results: "Результаты будут известны в октябре.",
               factors: [5, 9]),
    ]

    /// Writes the practices (the last two: one waiting, one returned) and the acts, once.
    static func seed(cycle: Cycle, now: Date, store: any FileStore, threadPool: NIOThreadPool, on db: Database) async throws {
        guard try await Practice.query(on: db).count() == 0 else { return }
        let cycleID = try cycle.requireID()
        // Schools of several regions, the same on every run: the participants sorted by code, one region after another.
        let participants = try await Participation.query(on: db).filter(\.$cycle.$id == cycleID).with(\.$school).all()
            .map(\.school).sorted { ($0.code ?? "", $0.fullName) < ($1.code ?? "", $1.fullName) }
        var byRegion: [UUID: [School]] = [:]
        for school in participants { byRegion[school.$region.id, default: []].append(school) }
        let regions = byRegion.keys.sorted { byRegion[$0]![0].code ?? "" < byRegion[$1]![0].code ?? "" }
        guard !regions.isEmpty, let federal = try await User.query(on: db).filter(\.$login == "federal").first()?.requireID() else { return }
        // The README's regional coordinator (Smolensk) has one practice waiting and one returned, away from the walk-through schools.
        let smolensk = participants.first { ($0.code ?? "").hasPrefix("67") && !DemoData.walkThroughCodes.contains($0.code ?? "") }
        for (index, sample) in samples.enumerated() {
            let schools = byRegion[regions[index % regions.count]]!
            let school = index >= samples.count - 2 ? smolensk ?? schools[0] : schools[(index / regions.count) % schools.count]
            let author = try await RoleGrant.query(on: db).filter(\.$school.$id == school.id).first()?.$user.id ?? federal
            let moderator = try await RoleGrant.query(on: db).filter(\.$region.$id == school.$region.id)
                .filter(\.$roleCode == Role.regional.rawValue).first()?.$user.id ?? federal
            let at = now.addingTimeInterval(-Double(samples.count - index) * 86_400 * 3)
            let practice = try await PracticeActions.save(
                UUID(), origin: .init(school: school, cycleID: cycleID),
                input: PracticeInput(title: sample.title, summary: sample.summary, details: sample.details, actions: sample.actions,
                                     results: sample.results, authors: "", factors: sample.factors),
                seenVersion: nil, files: [], remove: [], submit: true, by: author, at: at, store: store, threadPool: threadPool, on: db)
            switch index {
            case samples.count - 2: break
            case samples.count - 1:
                _ = try await PracticeActions.move(practice.requireID(), .return, comment: Strings.Demo.practiceReturned,
                                                   by: moderator, at: at.addingTimeInterval(3_600), on: db)
            default:
                _ = try await PracticeActions.move(practice.requireID(), .approve, comment: "", by: moderator,
                                                   at: at.addingTimeInterval(3_600), on: db)
            }
        }
        try await acts(by: federal, now: now, store: store, threadPool: threadPool, on: db)
    }

    /// Seed 003's order and its regulation for Korenovsk, seed 004's order for Sretensk.
    private static func acts(by publisher: UUID, now: Date, store: any FileStore, threadPool: NIOThreadPool, on db: Database) async throws {
        let acts: [(municipality: String, kind: TerritoryActKind, number: String, date: String, title: String)] = [
            ("Кореновский район", .order, "579", "2020-12-17",
             "Об утверждении положения о муниципальной системе работы со школами с низкими образовательными результатами в муниципальном образовании Кореновский район"),
            ("Кореновский район", .regulation, "579, приложение № 2", "2020-12-17",
             "Положение о комплексном мониторинге показателей по реализации направления «Поддержка школ с низкими результатами обучения»"),
            ("Сретенский район", .order, "102-1", "2022-03-04",
             "Об утверждении муниципальной дорожной карты по реализации проектной адресной методической помощи «500+» в 2022 году"),
        ]
        for act in acts {
            guard let municipality = try await Municipality.query(on: db).filter(\.$name == act.municipality).first() else { continue }
            let temporary = try store.makeTemporary()
            try await temporary.append(ArraySlice(DemoSamples.pdf(titled: act.title)), headerSize: 8, threadPool: threadPool)
            try await store.commit(temporary, threadPool: threadPool)
            let file = ReceivedFile(temporary: temporary, fileName: "Приказ № \(act.number).pdf", kind: .pdf)
            let row = TerritoryAct()
            row.regionID = municipality.$region.id
            row.municipalityID = municipality.id
            row.kindCode = act.kind.rawValue
            row.number = act.number
            row.signedOn = act.date
            row.title = act.title
            row.sha256 = temporary.sha256
            row.fileName = SafeFileName.withExtension(SafeFileName.make(file.fileName), for: .pdf)
            row.fileKind = UploadKind.pdf.rawValue
            row.publishedBy = publisher
            row.publishedAt = now
            try await db.writeTransaction { db in
                try await file.register(at: now, on: db)
                try await row.create(on: db)
            }
        }
    }
}
