"""The oracle: every inclusion indicator of every territory row, as the federal coordinator's CSV export shows
it, against an independent recomputation from the raw tables (indicators.py), for dates before, on and after
seed 001's control dates, and today's for the facts entered through the forms."""
import csv
import io
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import dataset
import indicators
from indicators import ALL, PER_SCHOOL, ROADMAP

CONTROL_DATES = sorted(set(dataset.CONTROL.values()))


def dates_to_compare(now):
    days = {"2021-01-20", "2021-02-01", "2021-03-11", "2021-05-31", "2021-12-31"}
    for control in CONTROL_DATES:
        days |= {dataset.day_plus(control, -1), control, dataset.day_plus(control, 1)}
    # The facts entered through the forms on the server's today: the day before and after it in every zone.
    for zone in ["Europe/Kaliningrad", "Europe/Moscow", "Asia/Chita"]:
        today = now.astimezone(ZoneInfo(zone)).date()
        days |= {(today + timedelta(days=d)).isoformat() for d in (-1, 0, 1)}
    return sorted(days)


def parse_csv(raw: bytes):
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    return rows[0], rows[1:]


def server_table(client, territory, day):
    query = f"date={day}" + (f"&territory={territory}" if territory else "")
    _, raw = client.get(f"/dashboards/export/indicators.csv?{query}")
    header, rows = parse_csv(raw)
    assert len(header) == 2 + 3 * len(ALL), header  # … and the note column
    table = {}
    for row in rows:
        figures = {}
        for n, indicator in enumerate(ALL):
            done, total = row[1 + 3 * n], row[2 + 3 * n]
            figures[indicator] = None if done == "" and total == "" else (int(done), int(total))
        assert row[0] not in table, f"two rows named {row[0]!r}"
        table[row[0]] = figures
    return table


def compare(oracle, federal, days, cell_days):
    """(differences, figures compared, cell lists compared, non-zero numerators by indicator, territories)."""
    territories = [None] + sorted(oracle.regions) + sorted(oracle.municipalities)
    names = {None: "РФ", **{k: v[0] for k, v in oracle.regions.items()}, **{k: v[0] for k, v in oracle.municipalities.items()}}
    differences, compared, nonzero = [], 0, {i: 0 for i in ALL}
    for day in days:
        for territory in territories:
            got = server_table(federal, territory, day)
            want = oracle.table(territory, day)
            for row in sorted(set(got) | set(want)):
                for indicator in ALL:
                    g = got.get(row, {}).get(indicator, "no row")
                    w = want.get(row, {}).get(indicator, "no row")
                    compared += 1
                    if w not in ("no row", None) and w[0] > 0:
                        nonzero[indicator] += 1
                    if g != w:
                        differences.append(f"{day} {names[territory]} / {row} / {indicator}: server {g} vs oracle {w}")
    # The schools behind each cell of every region and municipality.
    cells = 0
    for day in cell_days:
        for territory in territories[1:]:
            for indicator in PER_SCHOOL:
                _, raw = federal.get(f"/dashboards/export/cell.csv?indicator={indicator}&territory={territory}&date={day}")
                _, rows = parse_csv(raw)
                got = {(r[0], r[1]): r[2] == "да" for r in rows}
                want = oracle.cell(territory, indicator, day)
                cells += 1
                for key in sorted(set(got) | set(want)):
                    if got.get(key) != want.get(key):
                        differences.append(f"{day} {names[territory]} cell {indicator} / {key[0]}: "
                                           f"server {got.get(key, 'absent')} vs oracle {want.get(key, 'absent')}")
    return differences, compared, cells, nonzero, territories


def test_every_indicator_of_every_territory_matches_the_oracle(medk):
    server, _ = medk
    started = time.monotonic()
    oracle = indicators.Oracle(server.db)
    federal = dataset.Client(server.port, "federal")
    days = dates_to_compare(server.clock)
    cell_days = CONTROL_DATES + [d for d in days if d > "2025"]
    differences, compared, cells, nonzero, territories = compare(oracle, federal, days, cell_days)
    print(f"\noracle: {len(days)} dates × {len(territories)} territories × {len(ALL)} indicators compared "
          f"({compared} figures, {cells} cell lists), {len(differences)} differences "
          f"[{time.monotonic() - started:.1f} s]")
    for line in differences[:30]:
        print("  " + line)
    assert not differences, f"{len(differences)} differences, first: " + "\n".join(differences[:30])
    missing = [i for i, n in nonzero.items() if n == 0]
    assert not missing, f"indicators never with a non-zero numerator in the data set: {missing}"


# MARK: the data set tells plausible bugs apart

class AssignmentEndExcluded(indicators.School):
    def done(self, indicator, day):
        if indicator == "curator_assigned" and self.takes_part(day):
            return any(first <= day and (last is None or day < last) for first, last in self.assignments)
        return super().done(indicator, day)


class LeftDayIncluded(indicators.School):
    def takes_part(self, day):
        return self.joined <= day and (self.left is None or day <= self.left)


