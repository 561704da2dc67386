import Foundation
import Testing
@testable import MEDKCore

@Suite("Teachers: Part I, levels, groups and dynamics")
struct TeacherProfileTests {
    typealias Teacher = TeacherLevels.Teacher

    // The seed's levels, worst first.
    static let levelA = 0, levelB = 1, levelC = 2, levelD = 3
    static let levelCount = Instrument.teacherCompetence.bands.count

    static let korenovsk = UUID(), vyselki = UUID()
    static let school3 = UUID(), school7 = UUID(), vyselkiSchool1 = UUID()
    static let ivanova = UUID(), petrov = UUID(), sidorova = UUID(), kuznetsova = UUID(), smirnov = UUID(),
               orlova = UUID(), yolkina = UUID(), volkov = UUID()

    static func teacher(_ id: UUID, _ name: String, _ subject: String, at school: UUID, level: Int?) -> Teacher {
        let schools: [UUID: (String, UUID, String)] = [
            school3: ("СОШ № 3", korenovsk, "Кореновский район"),
            school7: ("СОШ № 7", korenovsk, "Кореновский район"),
            vyselkiSchool1: ("СОШ № 1", vyselki, "Выселковский район"),
        ]
        let (schoolName, municipalityID, municipality) = schools[school]!
        return Teacher(id: id, name: name, subject: subject, schoolID: school, school: schoolName,
                       municipalityID: municipalityID, municipality: municipality, level: level)
    }

    /// Korenovsk district this year, listed the way forms arrive, not in any report's order.
    static let korenovskTeachers: [Teacher] = [
        teacher(sidorova, "Сидорова Ольга Ивановна", "математика", at: school7, level: levelB),
        teacher(smirnov, "Смирнов Олег Павлович", "физика", at: school3, level: levelD),
        teacher(petrov, "Петров Илья Сергеевич", "математика", at: school3, level: levelB),
        teacher(orlova, "Орлова Мария Андреевна", "химия", at: school7, level: nil),
        teacher(kuznetsova, "Кузнецова Елена Викторовна", "русский язык", at: school7, level: levelA),
        teacher(yolkina, "Ёлкина Дарья Олеговна", "Астрономия", at: school3, level: levelC),
        teacher(ivanova, "Иванова Анна Петровна", "математика", at: school3, level: levelB),
    ]
    static let vyselkiTeachers: [Teacher] = [
        teacher(volkov, "Волков Артём Игоревич", "математика", at: vyselkiSchool1, level: levelC),
    ]

    // MARK: - Part I

