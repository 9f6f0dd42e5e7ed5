"""The dashboard's counts: which unit a member was in on a day (one SQL expression), and one
query per kind of record, grouped by unit, summed up the tree."""

import datetime
from collections import Counter

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)

from core.db import reporting_database
from mentoring import selling as online_selling
from mentoring.models import (
    Activity,
    Attendance,
    Evaluation,
    FunnelStage,
    Member,
    MemberEvaluation,
    MemberStage,
    MemberTransfer,
    Team,
    TriState,
)
from mentoring.reporting import funnel
from mentoring.selectors import UnitOnDay
from mentoring.teams import (
    TEAM_COUNTS,
    activities_with_participants,
    all_trained,
    at_core,
    team_counts,
)

# Stages counted from MemberStage rows; ACTIVE depends on the report day and is worked out
# from the orders (mentoring.reporting.funnel.active_members).
STORED_STAGES = [stage for stage in funnel.STAGES if stage != FunnelStage.ACTIVE]


def _moved_after(day: datetime.date) -> QuerySet:
    return MemberTransfer.objects.filter(on__gt=day).values("member_id")


def unit_on_day(day: datetime.date, member: str = ""):
    """The unit of the member (`member` is the path to it, e.g. "member__") on `day`, as
    mentoring.selectors.members_with_unit_on says; the per-member lookup of a later transfer
    runs only for members who have one (an uncorrelated IN list, hashed once). Counting goes
    through grouped_by_unit_on_day, which needs it only for those members."""
    key = f"{member[:-2]}_id" if member else "pk"  # the member's id, on the outer row
    earlier_unit = (
        MemberTransfer.objects.filter(member=OuterRef(key), on__gt=day)
        .order_by("on")
        .values("from_unit")[:1]
    )
    return Case(
        When(**{f"{key}__in": _moved_after(day)}, then=Subquery(earlier_unit)),
        default=F(f"{member}org_unit"),
        output_field=IntegerField(),
    )


def members_on_day(
    day: datetime.date, unit_ids: set[int] | None, queryset: QuerySet | None = None
) -> QuerySet:
    """Members in `unit_ids` on `day` (None: everyone), annotated with `unit_on_day`. Those
    who did not move since are found by their unit today (an indexed column)."""
    queryset = Member.objects.all() if queryset is None else queryset
    queryset = queryset.annotate(unit_on_day=unit_on_day(day))
    if unit_ids is None:
        return queryset
    # The few members who moved since `day` are sorted out here, in one small query: kept in
    # SQL, the filter on their unit then made an OR that PostgreSQL can only check member by
    # member (a province-wide drill-down over a million members took 0.8 s to count, 0.3 s
    # without it).
    unit_then = {}
    for member_id, from_unit_id in (
        MemberTransfer.objects.filter(on__gt=day)
        .order_by("member_id", "-on", "-pk")
        .values_list("member_id", "from_unit_id")
    ):
        unit_then[member_id] = from_unit_id  # the earliest transfer after `day` is read last
    moved_in = [member_id for member_id, unit_id in unit_then.items() if unit_id in unit_ids]
    return queryset.filter(
        (Q(org_unit_id__in=list(unit_ids)) & ~Q(pk__in=list(unit_then))) | Q(pk__in=moved_in)
    )


def _in_units(queryset: QuerySet, unit_ids: set[int] | None, field: str = "unit_on_day"):
    return queryset if unit_ids is None else queryset.filter(**{f"{field}__in": list(unit_ids)})


def teams_on(day: datetime.date) -> Q:
    """The teams that existed on `day` (founded by then, not yet dissolved)."""
    return Q(founded_on__lte=day) & (Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day))


def _known_by(field: str, day: datetime.date) -> Q:
    """An answer counts if it was recorded by `day` (an answer without a date counts)."""
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": day})


def _practical_passed_by(day: datetime.date) -> QuerySet:
    """The members who passed a practice shop's practical by `day` (mentoring.practice)."""
    return Attendance.objects.filter(practical_passed_on__lte=day).values("member_id")


def _evaluated(year: int, grade: str) -> QuerySet:
    """The members their union classified `grade` for `year`."""
    return MemberEvaluation.objects.filter(year=year, grade=grade).values("member_id")


def _stage_reached(stage: str, day: datetime.date, member: str = "pk"):
    return Exists(
        MemberStage.objects.filter(member_id=OuterRef(member), stage=stage, reached_on__lte=day)
    )


