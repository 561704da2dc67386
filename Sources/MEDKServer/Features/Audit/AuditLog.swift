import Fluent
import Foundation

/// Records who changed what, in the same transaction as the change.
enum AuditLog {
    enum Action: String, CaseIterable {
        case signIn = "sign_in", signInFailed = "sign_in_failed", signOut = "sign_out"
        case passwordChanged = "password_changed"
        case regionCreated = "region_created", municipalityCreated = "municipality_created"
        case schoolCreated = "school_created", schoolUpdated = "school_updated"
        case participationCreated = "participation_created"
        case userCreated = "user_created", userBlocked = "user_blocked", userUnblocked = "user_unblocked"
        case roleGranted = "role_granted", roleRevoked = "role_revoked"
        case curatorAssigned = "curator_assigned", curatorUnassigned = "curator_unassigned"
        case imported = "imported"
        case verificationSaved = "verification_saved", profileFileAttached = "profile_file_attached"
        case territoryRoadmapImported = "territory_roadmap_imported", roadmapItemMarked = "roadmap_item_marked"
        case instrumentDefined = "instrument_defined", monitoringOpened = "monitoring_opened"
        case monitoringSubjectAdded = "monitoring_subject_added", monitoringValuesEntered = "monitoring_values_entered"
        case seminarMarked = "seminar_marked", visitLogged = "visit_logged", visitRuleChanged = "visit_rule_changed"
        case cycleCreated = "cycle_created", cycleChanged = "cycle_changed", cycleOpened = "cycle_opened", cycleClosed = "cycle_closed"
        case cycleSchoolsCarried = "cycle_schools_carried"
        case mailResent = "mail_resent", passwordResetRequested = "password_reset_requested", passwordReset = "password_reset"
        case mailPreferencesChanged = "mail_preferences_changed"
        case curatorReportConfirmed = "curator_report_confirmed"
        case expertiseRoundCreated = "expertise_round_created", expertiseSampleDrawn = "expertise_sample_drawn"
        case expertiseSchoolAdded = "expertise_school_added", expertiseSchoolRemoved = "expertise_school_removed"
        case expertsAssigned = "experts_assigned", expertiseSheetMoved = "expertise_sheet_moved"
        case expertiseRoundPublished = "expertise_round_published"
        case practiceMoved = "practice_moved", territoryActPublished = "territory_act_published"
        case apiTokenCreated = "api_token_created", apiTokenRevoked = "api_token_revoked"
    }

    static func record(_ action: Action, by actorID: UUID?, object: String, id: UUID?, _ summary: String,
                       at date: Date, on db: Database) async throws {
        try await AuditEvent(at: date, actorID: actorID, action: action.rawValue, objectType: object, objectID: id,
                             summary: summary).create(on: db)
    }
}
