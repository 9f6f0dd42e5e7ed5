"""Approved indicator reports (KPI snapshots) of a month, a quarter, a half or a year
(mentoring.reporting.periods).

A reporting unit (a unit whose kind must report on the period's last day, as the province
set in mentoring.models.ReportingRule; someone with a role on the unit, or on a unit above
it) prepares a period, sees its figures and submits them; provincial staff with the
"approve a period's indicators" permission approve them or send them back with a reason;
the union corrects its records and submits again:

    draft → submitted → approved
                      → returned (with a reason) → resubmitted → approved | returned …

Submitting counts the unit's six indicators on the period's last day exactly as the
dashboard does (dashboard.unit_figures_on: the same counts, totals and targets of
the period's year; the year's activities up to that day) and stores them with the funnel
rules version, the ids of the records behind each figure (figure_members /
figure_records) and the same period of the year before (year_before: across restructures).
Approving freezes what was submitted. The report's page counts the
figures again on every visit and shows any difference beside the approved figure; nothing
ever rewrites the stored ones.

Submitting, approving and sending back are logged in the Wagtail audit trail on the report.
Approving and sending back lock the report's row (select_for_update), so two staff
clicking at once cannot both decide it.
"""

import dataclasses
import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from mentoring import selectors
from mentoring.models import KpiSnapshot, OrgUnit, OrgUnitRole
from mentoring.reporting import dashboard, funnel
from mentoring.reporting.drill_down import (
    BASE,
    DONE,
    MEMBER_FIGURES,
    figure_members,
    figure_records,
)
from mentoring.reporting.periods import Period, ReportPeriod, ended_periods
from mentoring.reporting.year_before import year_before

APPROVE_PERMISSION = "mentoring.approve_kpisnapshot"
QUARTERS_OFFERED = 8  # the last ended quarters offered when preparing a report
PARTS = (DONE, BASE)
DECIDABLE = (KpiSnapshot.Status.SUBMITTED, KpiSnapshot.Status.RESUBMITTED)
SUBMITTABLE = (KpiSnapshot.Status.DRAFT, KpiSnapshot.Status.RETURNED)

# --- Quarters ---


def quarter_last_day(year: int, quarter: int) -> datetime.date:
    return ReportPeriod(Period.QUARTER, year, quarter).ends_on


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def ended_quarters(count: int = QUARTERS_OFFERED) -> list[tuple[int, int]]:
    """The last `count` quarters that have ended (newest first), from the plan's first year."""
    return [(period.year, period.number) for period in ended_periods(Period.QUARTER, count)]


# --- Who may do what ---


def submittable_unit_ids(user, *, tree=None) -> set[int]:
    """The reporting units `user` may submit for: those in the subtree of a unit they have a
    role on whose kind must report on the tree's day (its ReportingRule). Seeing every unit
    (provincial staff) does not make anyone a submitter."""
    if not user.is_authenticated or not user.is_active:
        return set()
    tree = tree if tree is not None else selectors.org_tree_on()
    roots = OrgUnitRole.objects.filter(user=user).values_list("org_unit_id", flat=True)
    return {pk for pk in selectors.subtree_ids(tree, roots) if tree[pk].must_report}


def can_submit(user, unit_id: int, *, tree=None) -> bool:
    return unit_id in submittable_unit_ids(user, tree=tree)


def can_approve(user, snapshot: KpiSnapshot) -> bool:
    """Provincial staff with the approve permission who see the unit; never the person who
    submitted the figures (nobody signs off their own report)."""
    if not user.is_active or not user.has_perm(APPROVE_PERMISSION):
        return False
    visible = selectors.visible_unit_ids(user)
    if visible is not None and snapshot.org_unit_id not in visible:
        return False
    return snapshot.submitted_by_id != user.pk


def snapshots_visible_to(user):
    """The reports of the units `user` may see (provincial staff: all), and those of the
    units they took over in a restructure (approved reports stay on the unit that made them)."""
    visible = selectors.visible_unit_ids(user)
    queryset = KpiSnapshot.objects.all()
    if visible is None:
        return queryset
    # A role on a unit that has closed stays (it covers the days before the change): its
    # holder still sees the reports they made there, whoever the successor is (a district
    # union folded into the province: its mentor now holds its communes, not the province).
    own = set(OrgUnitRole.objects.filter(user=user).values_list("org_unit_id", flat=True))
    units = visible | own
    return queryset.filter(org_unit_id__in=units | selectors.predecessor_ids(units))


# --- Counting ---


def _text(value) -> str | None:
    return None if value is None else str(value)


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def figures_counted(*, unit_id: int, year: int, day: datetime.date):
    """(members, [Figure]) of the unit on `day`, as the dashboard counts them."""
    tree = selectors.org_tree_on(day)
    if unit_id not in tree:
        raise ValidationError(_("The unit was not open on the period's last day."))
    return dashboard.unit_figures_on(tree=tree, unit_id=unit_id, year=year, day=day)