class AnySeminarYes(indicators.School):
    def done(self, indicator, day):
        if indicator == "launch_seminar" and self.takes_part(day):
            return any(m[2] for m in self.seminar if m[1] <= day)
        return super().done(indicator, day)


class VisitDayOnly(indicators.School):
    def done(self, indicator, day):
        if indicator == "visited_verified" and self.takes_part(day):
            return any(v[0] <= day for v in self.visits) and self.verified_on is not None and self.verified_on <= day
        return super().done(indicator, day)


class VerificationIgnored(indicators.School):
    def done(self, indicator, day):
        if indicator == "visited_verified" and self.takes_part(day):
            return any(max(v) <= day for v in self.visits)
        return super().done(indicator, day)


class OneApprovedEnough(indicators.School):
    def done(self, indicator, day):
        if indicator in indicators.SECTIONS and self.takes_part(day):
            latest = [max((m for m in moves if m[1] <= day), key=lambda m: m[0], default=None)
                      for moves in self.items.get(indicator, {}).values()]
            return any(m is not None and m[2] == "approved" for m in latest)
        return super().done(indicator, day)


class WithdrawnStillCounted(indicators.School):
    def done(self, indicator, day):
        if indicator in indicators.SECTIONS and self.takes_part(day):
            latest = [max((m for m in moves if m[1] <= day), key=lambda m: m[0], default=None)
                      for moves in self.items.get(indicator, {}).values()]
            latest = [m for m in latest if m is not None]
            return bool(latest) and all(m[2] == "approved" for m in latest)
        return super().done(indicator, day)


class EverApproved(indicators.School):
    def done(self, indicator, day):
        if indicator in indicators.SECTIONS and self.takes_part(day):
            moves = self.items.get(indicator, {}).values()
            return bool(moves) and all(any(m[1] <= day and m[2] == "approved" for m in item) for item in moves)
        return super().done(indicator, day)


class ReportsIgnored(indicators.School):
    def done(self, indicator, day):
        if indicator in indicators.SECTIONS:
            kept = {k: v for k, v in self.items.get(indicator, {}).items() if k[0] == "documents"}
            saved, self.items = self.items, {**self.items, indicator: kept}
            try:
                return super().done(indicator, day)
            finally:
                self.items = saved
        return super().done(indicator, day)


class WholePlanDue(indicators.Plan):
    def tallies(self, day):
        (done, _), everything = super().tallies(day)
        return (done, sum(1 for due in self.items.values() if due is not None)), everything


class LaterMarksCounted(indicators.Plan):
    def tallies(self, day):
        saved = self.marks
        self.marks = {k: [(a, "0000-00-00", c, d) for a, b, c, d in v] for k, v in saved.items()}
        try:
            return super().tallies(day)
        finally:
            self.marks = saved


class UndatedPlanWithoutShare(indicators.Plan):
    def tallies(self, day):
        due, _ = super().tallies(day)
        return due, due


MUTANTS = {
    "days in Moscow time for every region": dict(zone_of=lambda zone: "Europe/Moscow"),
    "days in UTC": dict(zone_of=lambda zone: "UTC"),
    "an assignment's last day not counted": dict(school_class=AssignmentEndExcluded),
    "a school still counted on the day it left": dict(school_class=LeftDayIncluded),
    "a seminar mark taken back still counts": dict(school_class=AnySeminarYes),
    "a visit counted before it was recorded": dict(school_class=VisitDayOnly),
    "visited without the verification": dict(school_class=VerificationIgnored),
    "one approved document makes the section": dict(school_class=OneApprovedEnough),
    "a reopened or returned item still approved": dict(school_class=EverApproved),
    "monitoring reports not counted": dict(school_class=ReportsIgnored),
    "a withdrawn document still counted": dict(school_class=WithdrawnStillCounted),
    "the whole plan in the denominator": dict(plan_class=WholePlanDue),
    "a plan mark counted before it was made": dict(plan_class=LaterMarksCounted),
    "a plan without dates shows no share": dict(plan_class=UndatedPlanWithoutShare),
}


def test_the_data_set_tells_plausible_bugs_apart(medk, monkeypatch):
    """Each plausible misreading, applied to the oracle itself, changes some figure on the compared dates: the
    data set is rich enough that the server making that mistake would show up as a difference."""
    server, _ = medk
    days = dates_to_compare(server.clock)
    base = indicators.Oracle(server.db)
    territories = [None] + sorted(base.regions) + sorted(base.municipalities)
    tables = {(t, d): base.table(t, d) for t in territories for d in days}
    monkeypatch.setattr(indicators, "QUESTIONNAIRE_GROUPS_NEEDED", 4)
    mutants = {"every respondent group needed for a completed questionnaire": indicators.Oracle(server.db)}
    monkeypatch.undo()
    mutants.update({name: indicators.Oracle(server.db, **how) for name, how in MUTANTS.items()})
    unnoticed = [name for name, mutant in mutants.items()
                 if all(mutant.table(t, d) == tables[(t, d)] for t in territories for d in days)]
    print(f"\noracle: {len(mutants) - len(unnoticed)} of {len(mutants)} plausible misreadings change a compared figure")
    assert not unnoticed, f"the data set cannot tell these apart: {unnoticed}"
