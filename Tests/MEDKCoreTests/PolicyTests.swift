import Foundation
import Testing
@testable import MEDKCore

/// Two regions: R1 with municipalities M1 (schools S1, S2) and M2 (S3); R2 with M3 (S4).
/// Every actor is placed so that S1 / M1 / R1 are inside its scope and S4 / M3 / R2 outside.
private enum World {
    static let r1 = UUID(), r2 = UUID(), m1 = UUID(), m3 = UUID(), s1 = UUID(), s4 = UUID()
    static let schoolIn = Place(region: r1, municipality: m1, school: s1)
    static let schoolOut = Place(region: r2, municipality: m3, school: s4)
    static let municipalityIn = Place(region: r1, municipality: m1)
    static let municipalityOut = Place(region: r2, municipality: m3)
    static let regionIn = Place(region: r1)
    static let regionOut = Place(region: r2)

    static func actor(_ role: Role) -> Actor {
        let scope: Place = switch role.scopeKind {
        case .school: schoolIn
        case .municipality: municipalityIn
        case .region: regionIn
        case .country: .country
        }
        return Actor(userID: UUID(), role: role, scope: scope, assignedSchools: [.curator, .expert].contains(role) ? [s1] : [])
    }

    /// The object of each action inside and outside the actor's scope.
    static func places(for action: Action) -> (inside: Place, outside: Place) {
        switch action {
        case .viewSchool, .readChat, .manageSchool, .assignCurator, .editRoadmap, .review, .reopen, .chat,
             .submitPractice, .moderatePractice: (schoolIn, schoolOut)
        case .publishActs: (municipalityIn, municipalityOut)
        case .manageMunicipality, .manageUsers, .viewTerritoryPlans, .manageTerritoryPlans: (municipalityIn, municipalityOut)
        case .manageRegion, .viewCuratorReports, .confirmCuratorReport, .viewExpertiseResults: (regionIn, regionOut)
        case .readAudit, .manageMail, .manageExpertise: (.country, .country)
        case .viewDashboards: (municipalityIn, municipalityOut)
        case .markSeminar: (schoolIn, schoolOut)
        case .grant(let role):
            switch role.scopeKind {
            case .school: (schoolIn, schoolOut)
            case .municipality: (municipalityIn, municipalityOut)
            case .region: (regionIn, regionOut)
            case .country: (.country, .country)
            }
        }
    }
}

/// Expected answers per action: for each role (school, curator, municipal, regional, federal, expert, admin, in
/// `Role.allCases` order) two letters, inside then outside the scope.
private func expected(_ action: Action) -> String {
    // An exhaustive switch: a new action does not compile until it has its row here.
    switch action {
    //                            school curator municipal regional federal expert admin
    case .viewSchool:           "YN YN YN YN YY YN YY"
    case .manageSchool:         "NN NN YN YN YY NN YY"
    case .manageMunicipality:   "NN NN NN YN YY NN YY"
    case .manageRegion:         "NN NN NN NN YY NN YY"
    case .assignCurator:        "NN NN YN YN YY NN YY"
    case .manageUsers:          "NN NN YN YN YY NN YY"
    case .readAudit:            "NN NN NN NN YY NN YY"
    case .manageMail:           "NN NN NN NN NN NN YY"
    case .editRoadmap:          "YN NN NN NN NN NN NN"
    case .review:               "NN YN NN NN NN NN NN"
    case .reopen:               "NN YN YN YN YY NN NN"
    case .chat:                 "YN YN YN YN YY NN NN"
    case .viewTerritoryPlans:   "NN NN YN YN YY NN YY"
    case .manageTerritoryPlans: "NN NN YN NN NN NN NN"
    case .viewDashboards:       "NN NN YN YN YY NN YY"
    case .markSeminar:          "NN NN YN YN YY NN NN"
    case .viewCuratorReports:   "NN NN NN YN YY NN YY"
    case .confirmCuratorReport: "NN NN NN YN NN NN NN"
    case .readChat:             "YN YN YN YN YY NN YY"
    case .manageExpertise:      "NN NN NN NN YY NN NN"
    case .viewExpertiseResults: "NN NN NN YN YY NN YY"
    case .submitPractice:       "YN YN NN NN NN NN NN"
    case .moderatePractice:     "NN NN NN YN NN NN NN"
    case .publishActs:          "NN NN YN NN NN NN NN"
    case .grant(let role):
        switch role {
        case .school:    "NN NN YN YN YY NN YY"
        case .curator:   "NN NN NN YN YY NN YY"
        case .municipal: "NN NN NN YN YY NN YY"
        case .regional:  "NN NN NN NN YY NN YY"
        case .federal:   "NN NN NN NN YY NN YY"
        case .expert:    "NN NN NN NN YY NN YY"
        case .admin:     "NN NN NN NN NN NN YY"
        }
    }
}

@Test func theMatrixCoversEveryActionOnce() {
    // `Action.allCases` is written by hand (an action carries a role); it must list each action exactly once.
    #expect(Set(Action.allCases).count == Action.allCases.count)
    #expect(Action.allCases.count == 24 + Role.allCases.count)
}