def record_ids_counted(*, unit_id: int, year: int, day: datetime.date) -> dict:
    """The ids of the members, teams or activities behind each figure (and behind its
    denominator, for a share), sorted."""
    tree = selectors.org_tree_on(day)
    scope = selectors.counted_ids(tree, selectors.subtree_ids(tree, [unit_id]))
    ids: dict[str, dict[str, list[int]]] = {}
    for spec in dashboard.INDICATORS:
        parts = PARTS if spec.base else (DONE,)
        ids[spec.code] = {}
        for part in parts:
            if spec.code in MEMBER_FIGURES:
                rows = figure_members(code=spec.code, part=part, unit_ids=scope, day=day)
            else:
                rows = figure_records(code=spec.code, part=part, unit_ids=scope, year=year, day=day)
            ids[spec.code][part] = sorted(rows.order_by().values_list("pk", flat=True))
    return ids


def _stored(figure: dashboard.Figure) -> dict:
    return {
        "code": figure.code,
        "actual": _text(figure.actual),
        "numerator": figure.numerator,
        "denominator": figure.denominator,
        "target": _text(figure.target),
        "target_from_plan": figure.target_from_plan,
        "met": figure.met,
        # The figure's parts as the union submitted them (selling online: on Chợ Phiên and
        # elsewhere, verified), kept with the frozen report.
        "note": figure.note,
    }


# --- Changes of state ---


@transaction.atomic
def snapshot_prepare(
    *,
    unit: OrgUnit,
    by,
    period: ReportPeriod | None = None,
    year: int | None = None,
    quarter: int | None = None,
) -> KpiSnapshot:
    """The unit's report for the period (or for `year`'s `quarter`), created as a draft if
    there is none yet. Only a period that has ended, among those offered
    (periods.ended_periods), and only by someone who may submit for the unit on its last
    day."""
    period = period or ReportPeriod(Period.QUARTER, year, quarter)
    if period not in ended_periods(period.kind):
        raise ValidationError(_("Choose a period that has ended."), code="period")
    if not can_submit(by, unit.pk, tree=selectors.org_tree_on(period.ends_on)):
        raise PermissionDenied
    snapshot, _created = KpiSnapshot.objects.get_or_create(
        org_unit=unit,
        period=period.kind,
        year=period.year,
        number=period.number,
        defaults={"starts_on": period.starts_on, "day": period.ends_on, "created_by": by},
    )
    return snapshot


def _locked(snapshot: KpiSnapshot) -> KpiSnapshot:
    return KpiSnapshot.objects.select_for_update().get(pk=snapshot.pk)


def _title(snapshot: KpiSnapshot) -> str:
    return f"{snapshot.period_code} · #{snapshot.org_unit_id}"


@transaction.atomic
def snapshot_submit(*, snapshot: KpiSnapshot, by) -> KpiSnapshot:
    """Count the period's figures, and those of the same period a year before, and submit
    them (again, after being sent back)."""
    snapshot = _locked(snapshot)
    if not can_submit(by, snapshot.org_unit_id, tree=selectors.org_tree_on(snapshot.day)):
        raise PermissionDenied
    if snapshot.status not in SUBMITTABLE:
        raise ValidationError(
            _("This report has already been submitted: wait for the province's decision."),
            code="status",
        )
    again = snapshot.status == KpiSnapshot.Status.RETURNED
    members, figures = figures_counted(
        unit_id=snapshot.org_unit_id, year=snapshot.year, day=snapshot.day
    )
    snapshot.members = members
    snapshot.figures = [_stored(figure) for figure in figures]
    snapshot.record_ids = record_ids_counted(
        unit_id=snapshot.org_unit_id, year=snapshot.year, day=snapshot.day
    )
    before = year_before(unit_id=snapshot.org_unit_id, period=ReportPeriod.of(snapshot))
    snapshot.previous = before.as_data() if before else {}
    snapshot.rules_version = funnel.FUNNEL_RULES_VERSION
    snapshot.counted_at = timezone.now()
    snapshot.status = KpiSnapshot.Status.RESUBMITTED if again else KpiSnapshot.Status.SUBMITTED
    snapshot.submitted_by, snapshot.submitted_at = by, snapshot.counted_at
    snapshot.save()
    log(
        instance=snapshot,
        action="mentoring.kpi_submit",
        user=by,
        title=_title(snapshot),
        data={"again": again, "rules_version": snapshot.rules_version},
    )
    return snapshot


