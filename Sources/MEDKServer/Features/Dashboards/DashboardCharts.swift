import Foundation
import MEDKCore

/// Charts as SVG drawn on the server: readable with no JavaScript, printable, and the numbers are also
/// written out as text in each chart's <title> and table for screen readers.
enum DashboardCharts {
    /// Weekly points from the first control date to the day shown (or the year's end), plus every control date.
    static func sampleDays(cycleYear: Int, controlDates: [CycleControlDate], until day: CalendarDate) -> [CalendarDate] {
        let dates = controlDates.compactMap(\.date)
        let start = dates.min().map { $0.adding(days: -14) } ?? CalendarDate(year: cycleYear, month: 1, day: 1)!
        let end = min(day, CalendarDate(year: cycleYear, month: 12, day: 31)!)
        guard start <= end else { return [end] }
        var days = Set(dates.filter { $0 >= start && $0 <= end })
        var current = start
        while current <= end {
            days.insert(current)
            current = current.adding(days: 7)
        }
        days.insert(end)
        return days.sorted()
    }

    // MARK: share over time

    static func line(_ series: [(CalendarDate, Tally)], marks: [(CalendarDate, String)], day: CalendarDate) -> String {
        let width = 760.0, height = 300.0, left = 48.0, right = 16.0, top = 16.0, bottom = 40.0
        guard let first = series.first?.0, let last = series.last?.0 else { return "" }
        let span = Double(max(last.days(since: first), 1))
        func x(_ d: CalendarDate) -> Double { left + (width - left - right) * Double(d.days(since: first)) / span }
        func y(_ fraction: Double) -> Double { top + (height - top - bottom) * (1 - fraction) }
        var svg = open(width, height, label: Strings.Dashboards.overTime)
        for step in stride(from: 0.0, through: 1.0, by: 0.25) {
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(step)))\" x2=\"\(f(width - right))\" y2=\"\(f(y(step)))\" class=\"grid\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y(step) + 4))\" text-anchor=\"end\">\(Int(step * 100)) %</text>"
        }
        for (date, event) in marks where date >= first && date <= last {
            svg += "<line x1=\"\(f(x(date)))\" y1=\"\(f(top))\" x2=\"\(f(x(date)))\" y2=\"\(f(height - bottom))\" class=\"control\">"
            svg += "<title>\(HTMLText.escape("\(date.russian): \(event)"))</title></line>"
            svg += "<text x=\"\(f(x(date) + 3))\" y=\"\(f(top + 10))\" class=\"control-label\">\(date.russian)</text>"
        }
        let points = series.compactMap { d, tally in tally.fraction.map { "\(f(x(d))),\(f(y($0)))" } }
        svg += "<polyline points=\"\(points.joined(separator: " "))\" class=\"series\"/>"
        for (d, tally) in series {
            guard let fraction = tally.fraction else { continue }
            svg += "<circle cx=\"\(f(x(d)))\" cy=\"\(f(y(fraction)))\" r=\"3\" class=\"point\">"
            svg += "<title>\(HTMLText.escape("\(d.russian): \(Strings.Dashboards.percent(fraction)) (\(Strings.Dashboards.cell(tally)))"))</title></circle>"
        }
        for d in [first, last] {
            svg += "<text x=\"\(f(x(d)))\" y=\"\(f(height - bottom + 16))\" text-anchor=\"middle\">\(d.russian)</text>"
        }
        return svg + "</svg>"
    }

    // MARK: by territory

    static func bars(_ bars: [(label: String, tally: Tally?)]) -> String {
        let rowHeight = 22.0, labelWidth = 300.0, barWidth = 380.0, width = labelWidth + barWidth + 110
        let height = rowHeight * Double(max(bars.count, 1)) + 8
        var svg = open(width, height, label: Strings.Dashboards.byTerritory)
        for (index, bar) in bars.enumerated() {
            let y = 4 + rowHeight * Double(index)
            svg += "<text x=\"\(f(labelWidth - 8))\" y=\"\(f(y + 15))\" text-anchor=\"end\">\(HTMLText.escape(String(bar.label.prefix(48))))</text>"
            svg += "<rect x=\"\(f(labelWidth))\" y=\"\(f(y + 3))\" width=\"\(f(barWidth))\" height=\"\(f(rowHeight - 6))\" class=\"track\"/>"
            if let tally = bar.tally, let fraction = tally.fraction {
                svg += "<rect x=\"\(f(labelWidth))\" y=\"\(f(y + 3))\" width=\"\(f(barWidth * fraction))\" height=\"\(f(rowHeight - 6))\" class=\"bar\">"
                svg += "<title>\(HTMLText.escape("\(bar.label): \(Strings.Dashboards.percent(fraction)) (\(Strings.Dashboards.cell(tally)))"))</title></rect>"
                svg += "<text x=\"\(f(labelWidth + barWidth + 6))\" y=\"\(f(y + 15))\">\(HTMLText.escape(Strings.Dashboards.percent(fraction)))</text>"
            } else {
                svg += "<text x=\"\(f(labelWidth + barWidth + 6))\" y=\"\(f(y + 15))\">\(HTMLText.escape(Strings.Dashboards.notAvailable))</text>"
            }
        }
        return svg + "</svg>"
    }

    // MARK: SVG text

    private static func open(_ width: Double, _ height: Double, label: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" aria-label=\"\(HTMLText.escape(label))\" "
            + "viewBox=\"0 0 \(f(width)) \(f(height))\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\"><title>\(HTMLText.escape(label))</title>"
    }

    private static func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