@Test(arguments: Action.allCases)
func everyRoleMayDoExactlyWhatTheProductSaysInsideAndOutsideItsScope(action: Action) {
    let cells = expected(action).split(separator: " ").map(Array.init)
    #expect(cells.count == Role.allCases.count)
    let (inside, outside) = World.places(for: action)
    for (role, cell) in zip(Role.allCases, cells) {
        let actor = World.actor(role)
        #expect(Policy.can(actor, action, inside) == (cell[0] == "Y"), "\(role) \(action) inside")
        #expect(Policy.can(actor, action, outside) == (cell[1] == "Y"), "\(role) \(action) outside")
    }
}

@Test func aCuratorSeesOnlyTheSchoolsItIsAssignedToEvenInItsOwnRegion() {
    let neighbour = Place(region: World.r1, municipality: World.m1, school: UUID())
    let curator = World.actor(.curator)
    #expect(Policy.can(curator, .viewSchool, World.schoolIn))
    #expect(!Policy.can(curator, .viewSchool, neighbour))
}

@Test func aRoleCanOnlyBeGrantedOnAPlaceOfItsOwnKind() {
    let admin = World.actor(.admin)
    #expect(!Policy.can(admin, .grant(.school), World.municipalityIn))
    #expect(!Policy.can(admin, .grant(.municipal), World.regionIn))
    #expect(!Policy.can(admin, .grant(.federal), World.regionIn))
    #expect(!Policy.can(admin, .grant(.curator), .country))
}

@Test func aMunicipalCoordinatorDoesNotReachASchoolOfTheNeighbouringMunicipality() {
    let neighbour = Place(region: World.r1, municipality: UUID(), school: UUID())
    let municipal = World.actor(.municipal)
    for action in [Action.viewSchool, .manageSchool, .assignCurator, .grant(.school)] {
        #expect(!Policy.can(municipal, action, neighbour), "\(action)")
    }
}

@Test func eachRoleIsOfferedExactlyTheRolesItMayGrant() {
    #expect(Policy.grantableRoles(by: World.actor(.admin)) == Role.allCases)
    #expect(Policy.grantableRoles(by: World.actor(.federal)) == Role.allCases.filter { $0 != .admin })
    #expect(Policy.grantableRoles(by: World.actor(.regional)) == [.school, .curator, .municipal])
    #expect(Policy.grantableRoles(by: World.actor(.municipal)) == [.school])
    #expect(Policy.grantableRoles(by: World.actor(.curator)).isEmpty)
    #expect(Policy.grantableRoles(by: World.actor(.school)).isEmpty)
}

@Test func aRegionalCoordinatorPublishesItsRegionsActsButNotItsMunicipalities() {
    let regional = World.actor(.regional)
    #expect(Policy.can(regional, .publishActs, World.regionIn))
    #expect(!Policy.can(regional, .publishActs, World.municipalityIn))
    #expect(!Policy.can(regional, .publishActs, World.schoolIn))
}

@Test func aRegionalCoordinatorKeepsItsRegionsOwnPlanAndOnlyReadsItsMunicipalities() {
    let regional = World.actor(.regional)
    #expect(Policy.can(regional, .manageTerritoryPlans, World.regionIn))
    #expect(Policy.can(regional, .viewTerritoryPlans, World.regionIn))
    #expect(!Policy.can(regional, .manageTerritoryPlans, World.municipalityIn))
    #expect(Policy.can(regional, .viewTerritoryPlans, World.municipalityIn))
    #expect(!Policy.can(regional, .viewTerritoryPlans, World.regionOut))
}

@Test func aMunicipalCoordinatorReadsItsRegionsPlanButKeepsOnlyItsOwn() {
    let municipal = World.actor(.municipal)
    #expect(Policy.can(municipal, .viewTerritoryPlans, World.regionIn))
    #expect(!Policy.can(municipal, .manageTerritoryPlans, World.regionIn))
    #expect(!Policy.can(municipal, .viewTerritoryPlans, Place(region: World.r1, municipality: UUID())))
    #expect(!Policy.can(municipal, .viewTerritoryPlans, World.regionOut))
}

@Test func nobodyKeepsOrReadsATerritoryPlanOnASchoolOrTheWholeCountry() {
    for role in Role.allCases {
        for place in [World.schoolIn, Place.country] {
            #expect(!Policy.can(World.actor(role), .viewTerritoryPlans, place), "\(role) \(place)")
            #expect(!Policy.can(World.actor(role), .manageTerritoryPlans, place), "\(role) \(place)")
        }
    }
}

/// A closed programme year is an archive: whoever could change a roadmap in it no longer can; reading is unchanged.
@Test(arguments: Action.allCases)
func aClosedYearRefusesEveryChangeToARoadmapAndNothingElse(action: Action) {
    let (inside, _) = World.places(for: action)
    for role in Role.allCases {
        let actor = World.actor(role)
        let open = Policy.can(actor, action, inside, yearClosed: false), closed = Policy.can(actor, action, inside, yearClosed: true)
        #expect(open == Policy.can(actor, action, inside), "\(role) \(action) in an open year")
        #expect(closed == (action.changesRoadmap ? false : open), "\(role) \(action) in a closed year")
    }
    let writes: [Action] = [.editRoadmap, .review, .reopen, .chat, .assignCurator, .markSeminar]
    #expect(action.changesRoadmap == writes.contains(action))
}
