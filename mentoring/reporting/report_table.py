"""A report laid out as the union writes one: a table of indicator, target, result, % of
target and note, with the unit's committee, the period and the same period of the year
before. Read by the XLSX and PDF exports (report_export); the figures are the report's
stored ones once submitted (frozen once approved), else those counted now.
"""

import dataclasses
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import gettext

from mentoring import selectors
from mentoring.models import Indicator, KpiSnapshot, OrgUnit
from mentoring.reporting import dashboard, kpi
from mentoring.reporting.periods import ReportPeriod
from places.selectors import home_province

# Unit names that already say which union they are ("Huyện đoàn Bát Xát", "Tỉnh đoàn Lào
# Cai") head a document as they are; "Đoàn xã Y Tý" is headed by its executive committee.
COMMITTEE_PREFIX = "BCH "


@dataclasses.dataclass
class ReportRow:
    code: str
    label: str
    kind: str  # dashboard.PERCENT or COUNT
    target: Decimal | None
    result: Decimal | int | None
    numerator: int | None
    denominator: int | None
    year_before: Decimal | int | None
    note: str

    @property
    def percent(self) -> bool:
        return self.kind == dashboard.PERCENT

    @property
    def of_target(self) -> Decimal | None:
        """The result as a share of the target (%), one decimal."""
        if self.result is None or not self.target:
            return None
        share = Decimal(self.result) * 100 / self.target
        return share.quantize(Decimal("0.1"), ROUND_HALF_UP)

    def value_text(self, value) -> str:
        if value is None:
            return "—"
        if self.percent:
            return f"{number_text(value, 1)} %"
        return number_text(value)

    @property
    def target_text(self) -> str:
        return self.value_text(self.target)

    @property
    def result_text(self) -> str:
        text = self.value_text(self.result)
        if self.percent and self.denominator:
            text += f" ({number_text(self.numerator or 0)}/{number_text(self.denominator)})"
        return text

    @property
    def of_target_text(self) -> str:
        return "—" if self.of_target is None else f"{number_text(self.of_target, 1)} %"


@dataclasses.dataclass
class NarrativeReport:
    snapshot: KpiSnapshot
    period: ReportPeriod
    unit_name: str
    committee: str  # "BCH ĐOÀN XÃ Y TÝ"
    parent_name: str
    place: str  # "Lào Cai": where the report is signed
    members: int
    stored: bool  # the figures are those submitted (else counted now)
    rows: list[ReportRow]
    year_before: dict  # kpi.snapshot_year_before
    merged: list[str]  # units merged into this one during the period

    @property
    def year_before_label(self) -> str:
        if not self.year_before:
            return ""
        earlier = ReportPeriod(self.period.kind, self.year_before["year"], self.period.number)
        return earlier.label


def number_text(value, decimals: int = 0) -> str:
    """A number as the language writes it: "8,3" and "1.234" in Vietnamese."""
    if decimals:
        value = Decimal(value).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
        if value == value.to_integral_value():
            value, decimals = int(value), 0
    return formats.number_format(value, decimal_pos=decimals or None, force_grouping=True)


def committee_of(name: str) -> str:
    upper = name.upper()
    return upper if not upper.startswith("ĐOÀN ") else COMMITTEE_PREFIX + upper


def _place() -> str:
    province = home_province()
    return province.name if province else ""


def _merged_during(unit: selectors.UnitOnDay, period: ReportPeriod) -> list[str]:
    """The units closed into this one during the period: their part of it is in the figures."""
    if not unit.absorbed:
        return []
    closed = OrgUnit.objects.filter(
        pk__in=unit.absorbed, closed_on__gt=period.starts_on, closed_on__lte=period.ends_on
    ).annotate(name_then=selectors.unit_name_subquery("pk", day=period.starts_on))
    return sorted(closed_unit.name_then or closed_unit.code for closed_unit in closed)


def _decimal(value) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


def _actual(value, kind: str):
    value = _decimal(value)
    if value is not None and kind == dashboard.COUNT:
        return int(value)
    return value


def report_build(snapshot: KpiSnapshot) -> NarrativeReport:
    """The report's narrative table (several queries: the tree of its last day, and the
    figures counted now for a report not yet submitted)."""
    period = ReportPeriod.of(snapshot)
    tree = selectors.org_tree_on(snapshot.day)
    node = tree.get(snapshot.org_unit_id)
    unit_name = node.name if node else str(snapshot.org_unit)
    if snapshot.figures:
        members, figures = snapshot.members, snapshot.figures
    else:
        members, counted = kpi.figures_counted(
            unit_id=snapshot.org_unit_id, year=snapshot.year, day=snapshot.day
        )
        figures = [kpi._stored(figure) for figure in counted]
    before = kpi.snapshot_year_before(snapshot)
    before_by_code = {row["code"]: row for row in before.get("figures", [])}
    rows = []
    for stored in figures:
        code = stored["code"]
        spec = dashboard.SPECS.get(code)
        kind = (
            spec.kind
            if spec
            else (dashboard.COUNT if stored["denominator"] is None else dashboard.PERCENT)
        )
        label = str(Indicator(code).label) if code in Indicator.values else code
        previous = before_by_code.get(code)
        row = ReportRow(
            code=code,
            label=label,
            kind=kind,
            target=_decimal(stored.get("target")),
            result=_actual(stored.get("actual"), kind),
            numerator=stored.get("numerator"),
            denominator=stored.get("denominator"),
            year_before=_actual(previous["actual"], kind) if previous else None,
            note="",
        )
        notes = [stored.get("note") or ""]
        if previous is not None:
            notes.append(
                gettext("Same period last year: %(value)s")
                % {"value": row.value_text(row.year_before)}
            )
        if stored.get("target") is not None and stored.get("target_from_plan"):
            notes.append(gettext("target from the plan"))
        row.note = "; ".join(note for note in notes if note)
        rows.append(row)
    parent = tree.get(node.parent_id) if node else None
    return NarrativeReport(
        snapshot=snapshot,
        period=period,
        unit_name=unit_name,
        committee=committee_of(unit_name),
        parent_name=parent.name if parent else "",
        place=_place(),
        members=members,
        stored=bool(snapshot.figures),
        rows=rows,
        year_before=before,
        merged=_merged_during(node, period) if node else [],
    )
