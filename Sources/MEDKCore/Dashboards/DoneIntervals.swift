/// Days on which something holds, as half-open spans [from, until): the form in which an indicator's
/// history is kept, so that "as of any date" is one comparison.
public struct DaySpan: Hashable, Sendable, Codable {
    public let from: CalendarDate
    /// The first day it no longer holds; nil: it still holds.
    public let until: CalendarDate?

    public init(from: CalendarDate, until: CalendarDate? = nil) {
        self.from = from
        self.until = until
    }

    public func contains(_ day: CalendarDate) -> Bool { from <= day && until.map { day < $0 } ?? true }
}

public enum DaySpans {
    /// Spans from a day-by-day predicate that can change only on `changeDays`: the value after a change day
    /// holds from that day on. Adjacent spans are merged.
    public static func from(changeDays: [CalendarDate], holds: (CalendarDate) -> Bool) -> [DaySpan] {
        var spans: [DaySpan] = []
        var openSince: CalendarDate?
        for day in Set(changeDays).sorted() {
            let now = holds(day)
            if now, openSince == nil { openSince = day }
            if !now, let since = openSince {
                spans.append(DaySpan(from: since, until: day))
                openSince = nil
            }
        }
        if let since = openSince { spans.append(DaySpan(from: since)) }
        return spans
    }

    /// The parts of `spans` inside `window`: a school counts only while it takes part.
    public static func clip(_ spans: [DaySpan], to window: DaySpan) -> [DaySpan] {
        spans.compactMap { span in
            let from = max(span.from, window.from)
            let until: CalendarDate? = switch (span.until, window.until) {
            case (nil, nil): nil
            case (let a?, nil): a
            case (nil, let b?): b
            case (let a?, let b?): min(a, b)
            }
            if let until, until <= from { return nil }
            return DaySpan(from: from, until: until)
        }
    }

    /// The union of possibly overlapping spans, sorted.
    public static func union(_ spans: [DaySpan]) -> [DaySpan] {
        var result: [DaySpan] = []
        for span in spans.sorted(by: { $0.from < $1.from }) {
            guard let last = result.last, last.until.map({ span.from <= $0 }) ?? true else {
                result.append(span)
                continue
            }
            let until: CalendarDate? = switch (last.until, span.until) {
            case (nil, _), (_, nil): nil
            case (let a?, let b?): max(a, b)
            }
            result[result.count - 1] = DaySpan(from: last.from, until: until)
        }
        return result
    }
}
