"""An independent recomputation of the coordinators' inclusion indicators (seed 001, «Показатель для контроля
включенности региона»), straight from the tables the product writes — never from the `inclusion_facts` rollup.

Every definition below is read from seed 001 and PRODUCT.md («Monitoring for coordinators», «How we read the
seeds»), not from the server's code:

* Each indicator but the last is a share of schools «из числа включенных в проект»: the denominator is the
  schools taking part in the cycle on the day (joined on or before it, not yet left: a school leaves on its
  `left_on` day), the numerator those of them that have done the step **as of that day**.
* A fact recorded at an instant belongs to the calendar day of that instant in the school's region's time zone
  (ENGINEERING.md: «control dates are calendar dates judged in the region's time zone»). Facts typed as dates
  (an assignment's first and last day, a visit's day, the verification day, a plan item's done day) are days.
* «назначены кураторы»: a curator assignment covers the day (first and last day included).
* «завершено анкетирование»: the school's risk profile was imported by the day and records respondent groups
  that completed the questionnaire (see QUESTIONNAIRE_GROUPS_NEEDED for the reading).
* «очное участие в установочном семинаре»: the coordinator's latest attendance mark made by the day says yes.
* «посещенных кураторами» (first visit, with the profile verified — «РПШ верифицированы, в МЭДК соответствующие
  отметки»): a visit that happened by the day and was recorded by the day, and the curator's verification dated
  by the day.
* «активировавших рисковые направления»: a direction activated by the day.
* «концептуальные документы, подтвержденные куратором» / «документы для мониторинга, подтвержденные куратором»:
  the section has placed items by the day and every one of them not withdrawn stands approved after its latest review move
  made by the day (Мониторинг 1/2 count the section's documents and the stage's monitoring report).
* «Доля исполненных мероприятий региональной дорожной карты (на дату мониторинга)»: of the territory's own plan
  items (headings are not events) due on or before the day, those whose latest mark made by the day says done,
  done on or before the day; when none of them is due yet (or none has a date), the same of all its items. A
  territory with no plan for the cycle's year has no figure at all; the country's total is the regions' plans.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

# The indicator codes in the order of the export's columns (the server's own codes, used only as names).
PER_SCHOOL = ["curator_assigned", "questionnaire_completed", "launch_seminar", "visited_verified",
              "directions_activated", "concept_documents", "monitoring_1", "monitoring_2"]
ROADMAP = "territory_roadmap"
# Seed 001's 22.03 «План-график направлен»: the territory's own plan loaded by the day (Moscow days, as the federal
# roadmap's dates); the country's row counts its regions. Its column stands among the schools' by its control date.
PLAN_SENT = "regional_plan"
ALL = PER_SCHOOL[:5] + [PLAN_SENT] + PER_SCHOOL[5:] + [ROADMAP]

RESPONDENT_GROUPS = {"leader", "teachers", "students", "parents"}
# Seed 001 says «завершено анкетирование» without saying whether every respondent group must have answered;
# the profile records which groups did. Our reading: a profile with at least one group that completed the
# questionnaire is a completed questionnaire (the profile could be built). Set to 4 for the strict reading.
QUESTIONNAIRE_GROUPS_NEEDED = 1

SECTIONS = {"concept_documents": ("conceptDocuments", None),
            "monitoring_1": ("monitoring1", 1),
            "monitoring_2": ("monitoring2", 2)}


def local_day(timestamp: float, zone: str) -> str:
    """The calendar day (ISO) of a stored instant (seconds since 1970) in a time zone."""
    return datetime.fromtimestamp(timestamp, ZoneInfo(zone)).date().isoformat()


@dataclass
class School:
    id: str
    name: str
    municipality: str
    region: str
    zone: str
    joined: str = ""
    left: str | None = None
    participation: str = ""
    assignments: list = field(default_factory=list)      # (first day, last day or None)
    questionnaire_day: str | None = None
    seminar: list = field(default_factory=list)          # (instant, day, attended)
    visits: list = field(default_factory=list)           # (day of the visit, day it was recorded)
    verified_on: str | None = None
    directions: list = field(default_factory=list)       # days
    items: dict = field(default_factory=dict)            # indicator -> {(table, item id): [(instant, day, state)]}

    def takes_part(self, day: str) -> bool:
        return self.joined <= day and (self.left is None or day < self.left)

    def done(self, indicator: str, day: str) -> bool:
        if not self.takes_part(day):
            return False
        if indicator == "curator_assigned":
            return any(first <= day and (last is None or day <= last) for first, last in self.assignments)
        if indicator == "questionnaire_completed":
            return self.questionnaire_day is not None and self.questionnaire_day <= day
        if indicator == "launch_seminar":
            made = [m for m in self.seminar if m[1] <= day]
            return bool(made) and max(made, key=lambda m: m[0])[2]
        if indicator == "visited_verified":
            return any(max(v) <= day for v in self.visits) and self.verified_on is not None and self.verified_on <= day
        if indicator == "directions_activated":
            return any(d <= day for d in self.directions)
        if indicator in SECTIONS:
            standing = []
            for moves in self.items.get(indicator, {}).values():
                made = [m for m in moves if m[1] <= day]
                if made:
                    standing.append(max(made, key=lambda m: m[0])[2])
            standing = [state for state in standing if state != "withdrawn"]  # no longer the section's
            return bool(standing) and all(state == "approved" for state in standing)
        raise ValueError(indicator)


@dataclass
class Plan:
    owner: str                                           # region id or municipality id
    zone: str
    items: dict = field(default_factory=dict)            # item id -> due day or None (non-heading items only)
    marks: dict = field(default_factory=dict)            # item id -> [(instant, day made, is done, done on)]

    def tallies(self, day: str) -> tuple[tuple[int, int], tuple[int, int]]:
        """((done, due) of the items due by the day, (done, all) of every item)."""
        def done_by(item) -> bool:
            made = [m for m in self.marks.get(item, []) if m[1] <= day]
            if not made:
                return False
            _, _, is_done, done_on = max(made, key=lambda m: m[0])
            return is_done and (done_on is None or done_on <= day)
        due = [item for item, due_on in self.items.items() if due_on is not None and due_on <= day]
        return (sum(map(done_by, due)), len(due)), (sum(map(done_by, self.items)), len(self.items))


class Oracle:
    def __init__(self, db_path: str, zone_of=lambda zone: zone, school_class=None, plan_class=None):
        """`zone_of`, `school_class` and `plan_class` let the self-check read the data the way a plausible bug
        would; the oracle itself never passes them."""
        School_, Plan_ = school_class or School, plan_class or Plan
        con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        con.row_factory = sqlite3.Row
        q = lambda sql, *args: con.execute(sql, args).fetchall()
        self.regions = {r["id"]: (r["name"], r["time_zone"]) for r in q("SELECT id, name, time_zone FROM regions")}
        self.municipalities = {m["id"]: (m["name"], m["region_id"]) for m in q("SELECT id, name, region_id FROM municipalities")}
        cycle = q("SELECT id, year FROM cycles ORDER BY year DESC LIMIT 1")[0]
        self.cycle_id, self.year = cycle["id"], cycle["year"]
        self.schools: dict[str, School] = {}
        by_participation: dict[str, School] = {}
        for row in q("""SELECT p.id AS pid, p.joined_on, p.left_on, s.id, s.full_name, s.municipality_id, s.region_id
                        FROM participations p JOIN schools s ON s.id = p.school_id WHERE p.cycle_id = ?""", self.cycle_id):
            zone = zone_of(self.regions[row["region_id"]][1])
            school = School_(row["id"], row["full_name"], row["municipality_id"], row["region_id"], zone,
                            joined=row["joined_on"], left=row["left_on"], participation=row["pid"])
            self.schools[school.id] = school
            by_participation[row["pid"]] = school

        def each(sql):
            for row in q(sql):
                school = by_participation.get(row["participation_id"])
                if school is not None:
                    yield school, row

        for school, row in each("SELECT participation_id, starts_on, ends_on FROM curator_assignments"):
            school.assignments.append((row["starts_on"], row["ends_on"]))
        for school, row in each("SELECT participation_id, completed_groups, imported_at FROM risk_profiles"):
            groups = {g for g in row["completed_groups"].split(",") if g in RESPONDENT_GROUPS}
            if len(groups) >= QUESTIONNAIRE_GROUPS_NEEDED:
                school.questionnaire_day = local_day(row["imported_at"], school.zone)
        for school, row in each("SELECT participation_id, attended, marked_at FROM seminar_marks"):
            school.seminar.append((row["marked_at"], local_day(row["marked_at"], school.zone), bool(row["attended"])))
        for school, row in each("SELECT participation_id, visited_on, recorded_at FROM visits"):
            school.visits.append((row["visited_on"], local_day(row["recorded_at"], school.zone)))
        for school, row in each("SELECT participation_id, verified_on FROM verifications"):
            school.verified_on = row["verified_on"]
        for school, row in each("SELECT participation_id, activated_at FROM directions"):
            school.directions.append(local_day(row["activated_at"], school.zone))

        counted: dict[str, tuple[School, str]] = {}
        for school, row in each("SELECT participation_id, id, section FROM documents"):
            for indicator, (section, _) in SECTIONS.items():
                if row["section"] == section:
                    counted[row["id"]] = (school, indicator, "documents")
        for school, row in each("SELECT participation_id, id, stage FROM monitoring_reports"):
            for indicator, (_, stage) in SECTIONS.items():
                if stage is not None and row["stage"] == stage:
                    counted[row["id"]] = (school, indicator, "monitoring_reports")
        for row in q("SELECT item_id, to_state, at FROM review_events"):
            if row["item_id"] in counted:
                school, indicator, table = counted[row["item_id"]]
                school.items.setdefault(indicator, {}).setdefault((table, row["item_id"]), []).append(
                    (row["at"], local_day(row["at"], school.zone), row["to_state"]))

        self.plans: dict[str, list[Plan]] = {}
        self.plan_loaded: dict[str, str] = {}
        plan_of: dict[str, Plan] = {}
        for row in q("SELECT id, region_id, municipality_id, created_at FROM territory_roadmaps WHERE cycle_year = ?", self.year):
            owner = row["municipality_id"] or row["region_id"]
            loaded = local_day(row["created_at"], "Europe/Moscow")
            self.plan_loaded[owner] = min(self.plan_loaded.get(owner, loaded), loaded)
            plan = Plan_(row["municipality_id"] or row["region_id"], zone_of(self.regions[row["region_id"]][1]))
            self.plans.setdefault(plan.owner, []).append(plan)
            plan_of[row["id"]] = plan
        for row in q("SELECT id, roadmap_id, is_heading, due_date FROM territory_roadmap_items"):
            if row["roadmap_id"] in plan_of and not row["is_heading"]:
                plan_of[row["roadmap_id"]].items[row["id"]] = row["due_date"] or None
        for row in q("SELECT item_id, roadmap_id, is_done, done_on, marked_at FROM territory_roadmap_marks"):
            plan = plan_of.get(row["roadmap_id"])
            if plan is not None:
                plan.marks.setdefault(row["item_id"], []).append(
                    (row["marked_at"], local_day(row["marked_at"], plan.zone), bool(row["is_done"]), row["done_on"] or None))
        con.close()

    # MARK: the figures

    def school_tally(self, schools, indicator: str, day: str) -> tuple[int, int]:
        taking = [s for s in schools if s.takes_part(day)]
        return sum(1 for s in taking if s.done(indicator, day)), len(taking)

    def roadmap(self, owners: list[str], day: str):
        """(done, due) of the owners' plans, or None when they have none for the cycle's year. When no item of
        them is due yet (seed 002's items carry no dates), (done, all) of every item: the share done still shows."""
        plans = [p for owner in owners for p in self.plans.get(owner, [])]
        if not plans:
            return None
        tallies = [p.tallies(day) for p in plans]
        due = (sum(t[0][0] for t in tallies), sum(t[0][1] for t in tallies))
        return due if due[1] > 0 else (sum(t[1][0] for t in tallies), sum(t[1][1] for t in tallies))

    def plan_sent(self, owners: list[str], day: str) -> tuple[int, int]:
        """(territories whose own plan was loaded by the day, territories)."""
        return sum(1 for o in owners if self.plan_loaded.get(o, "9999") <= day), len(owners)

    def table(self, territory: str | None, day: str) -> dict[str, dict[str, tuple[int, int] | None]]:
        """Row name → indicator → (numerator, denominator), as the export of `territory` (None: the country)
        shows it: one row per region / municipality / participating school, then «Итого»."""
        rows: dict[str, dict] = {}
        if territory is None:
            children = [(rid, name, [s for s in self.schools.values() if s.region == rid], rid)
                        for rid, (name, _) in self.regions.items()]
            own = None
        elif territory in self.regions:
            children = [(mid, name, [s for s in self.schools.values() if s.municipality == mid], mid)
                        for mid, (name, region) in self.municipalities.items() if region == territory]
            own = territory
        else:
            children = [(s.id, s.name, [s], None) for s in self.schools.values()
                        if s.municipality == territory and s.takes_part(day)]
            own = territory
        everyone = []
        for _, name, schools, owner in children:
            rows[name] = {i: self.school_tally(schools, i, day) for i in PER_SCHOOL}
            rows[name][ROADMAP] = self.roadmap([owner] if owner else [], day)
            rows[name][PLAN_SENT] = self.plan_sent([owner], day) if owner else None
            everyone += schools
        rows["Итого"] = {i: self.school_tally(everyone, i, day) for i in PER_SCHOOL}
        # The country keeps no plan: its total is the regions' own plans together.
        rows["Итого"][ROADMAP] = self.roadmap([own] if own else list(self.regions), day)
        rows["Итого"][PLAN_SENT] = self.plan_sent([own] if own else list(self.regions), day)
        return rows

    def cell(self, territory: str, indicator: str, day: str) -> dict[str, bool]:
        """(school name, municipality name) → done, for the schools of a region or municipality taking part on
        the day."""
        return {(s.name, self.municipalities[s.municipality][0]): s.done(indicator, day) for s in self.schools.values()
                if territory in (s.region, s.municipality) and s.takes_part(day)}