# --- Counting: one query per kind of record, grouped by unit ---


def grouped_by_unit_on_day(
    queryset: QuerySet,
    *,
    day: datetime.date,
    unit_ids: set[int] | None,
    member: str = "",
    group: tuple[str, ...] = (),
    **aggregates,
) -> list[tuple[int, dict]]:
    """`aggregates` of `queryset` (members, or rows pointing at a member through `member`,
    e.g. "member__") grouped by the member's unit on `day` (and by `group`), as (unit, row)
    pairs: the same sums as a GROUP BY on mentoring.selectors' unit_on_day, in two grouped
    queries that PostgreSQL plans well.

    The first groups everyone by their unit today (a plain column: one scan, or an index scan
    for a district's units). The second groups only the members who moved after `day` by
    (unit today, unit on `day`): their rows move from the one to the other. Grouping a
    million members directly by a per-row subquery costs several times more, mostly in the
    planner's (and PostgreSQL's JIT's) idea of that subquery, though it rarely runs."""
    key = f"{member[:-2]}_id" if member else "pk"
    unit_now = f"{member}org_unit_id"
    pairs: list[tuple[int, dict]] = []
    everyone = _in_units(queryset, unit_ids, unit_now)
    for row in everyone.values(unit_now, *group).annotate(**aggregates):
        pairs.append((row.pop(unit_now), row))
    moved = (
        queryset.filter(**{f"{key}__in": _moved_after(day)})
        .annotate(unit_then=unit_on_day(day, member))
        .values(unit_now, "unit_then", *group)
        .annotate(**aggregates)
    )
    for row in moved:
        now, then = row.pop(unit_now), row.pop("unit_then")
        if now == then:
            continue
        if unit_ids is None or now in unit_ids:  # counted above: take it back
            pairs.append((now, {k: -v if k in aggregates else v for k, v in row.items()}))
        pairs.append((then, row))
    return [(unit, row) for unit, row in pairs if unit_ids is None or unit in unit_ids]


def unit_counts(
    *, day: datetime.date, year: int, unit_ids: set[int] | None = None
) -> dict[int, Counter]:
    """Raw counts for each unit on its own (not its subtree), in ten grouped queries.
    `unit_ids` None means every unit. Read from the reporting database (the read replica
    when one is configured): the heaviest read of the dashboard, and a few seconds' lag is
    harmless in a count that is cached for minutes anyway."""
    db = reporting_database()
    counts: dict[int, Counter] = {}

    def add(unit_id, **values):
        counts.setdefault(unit_id, Counter()).update(
            {key: value for key, value in values.items() if value}
        )

    def by_unit(queryset, member="", group=(), **aggregates):
        return grouped_by_unit_on_day(
            queryset, day=day, unit_ids=unit_ids, member=member, group=group, **aggregates
        )

    public_known = _known_by("public_services_recorded_on", day)
    epay_known = _known_by("epayment_recorded_on", day)
    for unit, row in by_unit(
        Member.objects.using(db),
        members=Count("pk"),
        public_yes=Count("pk", filter=Q(uses_public_services=TriState.YES) & public_known),
        public_known=Count(
            "pk",
            filter=Q(uses_public_services__in=[TriState.YES, TriState.NO]) & public_known,
        ),
        epay_yes=Count("pk", filter=Q(has_epayment_account=TriState.YES) & epay_known),
        epay_known=Count(
            "pk",
            filter=Q(has_epayment_account__in=[TriState.YES, TriState.NO]) & epay_known,
        ),
        # Evidence of training: members who passed a practice shop's practical by `day`
        # (an uncorrelated IN list in the same query, so the count of queries stays).
        practical=Count("pk", filter=Q(pk__in=_practical_passed_by(day))),
        **_selling_elsewhere_counts(day),
        # The members' annual evaluation of the report year, one count per class (the
        # plan's fifth point), in the same query.
        **{
            f"eval_{grade}": Count("pk", filter=Q(pk__in=_evaluated(year, grade)))
            for grade in Evaluation.values
        },
    ):
        add(unit, **row)

    stages = MemberStage.objects.using(db).filter(reached_on__lte=day, stage__in=STORED_STAGES)
    for unit, row in by_unit(stages, "member__", ("stage",), n=Count("pk")):
        add(unit, **{f"stage_{row['stage']}": row["n"]})

    selling = MemberStage.objects.using(db).filter(
        stage=FunnelStage.FIRST_ORDER,
        reached_on__lte=day,
        member__stages__stage=FunnelStage.SPECIALTY,
        member__stages__reached_on__lte=day,
    )
    for unit, row in by_unit(selling, "member__", n=Count("pk")):
        add(unit, selling=row["n"])

    for unit, row in by_unit(funnel.active_members(day, Member.objects.using(db)), n=Count("pk")):
        add(unit, **{f"stage_{FunnelStage.ACTIVE}": row["n"]})

    # Youth at the core and "all trained" are worked out per team from its members (one
    # grouped query, mentoring.teams); a team without its leader recorded counts only its
    # mentor's old tick, apart ("reported, not evidenced").
    teams = _in_units(Team.objects.using(db).filter(teams_on(day)), unit_ids, "org_unit_id")
    for row in team_counts(teams, day).values(
        "org_unit_id", "kind", "youth_at_core_reported", *TEAM_COUNTS
    ):
        if row["kind"] == Team.Kind.CORE:
            add(row["org_unit_id"], core_teams=1)
            continue
        core = at_core(row)
        add(
            row["org_unit_id"],
            community_teams=1,
            community_youth=int(core is True),
            community_reported=int(core is None and row["youth_at_core_reported"]),
            community_trained=int(all_trained(row)),
        )

    activities = _in_units(
        activities_with_participants(
            Activity.objects.using(db).filter(held_on__year=year, held_on__lte=day)
        ),
        unit_ids,
        "org_unit_id",
    )
    for row in activities.values("org_unit_id").annotate(n=Count("pk")):
        add(row["org_unit_id"], activities=row["n"])
    return counts


