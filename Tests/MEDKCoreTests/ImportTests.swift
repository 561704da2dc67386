import Foundation
import Testing
@testable import MEDKCore

private struct Territory {
    let smolensk = Directory.Region(id: UUID(), name: "Смоленская область")
    let lipetsk = Directory.Region(id: UUID(), name: "Липецкая область")
    let krasny: Directory.Municipality
    let krasnyLipetsk: Directory.Municipality
    let safonovo: Directory.Municipality
    let gusino: Directory.School
    var directory: Directory

    init() {
        krasny = .init(id: UUID(), regionID: smolensk.id, name: "Краснинский район")
        krasnyLipetsk = .init(id: UUID(), regionID: lipetsk.id, name: "Краснинский район")
        safonovo = .init(id: UUID(), regionID: smolensk.id, name: "Сафоновский район")
        gusino = .init(id: UUID(), municipalityID: krasny.id, regionID: smolensk.id,
                       fullName: "МБОУ «Гусинская СШ» Краснинского района", code: "670001")
        directory = Directory(regions: [smolensk, lipetsk], municipalities: [krasny, krasnyLipetsk, safonovo],
                              schools: [gusino], users: [
            "curator": .init(fullName: "Ермоловский Сергей Александрович", grants: [(.curator, Place(region: smolensk.id))]),
            "admin": .init(fullName: "Администратор", grants: [(.admin, .country)]),
            "peer": .init(fullName: "Коллега Муниципальный",
                          grants: [(.municipal, Place(region: smolensk.id, municipality: safonovo.id))]),
        ])
    }

    var regional: Actor { Actor(userID: UUID(), role: .regional, scope: Place(region: smolensk.id)) }
    var municipalKrasny: Actor {
        Actor(userID: UUID(), role: .municipal, scope: Place(region: smolensk.id, municipality: krasny.id))
    }
}

private let schoolHeader = ["Регион", "Муниципалитет", "Полное наименование", "Краткое наименование", "Адрес",
                            "Местность", "Код ОО"]

@Test func aRegionalCoordinatorImportsSchoolsOfItsRegionAndAKnownSchoolIsRecognised() throws {
    let t = Territory()
    let sheet = [schoolHeader,
                 ["Смоленская область", "Краснинский район", "МБОУ «Мерлинская школа» Краснинского района",
                  "Мерлинская школа", "д. Мерлино", "Сельская", ""],
                 ["Смоленская область", "Краснинский район", "МБОУ «Гусинская СШ» Краснинского района", "", "", "сельская", "670001"]]
    let rows = try SchoolImport.validate(sheet, against: t.directory, by: t.regional).get()
    #expect(rows.count == 2)
    #expect(rows[0].municipalityID == t.krasny.id && rows[0].isRural && rows[0].existingID == nil && rows[0].line == 2)
    #expect(rows[1].existingID == t.gusino.id)
    #expect(rows[1].shortName == rows[1].fullName)
}

@Test func everyWrongRowIsReportedWithItsRowAndColumnAndNothingIsAccepted() {
    let t = Territory()
    let sheet = [schoolHeader,
                 ["", "Нет такого района", "Школа 1", "", "", "сельская", ""],
                 ["Смоленская область", "Краснинский район", "", "", "", "деревня", ""],
                 ["", "Краснинский район", "Школа 2", "", "", "городская", ""],
                 ["Смоленская область", "Сафоновский район", "Школа 3", "", "", "городская", "670001"],
                 ["Смоленская область", "Сафоновский район", "Школа 4", "", "", "городская", "9"],
                 ["Смоленская область", "Сафоновский район", "Школа 5", "", "", "городская", "9"]]
    guard case .failure(let failure) = SchoolImport.validate(sheet, against: t.directory, by: t.regional) else {
        Issue.record("expected failure")
        return
    }
    let issues = failure.issues
    #expect(issues.contains(ImportIssue(row: 2, column: "Муниципалитет", problem: .unknownMunicipality("Нет такого района"))))
    #expect(issues.contains(ImportIssue(row: 3, column: "Полное наименование", problem: .required)))
    #expect(issues.contains(ImportIssue(row: 3, column: "Местность",
                                        problem: .invalidValue("деревня", allowed: ["сельская", "городская"]))))
    #expect(issues.contains(ImportIssue(row: 4, column: "Муниципалитет", problem: .ambiguousMunicipality("Краснинский район"))))
    #expect(issues.contains(ImportIssue(row: 5, column: "Код ОО", problem: .codeTakenElsewhere("670001"))))
    #expect(issues.contains(ImportIssue(row: 7, column: "Код ОО", problem: .duplicateInFile(otherRow: 6))))
    #expect(issues.count == 6)
}

@Test func aMissingRequiredColumnIsReportedBeforeAnyRow() {
    let t = Territory()
    let sheet = [["Муниципалитет", "Наименование"], ["Краснинский район", "Школа"]]
    guard case .failure(let failure) = SchoolImport.validate(sheet, against: t.directory, by: t.regional) else {
        Issue.record("expected failure")
        return
    }
    let issues = failure.issues
    #expect(issues == [ImportIssue(row: 1, column: "Местность", problem: .missingColumn)])
}

