"""The dashboard's drill-down: the members or records behind a figure."""

import datetime

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from mentoring import selling as online_selling
from mentoring.models import (
    Activity,
    Attendance,
    FunnelStage,
    Indicator,
    MemberStage,
    Team,
    TriState,
)
from mentoring.reporting import funnel
from mentoring.reporting.counts import (
    STORED_STAGES,
    _in_units,
    _known_by,
    _stage_reached,
    members_on_day,
    teams_on,
)
from mentoring.reporting.dashboard import SPECS, STAGE_SOURCES
from mentoring.teams import TEAM_COUNTS, activities_with_participants, at_core, team_counts

DONE, BASE = "done", "base"
MEMBER_FIGURES = {
    Indicator.SELLING_ONLINE,
    Indicator.PUBLIC_SERVICES,
    Indicator.EPAYMENT,
    *(stage.value for stage in funnel.STAGES),
}
TEAM_FIGURES = {Indicator.CORE_TEAMS, Indicator.COMMUNITY_TEAMS}
RECORD_FIGURES = TEAM_FIGURES | {Indicator.ACTIVITIES}
FIGURE_CODES = MEMBER_FIGURES | RECORD_FIGURES


def figure_label(code: str) -> str:
    if code in SPECS:
        return str(Indicator(code).label)
    return str(FunnelStage(code).label)


def figure_source(code: str) -> str:
    return SPECS[code].source if code in SPECS else STAGE_SOURCES[code]


def figure_members(
    *, code: str, part: str, unit_ids: set[int] | None, day: datetime.date
) -> QuerySet:
    """The members behind a member figure (`part` DONE: counted; BASE: the denominator),
    annotated with `unit_on_day` and the date of each stage reached by `day`."""
    members = members_on_day(day, unit_ids)
    if code == Indicator.SELLING_ONLINE:
        members = members.filter(_stage_reached(FunnelStage.SPECIALTY, day))
        if part == DONE:
            members = members.filter(
                Q(_stage_reached(FunnelStage.FIRST_ORDER, day))
                | Q(pk__in=online_selling.sellers_elsewhere(day))
            )
        members = members.annotate(**selling_evidence(day))
    elif code in (Indicator.PUBLIC_SERVICES, Indicator.EPAYMENT):
        field, recorded = {
            Indicator.PUBLIC_SERVICES: ("uses_public_services", "public_services_recorded_on"),
            Indicator.EPAYMENT: ("has_epayment_account", "epayment_recorded_on"),
        }[code]
        answers = [TriState.YES] if part == DONE else [TriState.YES, TriState.NO]
        members = members.filter(_known_by(recorded, day), **{f"{field}__in": answers})
    elif code == FunnelStage.ACTIVE:
        members = funnel.active_members(day, members)
    else:
        members = members.filter(_stage_reached(code, day))
    stage_dates = {
        f"on_{stage}": Subquery(
            MemberStage.objects.filter(
                member_id=OuterRef("pk"), stage=stage, reached_on__lte=day
            ).values("reached_on")[:1]
        )
        for stage in STORED_STAGES
    }
    practical_on = Subquery(
        Attendance.objects.filter(member_id=OuterRef("pk"), practical_passed_on__lte=day)
        .order_by("practical_passed_on")
        .values("practical_passed_on")[:1]
    )
    return members.annotate(**stage_dates, practical_on=practical_on).order_by("full_name", "pk")


def selling_evidence(day: datetime.date) -> dict:
    """The evidence of selling elsewhere, per member: the shop's link and the date of the
    latest check that makes it count (mentoring.selling.SALE_RULE), and the sale it saw."""
    latest = online_selling.sale_checks(day).filter(shop__member_id=OuterRef("pk"))
    latest = latest.order_by("-checked_on", "-pk")
    return {
        "shop_url": Subquery(latest.values("shop__url")[:1]),
        "shop_checked_on": Subquery(latest.values("checked_on")[:1]),
        "shop_last_sale_on": Subquery(latest.values("last_sale_on")[:1]),
    }


def figure_records(
    *, code: str, part: str, unit_ids: set[int] | None, year: int, day: datetime.date
) -> QuerySet:
    """The teams or activities behind a figure."""
    if code == Indicator.ACTIVITIES:
        # Only the activities with a recorded participant count toward the target.
        records = activities_with_participants(
            Activity.objects.filter(held_on__year=year, held_on__lte=day)
        )
        records = records.annotate(participant_count=Count("attendees")).order_by("held_on", "pk")
    else:
        kind = Team.Kind.CORE if code == Indicator.CORE_TEAMS else Team.Kind.COMMUNITY
        records = team_counts(Team.objects.filter(teams_on(day), kind=kind), day)
        if code == Indicator.COMMUNITY_TEAMS and part == DONE:
            # Youth at the core is decided from the counts (mentoring.teams.at_core): the
            # teams that pass, by id (one more query, on a figure's own page only).
            rows = _in_units(records, unit_ids, "org_unit_id").values("pk", *TEAM_COUNTS)
            records = records.filter(pk__in=[row["pk"] for row in rows if at_core(row)])
        records = records.order_by("name", "pk")
    return _in_units(records, unit_ids, "org_unit_id")
