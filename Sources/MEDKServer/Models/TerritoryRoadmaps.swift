import Fluent
import Foundation
import MEDKCore

/// A region's or municipality's own plan-schedule («план-график», «дорожная карта») for a programme year.
final class TerritoryRoadmapRecord: Model, @unchecked Sendable {
    static let schema = "territory_roadmaps"
    @ID var id: UUID?
    @Parent(key: "region_id") var region: Region
    /// nil: the region's own plan.
    @OptionalParent(key: "municipality_id") var municipality: Municipality?
    /// The year that due texts without a year («До 30 апреля») belong to.
    @Field(key: "cycle_year") var cycleYear: Int
    @Field(key: "title") var title: String
    @OptionalField(key: "order_number") var orderNumber: String?
    /// "yyyy-MM-dd".
    @OptionalField(key: "order_date") var orderDate: String?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "created_at") var createdAt: Date

    init() {}
    init(owner: Place, cycleYear: Int, title: String, orderNumber: String?, orderDate: CalendarDate?, createdBy: UUID?,
         at: Date) {
        self.$region.id = owner.regionID!
        self.$municipality.id = owner.municipalityID
        self.cycleYear = cycleYear
        self.title = title
        self.orderNumber = orderNumber
        self.orderDate = orderDate?.iso
        self.createdBy = createdBy
        self.createdAt = at
    }

    var place: Place { Place(region: $region.id, municipality: $municipality.id) }
    var orderDay: CalendarDate? { orderDate.flatMap(CalendarDate.init) }
}

/// One row of a plan, in the document's order; headings are rows too.
final class RoadmapItemRecord: Model, @unchecked Sendable {
    static let schema = "territory_roadmap_items"
    @ID var id: UUID?
    @Parent(key: "roadmap_id") var roadmap: TerritoryRoadmapRecord
    /// The row's place in the document, from 0.
    @Field(key: "position") var position: Int
    /// "1.1.3" as shown; nil for unnumbered rows.
    @OptionalField(key: "number") var number: String?
    /// "0001.0001.0003": sorts as text the way the numbers sort; "" for unnumbered rows.
    @Field(key: "sort_key") var sortKey: String
    @Field(key: "is_heading") var isHeading: Bool
    @Field(key: "action") var action: String
    @OptionalField(key: "form") var form: String?
    @OptionalField(key: "due_text") var dueText: String?
    /// The date by which the item is due, "yyyy-MM-dd"; nil for periodic items, free text and headings.
    @OptionalField(key: "due_date") var dueDate: String?
    @OptionalField(key: "responsible") var responsible: String?
    @OptionalField(key: "indicator") var indicator: String?
    @OptionalField(key: "target") var target: String?
    /// The column heading of a multi-column plan (seed 002).
    @OptionalField(key: "column_title") var columnTitle: String?
    @OptionalField(key: "table_row") var tableRow: Int?

    init() {}
    init(roadmapID: UUID, position: Int, item: RoadmapItem) {
        self.$roadmap.id = roadmapID
        self.position = position
        update(from: item)
    }

    func update(from item: RoadmapItem) {
        number = item.number?.description
        sortKey = item.number.map { $0.parts.map { String(format: "%04d", $0) }.joined(separator: ".") } ?? ""
        isHeading = item.isHeading
        action = item.action
        form = item.form
        dueText = item.dueText
        dueDate = item.dueDate?.iso
        responsible = item.responsible
        indicator = item.indicator
        target = item.target
        columnTitle = item.column
        tableRow = item.row
    }

    /// The item as the core reads it; its due text is read again with the plan's year.
    func item(cycleYear: Int) -> RoadmapItem {
        RoadmapItem(number: number, isHeading: isHeading, action: action, form: form, dueText: dueText,
                    cycleYear: cycleYear, responsible: responsible, indicator: indicator, target: target,
                    column: columnTitle, row: tableRow)
    }

    var due: CalendarDate? { dueDate.flatMap(CalendarDate.init) }
    /// 1 for "1", 3 for "1.1.3": how far the row is indented.
    var depth: Int { number.map { $0.split(separator: ".").count } ?? 1 }
}

/// A mark on an item: done (its date and evidence) or not done (the reason). Marks are never changed or
/// deleted; the latest counts, and a figure as of a past date uses the mark that was in force then.
final class RoadmapItemMark: Model, @unchecked Sendable {
    static let schema = "territory_roadmap_marks"
    @ID var id: UUID?
    @Parent(key: "item_id") var item: RoadmapItemRecord
    @Parent(key: "roadmap_id") var roadmap: TerritoryRoadmapRecord
    @Field(key: "is_done") var isDone: Bool
    /// When the item was done, "yyyy-MM-dd" (done marks only).
    @OptionalField(key: "done_on") var doneOn: String?
    @OptionalField(key: "evidence_sha256") var evidenceSHA256: String?
    @OptionalField(key: "evidence_name") var evidenceName: String?
    @OptionalField(key: "evidence_link") var evidenceLink: String?
    /// A done mark's comment or a not-done mark's reason.
    @Field(key: "comment") var comment: String
    @Field(key: "marked_by") var markedBy: UUID
    @Field(key: "marked_at") var markedAt: Date
    /// The day the mark was made, "yyyy-MM-dd": from this day on it is in force.
    @Field(key: "marked_on") var markedOn: String

    init() {}
    init(itemID: UUID, roadmapID: UUID, isDone: Bool, doneOn: CalendarDate?, evidenceSHA256: String?, evidenceName: String?,
         evidenceLink: String?, comment: String, by userID: UUID, at: Date, on day: CalendarDate) {
        self.$item.id = itemID
        self.$roadmap.id = roadmapID
        self.isDone = isDone
        self.doneOn = doneOn?.iso
        self.evidenceSHA256 = evidenceSHA256
        self.evidenceName = evidenceName
        self.evidenceLink = evidenceLink
        self.comment = comment
        self.markedBy = userID
        self.markedAt = at
        self.markedOn = day.iso
    }

    var doneDay: CalendarDate? { doneOn.flatMap(CalendarDate.init) }
}
