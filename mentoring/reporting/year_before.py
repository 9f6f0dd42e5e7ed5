"""The same period of the year before, across restructures.

A report's figures are counted on its period's last day in that day's tree, where a unit
carries the closed units it was formed from (selectors.org_tree_on's `absorbed`): a report
for a period in which the unit was restructured (2025's second half or the whole of 2025 for
a commune union formed on 1 July 2025) already adds up its predecessors' part of the period
and its own. The year before is counted the same way on the earlier period's last day, for
the units that are this one now: the unit itself if it was open then, and the units it was
formed from (followed back through every restructure) that were open then, each with
everything under it, added up. A unit formed on 1 July 2025 thus compares its first half of
2026 with the sum of its predecessors' first half of 2025.

The figures come from dashboard.unit_figures_on, as the report's own do; a share is added up
from its parts (counted and out of), never averaged.
"""

import dataclasses
from collections.abc import Iterable

from mentoring import selectors
from mentoring.reporting import dashboard
from mentoring.reporting.periods import ReportPeriod


@dataclasses.dataclass
class YearBefore:
    period: ReportPeriod
    units: list[dict]  # [{"id", "name"}]: the units added up
    members: int
    figures: list[dict]  # [{"code", "actual", "numerator", "denominator"}], decimals as text

    def as_data(self) -> dict:
        return {
            "year": self.period.year,
            "number": self.period.number,
            "starts_on": self.period.starts_on.isoformat(),
            "day": self.period.ends_on.isoformat(),
            "units": self.units,
            "members": self.members,
            "figures": self.figures,
        }


def _outermost(tree: dict, unit_ids: Iterable[int]) -> list[int]:
    """`unit_ids` less those under another of them (their figures are in its subtree)."""
    unit_ids = set(unit_ids)
    kept = []
    for unit_id in unit_ids:
        parent = tree[unit_id].parent_id
        inside = False
        while parent is not None and parent in tree:
            if parent in unit_ids:
                inside = True
                break
            parent = tree[parent].parent_id
        if not inside:
            kept.append(unit_id)
    return sorted(kept, key=lambda pk: tree[pk].name)


def units_then(*, unit_id: int, tree: dict) -> list[int]:
    """The units whose figures on the tree's day make up `unit_id`'s (see the docstring)."""
    candidates = {unit_id} | selectors.predecessor_ids([unit_id])
    return _outermost(tree, [pk for pk in candidates if pk in tree])


def figures_added_up(*, tree: dict, unit_ids: list[int], year: int, day) -> tuple[int, list[dict]]:
    """The members and figures of `unit_ids` on `day`, added up."""
    members = 0
    parts: dict[str, list] = {}  # code: [numerator, denominator, kind]
    order: list[str] = []
    for unit_id in unit_ids:
        count, figures = dashboard.unit_figures_on(tree=tree, unit_id=unit_id, year=year, day=day)
        members += count
        for figure in figures:
            if figure.code not in parts:
                order.append(figure.code)
                parts[figure.code] = [0, None, figure.kind]
            part = parts[figure.code]
            part[0] += figure.numerator or 0
            if figure.denominator is not None:
                part[1] = (part[1] or 0) + figure.denominator
    rows = []
    for code in order:
        numerator, denominator, kind = parts[code]
        if kind == dashboard.PERCENT:
            actual = dashboard._percent(numerator, denominator or 0)
        else:
            actual = numerator
        rows.append(
            {
                "code": code,
                "actual": None if actual is None else str(actual),
                "numerator": numerator,
                "denominator": denominator,
            }
        )
    return members, rows


def year_before(*, unit_id: int, period: ReportPeriod) -> YearBefore | None:
    """The same period of the year before for the unit (None: neither it nor any unit it was
    formed from was open then)."""
    earlier = period.year_before()
    tree = selectors.org_tree_on(earlier.ends_on)
    unit_ids = units_then(unit_id=unit_id, tree=tree)
    if not unit_ids:
        return None
    members, figures = figures_added_up(
        tree=tree, unit_ids=unit_ids, year=earlier.year, day=earlier.ends_on
    )
    return YearBefore(
        period=earlier,
        units=[{"id": pk, "name": tree[pk].name} for pk in unit_ids],
        members=members,
        figures=figures,
    )
