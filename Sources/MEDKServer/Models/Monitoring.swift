import Fluent
import Foundation
import MEDKCore

/// A monitoring instrument kept as its JSON definition: the built-ins of seed 003 and those coordinators define.
final class InstrumentRecord: Model, @unchecked Sendable {
    static let schema = "instruments"
    @ID var id: UUID?
    /// The instrument's own `id`, unique in the installation.
    @Field(key: "code") var code: String
    @Field(key: "title") var title: String
    @Field(key: "subject") var subject: String
    @Field(key: "is_builtin") var isBuiltIn: Bool
    /// The territory that defined a custom instrument; nil for the built-ins.
    @OptionalField(key: "region_id") var regionID: UUID?
    @OptionalField(key: "municipality_id") var municipalityID: UUID?
    @Field(key: "definition") var definition: String
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "created_at") var createdAt: Date

    init() {}
    init(_ instrument: Instrument, builtIn: Bool, owner: Place?, createdBy: UUID?, at: Date) throws {
        self.code = instrument.id
        self.isBuiltIn = builtIn
        self.regionID = owner?.regionID
        self.municipalityID = owner?.municipalityID
        self.createdBy = createdBy
        self.createdAt = at
        try set(instrument)
    }

    func set(_ instrument: Instrument) throws {
        title = instrument.title
        subject = instrument.subject.rawValue
        definition = try InstrumentJSON.encode(instrument)
    }

    var instrument: Instrument? { try? InstrumentJSON.decode(definition) }
    /// nil for a built-in: it belongs to everyone.
    var owner: Place? { regionID.map { Place(region: $0, municipality: municipalityID) } }
}

/// A monitoring opened by a territory for a period with one instrument. The run keeps the instrument's
/// definition as it was when opened, so its results never change when a definition does.
final class MonitoringRun: Model, @unchecked Sendable {
    static let schema = "monitoring_runs"
    @ID var id: UUID?
    @Parent(key: "instrument_id") var instrumentRecord: InstrumentRecord
    @Parent(key: "region_id") var region: Region
    @OptionalParent(key: "municipality_id") var municipality: Municipality?
    /// «2021/2022 учебный год, I полугодие».
    @Field(key: "period") var period: String
    @Field(key: "starts_on") var startsOn: String
    @Field(key: "ends_on") var endsOn: String
    @Field(key: "definition") var definition: String
    @Field(key: "opened_by") var openedBy: UUID
    @Field(key: "opened_at") var openedAt: Date

    init() {}
    init(instrumentID: UUID, definition: String, owner: Place, period: String, startsOn: CalendarDate, endsOn: CalendarDate,
         openedBy: UUID, at: Date) {
        self.$instrumentRecord.id = instrumentID
        self.definition = definition
        self.$region.id = owner.regionID!
        self.$municipality.id = owner.municipalityID
        self.period = period
        self.startsOn = startsOn.iso
        self.endsOn = endsOn.iso
        self.openedBy = openedBy
        self.openedAt = at
    }

    var place: Place { Place(region: $region.id, municipality: $municipality.id) }
    var instrument: Instrument? { try? InstrumentJSON.decode(definition) }
}

/// Who or what a monitoring measures: a teacher, a school, a centre, a municipality — by name.
final class MonitoringSubject: Model, @unchecked Sendable {
    static let schema = "monitoring_subjects"
    @ID var id: UUID?
    @Parent(key: "run_id") var run: MonitoringRun
    @Field(key: "name") var name: String
    /// The name compared without case, «ё» and spacing: the same subject in another period.
    @Field(key: "name_key") var nameKey: String
    @Field(key: "kind") var kind: String
    @Field(key: "created_at") var createdAt: Date
    /// The school the subject is (a school's monitoring) or works at (a teacher's).
    @OptionalField(key: "school_id") var schoolID: UUID?
    /// A teacher's Part I as JSON (`TeacherPartI`).
    @OptionalField(key: "details") var details: String?

    init() {}
    init(runID: UUID, name: String, kind: SubjectKind, schoolID: UUID? = nil, at: Date) {
        self.$run.id = runID
        self.name = name
        self.nameKey = ImportTable.nameKey(name)
        self.kind = kind.rawValue
        self.schoolID = schoolID
        self.createdAt = at
    }

    var partI: TeacherPartI? {
        get { details.flatMap { try? JSONDecoder().decode(TeacherPartI.self, from: Data($0.utf8)) } }
        set { details = newValue.flatMap { try? JSONEncoder().encode($0) }.map { String(decoding: $0, as: UTF8.self) } }
    }
}

/// Values entered for a subject. Every submission is kept; the latest counts. The computed value and band
/// are stored beside the values for the summary table.
final class MonitoringSubmission: Model, @unchecked Sendable {
    static let schema = "monitoring_submissions"
    @ID var id: UUID?
    @Parent(key: "subject_id") var subject: MonitoringSubject
    @Parent(key: "run_id") var run: MonitoringRun
    /// The submission as JSON: indicator code → a number or "нет".
    @Field(key: "values") var values: String
    @OptionalField(key: "value") var value: Double?
    @OptionalField(key: "band_index") var bandIndex: Int?
    @Field(key: "submitted_by") var submittedBy: UUID
    @Field(key: "submitted_at") var submittedAt: Date
    /// Student results: the previous period's values as entered beside the current ones (seed 003's form).
    @OptionalField(key: "previous_values") var previousValues: String?

    init() {}
    init(subjectID: UUID, runID: UUID, values: String, evaluation: Evaluation, previousValues: String? = nil,
         by userID: UUID, at: Date) {
        self.$subject.id = subjectID
        self.$run.id = runID
        self.previousValues = previousValues
        self.values = values
        self.value = evaluation.value
        self.bandIndex = evaluation.bandIndex
        self.submittedBy = userID
        self.submittedAt = at
    }

    var submission: InstrumentSubmission? {
        try? JSONDecoder().decode(InstrumentSubmission.self, from: Data(values.utf8))
    }

    var previousSubmission: InstrumentSubmission? {
        previousValues.flatMap { try? JSONDecoder().decode(InstrumentSubmission.self, from: Data($0.utf8)) }
    }
}

/// Instruments and submissions as the database keeps them: readable JSON, keys sorted so equal is identical.
enum InstrumentJSON {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> Instrument {
        try JSONDecoder().decode(Instrument.self, from: Data(text.utf8))
    }
}