@Test func aMunicipalCoordinatorCannotImportSchoolsOfAnotherMunicipality() {
    let t = Territory()
    let sheet = [schoolHeader, ["Смоленская область", "Сафоновский район", "Школа", "", "", "городская", ""]]
    guard case .failure(let failure) = SchoolImport.validate(sheet, against: t.directory, by: t.municipalKrasny) else {
        Issue.record("expected failure")
        return
    }
    let issues = failure.issues
    #expect(issues == [ImportIssue(row: 2, column: "Муниципалитет", problem: .forbidden)])
}

private let userHeader = ["Логин", "ФИО", "E-mail", "Телефон", "Роль", "Регион", "Муниципалитет", "Код ОО", "Пароль"]

@Test func usersAreImportedWithTheirRoleBoundToTheRightPlace() throws {
    let t = Territory()
    let sheet = [userHeader,
                 ["Novikova", "Новикова Елена Владимировна", "novikova@example.ru", "", "Куратор", "Смоленская область", "", "", ""],
                 ["gusino", "Директор Гусинской СШ", "", "", "Школа", "", "", "670001", "секретный-пароль"],
                 ["averyanova", "Аверьянова Ксения Александровна", "", "", "муниципальный координатор",
                  "Смоленская область", "Краснинский район", "", ""]]
    let rows = try UserImport.validate(sheet, against: t.directory, by: t.regional).get()
    #expect(rows.map(\.login) == ["novikova", "gusino", "averyanova"])
    #expect(rows[0].place == Place(region: t.smolensk.id) && rows[0].password == nil)
    #expect(rows[1].place == Place(region: t.smolensk.id, municipality: t.krasny.id, school: t.gusino.id))
    #expect(rows[1].password == "секретный-пароль")
    #expect(rows[2].role == .municipal && rows[2].place == Place(region: t.smolensk.id, municipality: t.krasny.id))
}

@Test func duplicateLoginsBadEmailsUnknownRolesAndForeignLoginsAreRefusedPerRow() {
    let t = Territory()
    let sheet = [userHeader,
                 ["ivanov", "Иванов И. И.", "ivanov@", "", "Куратор", "Смоленская область", "", "", ""],
                 ["IVANOV", "Иванов И. И.", "", "", "Куратор", "Смоленская область", "", "", ""],
                 ["petrov", "Петров П. П.", "", "", "директор", "", "", "", ""],
                 ["curator", "Другой Человек", "", "", "Куратор", "Смоленская область", "", "", ""],
                 ["fed", "Федеральный", "", "", "Федеральный координатор", "", "", "", "коротко"],
                 ["иван", "Иван", "", "", "Школа", "", "", "000", ""]]
    guard case .failure(let failure) = UserImport.validate(sheet, against: t.directory, by: t.regional) else {
        Issue.record("expected failure")
        return
    }
    let issues = failure.issues
    #expect(issues.contains(ImportIssue(row: 2, column: "E-mail", problem: .invalidEmail("ivanov@"))))
    #expect(issues.contains(ImportIssue(row: 3, column: "Логин", problem: .duplicateInFile(otherRow: 2))))
    #expect(issues.contains { $0.row == 4 && $0.column == "Роль" })
    #expect(issues.contains(ImportIssue(row: 5, column: "Логин", problem: .loginTakenByAnother("curator"))))
    #expect(issues.contains(ImportIssue(row: 6, column: "Пароль", problem: .passwordTooShort(min: 8))))
    #expect(issues.contains(ImportIssue(row: 6, column: "Роль", problem: .forbidden)))
    #expect(issues.contains(ImportIssue(row: 7, column: "Логин", problem: .invalidLogin("иван"))))
    #expect(issues.contains(ImportIssue(row: 7, column: "Код ОО", problem: .unknownSchool("000"))))
}

@Test func anImportNeverChangesAPersonWithARoleTheImporterCannotGrant() {
    let t = Territory()
    // A municipal coordinator names the administrator's login in a row for its own school.
    let sheet = [userHeader,
                 ["admin", "Администратор", "attacker@evil.example", "", "Школа", "", "", "670001", ""],
                 ["peer", "Коллега Муниципальный", "", "", "Школа", "", "", "670001", ""]]
    guard case .failure(let failure) = UserImport.validate(sheet, against: t.directory, by: t.municipalKrasny) else {
        Issue.record("expected the takeover to be refused")
        return
    }
    #expect(failure.issues.contains(ImportIssue(row: 2, column: "Логин", problem: .userOutsideScope("admin"))))
    #expect(failure.issues.contains(ImportIssue(row: 3, column: "Логин", problem: .userOutsideScope("peer"))))
}

@Test func aPersonMayBeChangedOnlyByWhoeverCouldGrantEveryRoleTheyHold() {
    let t = Territory()
    let krasnyPlace = Place(region: t.smolensk.id, municipality: t.krasny.id)
    let federal = Actor(userID: UUID(), role: .federal, scope: .country)
    #expect(!Policy.canChangeUser(federal, holding: [(.admin, .country)]))
    #expect(!Policy.canChangeUser(t.municipalKrasny, holding: [(.municipal, krasnyPlace)]))
    #expect(Policy.canChangeUser(t.regional, holding: [(.municipal, krasnyPlace)]))
    // One role out of reach is enough to refuse.
    #expect(!Policy.canChangeUser(t.regional, holding: [(.municipal, krasnyPlace), (.regional, Place(region: t.smolensk.id))]))
    #expect(!Policy.canChangeUser(t.regional, holding: []))
    #expect(Policy.canChangeUser(federal, holding: []))
}
