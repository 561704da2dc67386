import Foundation

/// A region's or municipality's own plan of events («план-график», «дорожная карта»), approved by an
/// order. Items keep the document's order; headings are items too, so the plan reads as it was approved.
public struct TerritoryRoadmap: Codable, Sendable, Equatable {
    public var title: String
    /// «№ 102-1»; nil when the document names no order.
    public var orderNumber: String?
    public var orderDate: CalendarDate?
    /// The year that due texts without a year («До 30 апреля») belong to.
    public var cycleYear: Int
    public var items: [RoadmapItem]

    public init(title: String, orderNumber: String?, orderDate: CalendarDate?, cycleYear: Int, items: [RoadmapItem]) {
        self.title = title
        self.orderNumber = orderNumber
        self.orderDate = orderDate
        self.cycleYear = cycleYear
        self.items = items
    }

    /// The items that can be marked done: everything but headings.
    public var actions: [RoadmapItem] { items.filter { !$0.isHeading } }

    /// The column headings of a multi-column plan (seed 002), in order of first use.
    public var columns: [String] {
        var seen = Set<String>()
        return items.compactMap(\.column).filter { seen.insert($0).inserted }
    }
}

public struct RoadmapItem: Codable, Sendable, Equatable {
    /// "1.1.3"; nil for rows the document leaves unnumbered.
    public var number: RoadmapItemNumber?
    /// A section title row («1 Организационно-методическое сопровождение»), not an action to mark done.
    public var isHeading: Bool
    public var action: String
    /// «Форма/нормативный локальный акт».
    public var form: String?
    /// The due text word for word («До 30 апреля»), shown as written.
    public var dueText: String?
    /// `dueText` read as dates or a period; nil when there is no due text.
    public var due: RoadmapDue?
    public var responsible: String?
    /// «Муниципальный показатель» — what shows the item is done.
    public var indicator: String?
    public var target: String?
    /// The column heading of a multi-column plan (seed 002), e.g. «Муниципальная методическая служба».
    public var column: String?
    /// The table row of a multi-column plan, so that a row's cells can be shown side by side.
    public var row: Int?

    public init(number: RoadmapItemNumber?, isHeading: Bool = false, action: String, form: String? = nil,
                dueText: String? = nil, due: RoadmapDue? = nil, responsible: String? = nil, indicator: String? = nil,
                target: String? = nil, column: String? = nil, row: Int? = nil) {
        self.number = number
        self.isHeading = isHeading
        self.action = action
        self.form = form
        self.dueText = dueText
        self.due = due
        self.responsible = responsible
        self.indicator = indicator
        self.target = target
        self.column = column
        self.row = row
    }

    /// The item as a coordinator types it: the due text is read with the plan's cycle year.
    public init(number: String?, isHeading: Bool = false, action: String, form: String? = nil, dueText: String? = nil,
                cycleYear: Int, responsible: String? = nil, indicator: String? = nil, target: String? = nil,
                column: String? = nil, row: Int? = nil) {
        self.init(number: number.flatMap(RoadmapItemNumber.init), isHeading: isHeading, action: action, form: form,
                  dueText: dueText, due: dueText.map { RoadmapDue.parse($0, cycleYear: cycleYear) },
                  responsible: responsible, indicator: indicator, target: target, column: column, row: row)
    }

    /// The date by which the item is due; nil for periodic items, free text and headings.
    public var dueDate: CalendarDate? { isHeading ? nil : due?.dueDate }
}

/// An item number "1.1.3", ordered part by part so that 1.2 < 1.10 and 1 < 1.1. Stored and shown
/// without the trailing dot some documents write ("1.1." → "1.1").
public struct RoadmapItemNumber: Hashable, Comparable, Sendable, TextCoded {
    public let parts: [Int]

    public init?(_ text: String) {
        var t = text.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix(".") { t.removeLast() }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard !parts.isEmpty, parts.allSatisfy({ ($0 ?? -1) >= 0 }) else { return nil }
        self.parts = parts.compactMap { $0 }
    }

    public var description: String { parts.map(String.init).joined(separator: ".") }

    public static func < (a: RoadmapItemNumber, b: RoadmapItemNumber) -> Bool {
        a.parts.lexicographicallyPrecedes(b.parts)
    }

    /// "1.1" is the parent of "1.1.3".
    public func isAncestor(of other: RoadmapItemNumber) -> Bool {
        parts.count < other.parts.count && Array(other.parts.prefix(parts.count)) == parts
    }

}