def _selling_elsewhere_counts(day: datetime.date) -> dict:
    """Selling elsewhere than Chợ Phiên (mentoring.selling.SALE_RULE), counted in the
    members' query with uncorrelated IN lists, so the number of queries does not grow with
    shops: members with a specialty product and a verified shop with a sale in the period
    (`selling_elsewhere`), those of them with no paid order on Chợ Phiên (`elsewhere_only`:
    added to `selling`, each member counts once), and members with a shop recorded
    (`shop_members`) and verified (`shop_verified`) by `day`. The short list of sellers
    elsewhere comes first in each filter, so the longer lists are looked up only for them."""
    elsewhere = Q(pk__in=online_selling.sellers_elsewhere(day))
    specialty = Q(
        pk__in=MemberStage.objects.filter(stage=FunnelStage.SPECIALTY, reached_on__lte=day).values(
            "member_id"
        )
    )
    here = Q(
        pk__in=MemberStage.objects.filter(
            stage=FunnelStage.FIRST_ORDER, reached_on__lte=day
        ).values("member_id")
    )
    return {
        "selling_elsewhere": Count("pk", filter=elsewhere & specialty),
        "elsewhere_only": Count("pk", filter=elsewhere & specialty & ~here),
        "shop_members": Count("pk", filter=Q(pk__in=online_selling.members_with_shop(day))),
        "shop_verified": Count(
            "pk", filter=Q(pk__in=online_selling.members_with_shop(day, verified=True))
        ),
    }


def subtree_totals(
    tree: dict[int, UnitOnDay], root_id: int, counts: dict[int, Counter]
) -> dict[int, Counter]:
    """Each unit's counts with everything under it added, for the subtree of `root_id`
    (a walk over units, never over members). A unit's own counts include those of the closed
    units it carries (UnitOnDay.absorbed: the predecessors of a merge), so a year that spans
    the change shows their figures under it. The units that must report on that day (their
    kind's ReportingRule) also count themselves (`reporting_units`), the activities the plan
    asks of them (`reporting_quota`) and whether they held fewer (`reporting_short`)."""
    totals: dict[int, Counter] = {}
    stack = [(root_id, False)]
    while stack:
        unit_id, children_done = stack.pop()
        node = tree[unit_id]
        if not children_done:
            stack.append((unit_id, True))
            stack.extend((child.id, False) for child in node.children)
            continue
        total = Counter(counts.get(unit_id, {}))
        for predecessor in node.absorbed:
            total.update(counts.get(predecessor, {}))
        for child in node.children:
            total.update(totals[child.id])
        if node.must_report:
            total["reporting_units"] += 1
            if node.activities_per_year:
                total["reporting_quota"] += node.activities_per_year
                if total["activities"] < node.activities_per_year:
                    total["reporting_short"] += 1
        totals[unit_id] = total
    return totals