    @Test func theFormOffersTheSeedsTenSubjectsInItsOrder() {
        #expect(TeacherPartI.subjects == ["русский язык", "математика", "иностранный язык", "информатика", "физика",
                                          "химия", "биология", "история", "обществознание", "география"])
    }

    @Test func aSubjectTypedWithACapitalAndATrailingSpaceIsTheSeedsSubject() {
        #expect(TeacherPartI.subject(matching: "Математика ") == "математика")
        #expect(TeacherPartI.subject(matching: "  Русский   язык") == "русский язык")
        let form = TeacherPartI(subject: "Математика ", education: "Высшее, учитель математики", experienceYears: 12,
                                weeklyHours: 22.5)
        #expect(form.validate().isEmpty)
    }

    @Test func astronomyIsNotOneOfTheSeedsSubjects() {
        #expect(TeacherPartI.subject(matching: "астрономия") == nil)
        let form = TeacherPartI(subject: "астрономия", education: "Высшее, учитель физики и астрономии")
        #expect(form.validate().map(\.kind) == [.unknownSubject])
        #expect(TeacherPartI(subject: "", education: "Высшее").validate().map(\.kind) == [.unknownSubject])
    }

    @Test func theEducationOnTheDiplomaMustBeWrittenAndFitInThreeHundredCharacters() {
        #expect(TeacherPartI(subject: "химия", education: "   ").validate().map(\.kind) == [.missingEducation])
        #expect(TeacherPartI(subject: "химия", education: String(repeating: "х", count: 301)).validate().map(\.kind)
                == [.educationTooLong])
        #expect(TeacherPartI(subject: "химия", education: String(repeating: "х", count: 300)).validate().isEmpty)
    }

    @Test func seventyOneYearsOfExperienceAndSixtyOneHoursAWeekAreRefused() {
        let form = TeacherPartI(subject: "история", education: "Высшее", experienceYears: 71, weeklyHours: 61)
        #expect(form.validate().map(\.kind) == [.experienceOutOfRange, .hoursOutOfRange])
        #expect(TeacherPartI(subject: "история", education: "Высшее", experienceYears: -1).validate().map(\.kind)
                == [.experienceOutOfRange])
        #expect(TeacherPartI(subject: "история", education: "Высшее", experienceYears: 70, weeklyHours: 60).validate().isEmpty)
        #expect(TeacherPartI(subject: "история", education: "Высшее", experienceYears: 0, weeklyHours: 0).validate().isEmpty)
    }

    @Test func experienceAndHoursLeftEmptyAreAccepted() {
        let form = TeacherPartI(subject: "география", education: "Высшее, учитель географии", experienceYears: nil,
                                weeklyHours: nil)
        #expect(form.validate().isEmpty)
    }

    @Test func aFormWithEveryMistakeNamesThemInTheOrderOfTheForm() {
        let form = TeacherPartI(subject: "труд", education: "", experienceYears: 80, weeklyHours: .nan)
        #expect(form.validate().map(\.kind) == [.unknownSubject, .missingEducation, .experienceOutOfRange, .hoursOutOfRange])
    }

    @Test func partIIsStoredAndReadBackUnchanged() throws {
        let form = TeacherPartI(subject: "информатика", education: "Высшее", experienceYears: 3, weeklyHours: nil)
        let data = try JSONEncoder().encode(form)
        #expect(try JSONDecoder().decode(TeacherPartI.self, from: data) == form)
    }

    // MARK: - Levels

    @Test func theLevelIndicesAreTheSeedsLevelsWorstFirst() throws {
        #expect(Instrument.teacherCompetence.bands.map(\.label) == ["уровень А", "уровень Б", "уровень С", "уровень D"])
        // (1 + 0 + 0) : 3 = 0,333… with П № 4 «нет» — the level Б the mathematicians below have.
        let form: InstrumentSubmission = ["П1": .number(1), "ИРО": .notApplicable, "П2": .number(0), "П3": .number(0),
                                          "П4": .notApplicable]
        #expect(try Instrument.teacherCompetence.evaluate(form).bandIndex == Self.levelB)
    }

    // MARK: - Counts

    @Test func countsBySubjectFollowTheSeedsOrderAndKeepATeacherWithoutALevelApart() {
        // Орлова's form is not in yet, so she has no level: counted, but under no level.
        let counts = TeacherLevels.bySubject(Self.korenovskTeachers + Self.vyselkiTeachers, levelCount: Self.levelCount)
        #expect(counts.map(\.subject) == ["русский язык", "математика", "физика", "химия", "Астрономия"])
        #expect(counts[0].counts == .init(byLevel: [1, 0, 0, 0]))
        #expect(counts[1].counts == .init(byLevel: [0, 3, 1, 0]))
        #expect(counts[1].counts.total == 4)
        #expect(counts[3].counts == .init(byLevel: [0, 0, 0, 0], withoutLevel: 1))
        #expect(counts[3].counts.total == 1)
    }

    @Test func aSubjectTypedDifferentlyIsCountedAsTheSeedsSubject() {
        let typed = Self.teacher(UUID(), "Белова Нина Ивановна", "Математика ", at: Self.school3, level: Self.levelA)
        let counts = TeacherLevels.bySubject([typed] + Self.korenovskTeachers, levelCount: Self.levelCount)
        #expect(counts.filter { $0.subject.lowercased().contains("математика") }.map(\.subject) == ["математика"])
        #expect(counts.first { $0.subject == "математика" }?.counts == .init(byLevel: [1, 3, 0, 0]))
    }

    @Test func countsBySchoolAreByTheSchoolsName() {
        let counts = TeacherLevels.bySchool(Self.korenovskTeachers, levelCount: Self.levelCount)
        #expect(counts.map(\.school) == ["СОШ № 3", "СОШ № 7"])
        #expect(counts.map(\.schoolID) == [Self.school3, Self.school7])
        #expect(counts[0].counts == .init(byLevel: [0, 2, 1, 1]))
        #expect(counts[1].counts == .init(byLevel: [1, 1, 0, 0], withoutLevel: 1))
        #expect(counts.map(\.counts.total) == [4, 3])
    }

    @Test func countsByMunicipalityGiveTheDistrictAsAWhole() {
        let counts = TeacherLevels.byMunicipality(Self.korenovskTeachers + Self.vyselkiTeachers, levelCount: Self.levelCount)
        #expect(counts.map(\.municipality) == ["Выселковский район", "Кореновский район"])
        #expect(counts.map(\.municipalityID) == [Self.vyselki, Self.korenovsk])
        #expect(counts[0].counts == .init(byLevel: [0, 0, 1, 0]))
        #expect(counts[1].counts == .init(byLevel: [1, 3, 1, 1], withoutLevel: 1))
        #expect(counts[1].counts.total == 7)
    }

    // MARK: - Groups

    @Test func twoMathematiciansAtLevelBInOneSchoolFormOneSchoolGroup() throws {
        let groups = TeacherLevels.groups(Self.korenovskTeachers, bySchool: true)
        let group = try #require(groups.first { $0.subject == "математика" && $0.schoolID == Self.school3 })
        #expect(group.level == Self.levelB)
        #expect(group.teachers.map(\.name) == ["Иванова Анна Петровна", "Петров Илья Сергеевич"])
        // Сидорова, also a mathematician at level Б, teaches in СОШ № 7: a group of her own there.
        let other = try #require(groups.first { $0.subject == "математика" && $0.schoolID == Self.school7 })
        #expect(other.teachers.map(\.id) == [Self.sidorova])
    }

    @Test func aMathematicianAtLevelBInAnotherSchoolJoinsThemOnlyInTheMunicipalGroup() throws {
        let groups = TeacherLevels.groups(Self.korenovskTeachers, bySchool: false)
        let group = try #require(groups.first { $0.subject == "математика" && $0.level == Self.levelB })
        #expect(group.schoolID == nil)
        #expect(group.teachers.map(\.id) == [Self.ivanova, Self.petrov, Self.sidorova])
        #expect(groups.filter { $0.subject == "математика" }.count == 1)
    }

    @Test func groupsStartWithTheWorstLevelAndLeaveOutTeachersWithoutALevel() {
        let bySchool = TeacherLevels.groups(Self.korenovskTeachers, bySchool: true)
        #expect(bySchool.map { "\($0.level) \($0.subject) \($0.teachers[0].school)" } == [
            "0 русский язык СОШ № 7",
            "1 математика СОШ № 3",
            "1 математика СОШ № 7",
            "2 Астрономия СОШ № 3",
            "3 физика СОШ № 3",
        ])
        let municipal = TeacherLevels.groups(Self.korenovskTeachers, bySchool: false)
        #expect(municipal.map(\.subject) == ["русский язык", "математика", "Астрономия", "физика"])
        #expect(!(bySchool + municipal).contains { group in group.teachers.contains { $0.id == Self.orlova } })
    }

    // MARK: - Dynamics

    @Test func theSameTeacherIsFollowedByIdAndANamesakeIsNotTakenForHer() throws {
        // Last year Иванова (СОШ № 3) was at level А. This year she is at Б, and another Иванова Анна Петровна,
        // new in СОШ № 7, is at D: a different person, with a different id.
        let namesake = Self.teacher(UUID(), "Иванова Анна Петровна", "математика", at: Self.school7, level: Self.levelD)
        let previous = [
            Self.teacher(Self.ivanova, "Иванова Анна Петровна", "математика", at: Self.school3, level: Self.levelA),
            Self.teacher(Self.petrov, "Петров Илья Сергеевич", "математика", at: Self.school3, level: Self.levelB),
            Self.teacher(Self.sidorova, "Сидорова Ольга Ивановна", "математика", at: Self.school7, level: Self.levelC),
        ]
        let changes = TeacherLevels.dynamics(current: Self.korenovskTeachers + [namesake], previous: previous)
        // Worsened first: they need the methodologist's attention most.
        #expect(changes.map(\.teacher.id) == [Self.sidorova, Self.petrov, Self.ivanova])
        #expect(changes.map(\.move) == [.down, .same, .up])
        let ivanova = changes.filter { $0.teacher.name == "Иванова Анна Петровна" }
        #expect(ivanova.count == 1)
        let change = try #require(ivanova.first)
        #expect(change.teacher.id == Self.ivanova && change.teacher.school == "СОШ № 3")
        #expect(change.previous == Self.levelA && change.current == Self.levelB)
        #expect(TeacherLevels.summary(changes) == [.down: 1, .same: 1, .up: 1])
    }

    @Test func aTeacherOnlyInTheCurrentPeriodOrWithoutALevelInEitherIsNotInTheDynamics() {
        let previous = [
            Self.teacher(Self.petrov, "Петров Илья Сергеевич", "математика", at: Self.school3, level: Self.levelA),
            // Орлова had no level last year; this year her form is not in yet.
            Self.teacher(Self.orlova, "Орлова Мария Андреевна", "химия", at: Self.school7, level: nil),
            // Смирнов had a level last year but none this year.
            Self.teacher(Self.smirnov, "Смирнов Олег Павлович", "физика", at: Self.school3, level: Self.levelC),
        ]
        let newcomer = Self.teacher(UUID(), "Новикова Вера Павловна", "биология", at: Self.school7, level: Self.levelC)
        let current = [
            Self.teacher(Self.petrov, "Петров Илья Сергеевич", "математика", at: Self.school3, level: Self.levelB),
            Self.teacher(Self.orlova, "Орлова Мария Андреевна", "химия", at: Self.school7, level: Self.levelC),
            Self.teacher(Self.smirnov, "Смирнов Олег Павлович", "физика", at: Self.school3, level: nil),
            newcomer,
        ]
        let changes = TeacherLevels.dynamics(current: current, previous: previous)
        #expect(changes.map(\.teacher.id) == [Self.petrov])
        #expect(TeacherLevels.summary(changes) == [.down: 0, .same: 0, .up: 1])
    }

    @Test func aTeacherOfTwoSubjectsIsFollowedInEachSubject() {
        let previous = [
            Self.teacher(Self.smirnov, "Смирнов Олег Павлович", "физика", at: Self.school3, level: Self.levelD),
            Self.teacher(Self.smirnov, "Смирнов Олег Павлович", "информатика", at: Self.school3, level: Self.levelA),
        ]
        let current = [
            Self.teacher(Self.smirnov, "Смирнов Олег Павлович", "информатика", at: Self.school3, level: Self.levelB),
            Self.teacher(Self.smirnov, "Смирнов Олег Павлович", "Физика", at: Self.school3, level: Self.levelC),
        ]
        let changes = TeacherLevels.dynamics(current: current, previous: previous)
        #expect(changes.map { "\($0.teacher.subject) \($0.previous)→\($0.current) \($0.move.rawValue)" }
                == ["Физика 3→2 down", "информатика 0→1 up"])
    }

    @Test func theSummaryOfNoChangesStillNamesEveryMove() {
        #expect(TeacherLevels.summary([]) == [.up: 0, .same: 0, .down: 0])
    }
}
