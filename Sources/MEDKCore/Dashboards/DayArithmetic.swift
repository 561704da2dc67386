import Foundation

/// Day counting for the coordinators' indicators: visit gaps, review waits, chart axes.
extension CalendarDate {
    /// Days since 1970-01-01 (proleptic Gregorian), so that two dates subtract exactly.
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil: exact for every Gregorian date, no Calendar or zone involved.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(dayNumber z: Int) {
        let z = z + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)!
    }

    public func adding(days: Int) -> CalendarDate { CalendarDate(dayNumber: dayNumber + days) }

    /// Whole days from `earlier` to `self` (negative when `earlier` is later).
    public func days(since earlier: CalendarDate) -> Int { dayNumber - earlier.dayNumber }

    /// Monday = 1 … Sunday = 7.
    public var weekday: Int { ((dayNumber + 3) % 7 + 7) % 7 + 1 }

    public var isWorkingDay: Bool { weekday <= 5 }

    /// Working days (Monday to Friday) after `earlier` up to and including `self`: a review submitted on a
    /// Friday and decided on Monday waited one working day.
    public func workingDays(since earlier: CalendarDate) -> Int {
        guard self > earlier else { return 0 }
        let total = days(since: earlier)
        let weeks = total / 7
        var count = weeks * 5
        var day = earlier.adding(days: weeks * 7)
        while day < self {
            day = day.adding(days: 1)
            if day.isWorkingDay { count += 1 }
        }
        return count
    }

    /// The first day of the month the date falls in.
    public var monthStart: CalendarDate { CalendarDate(year: year, month: month, day: 1)! }
}
