import Fluent
import Foundation

/// A region's curators' report as its coordinator confirmed it for a payment (seed 000: «Первая оплата работы
/// кураторов», «Финальная оплата работы кураторов»). Never changed: confirming again adds the next version, so a
/// payment can always be traced to the figures it was made on.
final class CuratorReportRecord: Model, @unchecked Sendable {
    static let schema = "curator_reports"
    @ID var id: UUID?
    @Field(key: "cycle_id") var cycleID: UUID
    @Field(key: "region_id") var regionID: UUID
    /// `CuratorPayment`
    @Field(key: "payment") var paymentCode: String
    @Field(key: "period_from") var periodFrom: String
    @Field(key: "period_to") var periodTo: String
    @Field(key: "version") var version: Int
    /// The rows as JSON (`[CuratorReportRow]`): the figures exactly as confirmed.
    @Field(key: "rows") var rowsJSON: String
    @Field(key: "confirmed_by") var confirmedBy: UUID
    /// The name as it was on the day: a report reads the same after a person is renamed.
    @Field(key: "confirmed_by_name") var confirmedByName: String
    @Field(key: "confirmed_at") var confirmedAt: Date

    init() {}
}
