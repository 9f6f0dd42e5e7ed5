"""The union's reporting periods: a month, a quarter, a half ("6 tháng đầu/cuối năm") or a
year. A report counts its unit's figures on the period's last day, as the dashboard does on
any day: shares as they stand that day, and the year's activities up to it (the union's
"lũy kế từ đầu năm"), against the year's targets.
"""

import dataclasses
import datetime

from django.utils.translation import gettext

from mentoring import selectors
from mentoring.models import KpiSnapshot
from mentoring.reporting.dashboard import FIRST_YEAR

Period = KpiSnapshot.Period
# How many periods of each kind are in a year, and how many months each lasts.
PER_YEAR = {Period.MONTH: 12, Period.QUARTER: 4, Period.HALF: 2, Period.YEAR: 1}
# The last ended periods offered when preparing a report, newest first.
OFFERED = {Period.MONTH: 12, Period.QUARTER: 8, Period.HALF: 4, Period.YEAR: 3}


@dataclasses.dataclass(frozen=True, order=True)
class ReportPeriod:
    kind: str
    year: int
    number: int

    def __post_init__(self):
        if self.kind not in PER_YEAR or not 1 <= self.number <= PER_YEAR[self.kind]:
            raise ValueError(f"No period {self.kind} {self.number} in a year")

    @property
    def months(self) -> int:
        return 12 // PER_YEAR[self.kind]

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.year, (self.number - 1) * self.months + 1, 1)

    @property
    def ends_on(self) -> datetime.date:
        last_month = self.number * self.months
        if last_month == 12:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, last_month + 1, 1) - datetime.timedelta(days=1)

    @property
    def key(self) -> str:
        """For a form's choice: "half-2026-1"."""
        return f"{self.kind}-{self.year}-{self.number}"

    @classmethod
    def from_key(cls, key: str) -> "ReportPeriod":
        kind, year, number = key.split("-")
        return cls(kind, int(year), int(number))

    @classmethod
    def of(cls, snapshot: KpiSnapshot) -> "ReportPeriod":
        return cls(snapshot.period, snapshot.year, snapshot.number)

    def year_before(self) -> "ReportPeriod":
        return ReportPeriod(self.kind, self.year - 1, self.number)

    def previous(self) -> "ReportPeriod":
        if self.number > 1:
            return ReportPeriod(self.kind, self.year, self.number - 1)
        return ReportPeriod(self.kind, self.year - 1, PER_YEAR[self.kind])

    @property
    def label(self) -> str:
        """As the union writes it: "Tháng 3/2026", "Quý 1/2026", "6 tháng đầu năm 2026"."""
        values = {"number": self.number, "year": self.year}
        if self.kind == Period.MONTH:
            return gettext("Month %(number)d/%(year)d") % values
        if self.kind == Period.QUARTER:
            return gettext("Quarter %(quarter)d/%(year)d") % {"quarter": self.number, **values}
        if self.kind == Period.HALF:
            if self.number == 1:
                return gettext("First six months of %(year)d") % values
            return gettext("Last six months of %(year)d") % values
        return gettext("Year %(year)d") % values


def ended_periods(kind: str, count: int | None = None) -> list[ReportPeriod]:
    """The last `count` periods of `kind` that have ended (newest first), from the plan's
    first year."""
    count = OFFERED[kind] if count is None else count
    today = selectors.today()
    per_year = PER_YEAR[kind]
    current = ReportPeriod(kind, today.year, (today.month - 1) * per_year // 12 + 1)
    periods = []
    period = current.previous()
    while len(periods) < count and period.year >= FIRST_YEAR:
        periods.append(period)
        period = period.previous()
    return periods


def offered_periods() -> list[ReportPeriod]:
    """Every period a report may be prepared for, by kind (months first), newest first."""
    return [period for kind in PER_YEAR for period in ended_periods(kind)]