def _check_decidable(snapshot: KpiSnapshot, by) -> None:
    if not can_approve(by, snapshot):
        raise PermissionDenied
    if snapshot.status == KpiSnapshot.Status.APPROVED:
        raise ValidationError(_("This report has already been approved."), code="approved")
    if snapshot.status not in DECIDABLE:
        raise ValidationError(_("This report has not been submitted."), code="status")


@transaction.atomic
def snapshot_approve(*, snapshot: KpiSnapshot, by) -> KpiSnapshot:
    """Approve the submitted figures as they were stored: from now on they are frozen."""
    snapshot = _locked(snapshot)
    _check_decidable(snapshot, by)
    snapshot.status = KpiSnapshot.Status.APPROVED
    snapshot.decided_by, snapshot.decided_at = by, timezone.now()
    snapshot.return_comment = ""
    snapshot.save(update_fields=["status", "decided_by", "decided_at", "return_comment"])
    log(instance=snapshot, action="mentoring.kpi_approve", user=by, title=_title(snapshot))
    return snapshot


@transaction.atomic
def snapshot_return(*, snapshot: KpiSnapshot, by, comment: str) -> KpiSnapshot:
    """Send the report back to the union, saying why (required)."""
    comment = (comment or "").strip()
    snapshot = _locked(snapshot)
    _check_decidable(snapshot, by)
    if not comment:
        raise ValidationError(
            _("Say why the report is sent back, so the union knows what to correct."),
            code="comment",
        )
    snapshot.status = KpiSnapshot.Status.RETURNED
    snapshot.decided_by, snapshot.decided_at = by, timezone.now()
    snapshot.return_comment = comment
    snapshot.save(update_fields=["status", "decided_by", "decided_at", "return_comment"])
    log(
        instance=snapshot,
        action="mentoring.kpi_return",
        user=by,
        title=_title(snapshot),
        data={"comment": comment},
    )
    return snapshot


# --- The stored figures beside a new count ---


@dataclasses.dataclass
class FigureComparison:
    code: str
    label: str
    kind: str
    stored: dict | None  # as submitted (None: not submitted yet)
    now: dashboard.Figure  # counted again now
    added: int = 0  # records counted now and not in the stored figure
    removed: int = 0  # records in the stored figure no longer counted

    @property
    def stored_actual(self) -> Decimal | int | None:
        if self.stored is None:
            return None
        value = _decimal(self.stored["actual"])
        return int(value) if value is not None and self.kind == dashboard.COUNT else value

    @property
    def difference(self) -> Decimal | int | None:
        """Now minus stored (percentage points for a share); None when equal or unknown."""
        if self.stored is None or self.changed is False:
            return None
        if self.now.actual is None or self.stored_actual is None:
            return None
        return self.now.actual - self.stored_actual

    @property
    def changed(self) -> bool:
        if self.stored is None:
            return False
        return (
            _text(self.now.actual) != self.stored["actual"]
            or self.now.numerator != self.stored["numerator"]
            or self.now.denominator != self.stored["denominator"]
            or bool(self.added or self.removed)
        )


@dataclasses.dataclass
class Comparison:
    members_now: int
    figures: list[FigureComparison]
    rules_version_now: int

    @property
    def changed(self) -> bool:
        return any(figure.changed for figure in self.figures)


def snapshot_year_before(snapshot: KpiSnapshot) -> dict:
    """The same period of the year before (YearBefore.as_data()): as stored when the report
    was submitted, else (a draft, or a report submitted before these were stored) counted
    now. Empty when neither the unit nor a unit it was formed from was open then."""
    if snapshot.previous:
        return snapshot.previous
    before = year_before(unit_id=snapshot.org_unit_id, period=ReportPeriod.of(snapshot))
    return before.as_data() if before else {}


def snapshot_compare(snapshot: KpiSnapshot) -> Comparison:
    """The report's stored figures beside the same figures counted again now (and, for a
    stored report, which records came in or dropped out of each)."""
    members, figures = figures_counted(
        unit_id=snapshot.org_unit_id, year=snapshot.year, day=snapshot.day
    )
    stored = {row["code"]: row for row in snapshot.figures}
    ids_now = (
        record_ids_counted(unit_id=snapshot.org_unit_id, year=snapshot.year, day=snapshot.day)
        if stored
        else {}
    )
    rows = []
    for figure in figures:
        row = FigureComparison(
            code=figure.code,
            label=figure.label,
            kind=figure.kind,
            stored=stored.get(figure.code),
            now=figure,
        )
        if row.stored is not None:
            before = set(snapshot.record_ids.get(figure.code, {}).get(DONE, []))
            after = set(ids_now[figure.code][DONE])
            row.added, row.removed = len(after - before), len(before - after)
        rows.append(row)
    return Comparison(members, rows, funnel.FUNNEL_RULES_VERSION)
