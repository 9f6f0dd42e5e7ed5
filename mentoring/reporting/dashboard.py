# Like mentoring.funnel, the docstring is built from INDICATOR_RULES below, which the "How
# figures are computed" page shows translated.
"""(Built from INDICATOR_RULES below.)"""

import dataclasses
import datetime
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
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
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from config.db import reporting_database
from mentoring import funnel, selectors
from mentoring.models import (
    Activity,
    Attendance,
    DashboardCounts,
    FunnelStage,
    Indicator,
    Member,
    MemberStage,
    MemberTransfer,
    OrgUnit,
    Target,
    Team,
    TriState,
)
from mentoring.selectors import UnitOnDay, today

# --- Where a figure comes from ---

PLATFORM, ROSTER, MENTOR = "platform", "roster", "mentor"
SOURCE_LABELS = {
    PLATFORM: _("Computed from the platform"),
    ROSTER: _("Imported roster"),
    MENTOR: _("Reported by a mentor"),
}

PERCENT, COUNT = "percent", "count"
ACTIVITIES_PER_DISTRICT = 2
FIRST_YEAR = 2023  # the plan's year: the first the dashboard reports on
# The raw counts of every unit are counted by the nightly funnel_recompute (or on "Count again
# now", or on the first visit of a year not counted since) and stored in DashboardCounts, so
# that a dashboard over a million members answers in milliseconds; every unit's page reads the
# same row. Django's cache (Redis in production) keeps them this long besides, saving even
# that query.
COUNTS_CACHE_SECONDS = 10 * 60

# The 2023 plan's targets, used when no Target row is set for the unit and year.
PLAN_PERCENTS = {
    Indicator.SELLING_ONLINE: Decimal(10),
    Indicator.PUBLIC_SERVICES: Decimal(60),
    Indicator.EPAYMENT: Decimal(80),
    Indicator.COMMUNITY_TEAMS: Decimal(100),
}
PLAN_CORE_TEAMS = Decimal(20)  # province-wide


@dataclasses.dataclass(frozen=True)
class IndicatorSpec:
    code: str
    kind: str  # PERCENT or COUNT
    source: str
    base: bool  # has a denominator with its own drill-down


INDICATORS = [
    IndicatorSpec(Indicator.SELLING_ONLINE, PERCENT, PLATFORM, True),
    IndicatorSpec(Indicator.PUBLIC_SERVICES, PERCENT, ROSTER, True),
    IndicatorSpec(Indicator.EPAYMENT, PERCENT, ROSTER, True),
    IndicatorSpec(Indicator.CORE_TEAMS, COUNT, MENTOR, False),
    IndicatorSpec(Indicator.ACTIVITIES, COUNT, MENTOR, False),
    IndicatorSpec(Indicator.COMMUNITY_TEAMS, PERCENT, MENTOR, True),
]
SPECS = {spec.code: spec for spec in INDICATORS}
STAGE_SOURCES = {stage: PLATFORM for stage in funnel.STAGES} | {FunnelStage.SPECIALTY: ROSTER}
# Stages counted from MemberStage rows; ACTIVE depends on the report day and is worked out
# from the orders (mentoring.funnel.active_members).
STORED_STAGES = [stage for stage in funnel.STAGES if stage != FunnelStage.ACTIVE]

INDICATOR_RULES = (
    gettext_noop(
        "Every figure is for one org unit and everything under it, on the report day: the "
        "last day of the chosen year, or today for the current year. Members are counted in "
        "the unit they belonged to on that day (a later transfer or merge does not move them "
        "back in time). Each figure says where it comes from: computed from the platform, the "
        "imported member list (roster), or reported by a mentor (teams and activities)."
    ),
    gettext_noop(
        "Members with a specialty product selling online: of the members with a specialty "
        "product, the share who have had a first paid order (steps 1 and 5 of the onboarding "
        "steps). Plan target: 10%%."
    ),
    gettext_noop(
        "Youth using online public services, and youth with an e-payment account: of the "
        "members whose answer is known (“yes” or “no”, recorded by the report day), the share "
        "who answered “yes”. Members whose answer is unknown are left out of both numbers, "
        "and the page shows how many they are. Plan targets: 60%% and 80%%."
    ),
    gettext_noop(
        "Core youth teams: the core youth teams for digital transformation registered in the "
        "unit and below. Plan target: 20 for the province."
    ),
    gettext_noop(
        "Digital-skills activities: activities held in the chosen year, up to the report day. "
        "Plan target: %(per_district)s for each district-level union, so the target of a unit "
        "is %(per_district)s times its district-level unions; it is met only when every one "
        "of them has held at least %(per_district)s."
    ),
    gettext_noop(
        "Community digital technology teams with youth at the core: of those teams, the share "
        "whose mentor marked youth as their core. Plan target: 100%%."
    ),
    gettext_noop(
        "Targets set for a unit and a year replace the plan's. The onboarding steps are "
        "recomputed and the figures counted every night; “Count again now” counts them at "
        "once. The dashboard says when each was done."
    ),
)


def _rule_values() -> dict:
    return {"per_district": ACTIVITIES_PER_DISTRICT, "minutes": COUNTS_CACHE_SECONDS // 60}


def rules_paragraphs() -> list[str]:
    return [gettext(paragraph) % _rule_values() for paragraph in INDICATOR_RULES]


__doc__ = "\n\n".join(paragraph % _rule_values() for paragraph in INDICATOR_RULES)


def report_day(year: int) -> datetime.date:
    """The day a year's figures are counted on: its last day, or today for the current year."""
    now = today()
    return now if year >= now.year else datetime.date(year, 12, 31)


# --- Which unit a member was in on a day, as one SQL expression ---


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


def _known_by(field: str, day: datetime.date) -> Q:
    """An answer counts if it was recorded by `day` (an answer without a date counts)."""
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": day})


def _practical_passed_by(day: datetime.date) -> QuerySet:
    """The members who passed a practice shop's practical by `day` (mentoring.practice)."""
    return Attendance.objects.filter(practical_passed_on__lte=day).values("member_id")


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

    teams = _in_units(Team.objects.using(db), unit_ids, "org_unit_id")
    for row in teams.values("org_unit_id", "kind").annotate(
        n=Count("pk"), youth=Count("pk", filter=Q(youth_at_core=True))
    ):
        if row["kind"] == Team.Kind.CORE:
            add(row["org_unit_id"], core_teams=row["n"])
        else:
            add(row["org_unit_id"], community_teams=row["n"], community_youth=row["youth"])

    activities = _in_units(
        Activity.objects.using(db).filter(held_on__year=year, held_on__lte=day),
        unit_ids,
        "org_unit_id",
    )
    for row in activities.values("org_unit_id").annotate(n=Count("pk")):
        add(row["org_unit_id"], activities=row["n"])
    return counts


def subtree_totals(
    tree: dict[int, UnitOnDay], root_id: int, counts: dict[int, Counter]
) -> dict[int, Counter]:
    """Each unit's counts with everything under it added, for the subtree of `root_id`
    (a walk over units, never over members). District-level unions also count themselves
    (`districts`) and whether they held fewer activities than the plan asks (`districts_short`)."""
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
        for child in node.children:
            total.update(totals[child.id])
        if node.kind == OrgUnit.Kind.DISTRICT:
            total["districts"] += 1
            if total["activities"] < ACTIVITIES_PER_DISTRICT:
                total["districts_short"] += 1
        totals[unit_id] = total
    return totals


# --- Figures against targets ---


@dataclasses.dataclass
class Figure:
    code: str
    label: str
    kind: str
    source: str
    actual: Decimal | int | None
    numerator: int
    denominator: int | None
    target: Decimal | None
    target_from_plan: bool
    met: bool | None
    note: str = ""
    has_base: bool = False

    @property
    def source_label(self) -> str:
        return str(SOURCE_LABELS[self.source])


def _percent(numerator: int, denominator: int) -> Decimal | None:
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / denominator).quantize(Decimal("0.1"), ROUND_HALF_UP)


def plan_target(code: str, unit: UnitOnDay, total: Counter) -> Decimal | None:
    if code in PLAN_PERCENTS:
        return PLAN_PERCENTS[code]
    if code == Indicator.CORE_TEAMS:
        return PLAN_CORE_TEAMS if unit.kind == OrgUnit.Kind.PROVINCE else None
    if code == Indicator.ACTIVITIES:
        districts = total["districts"]
        return Decimal(ACTIVITIES_PER_DISTRICT * districts) if districts else None
    return None


def figures_for(
    unit: UnitOnDay, total: Counter, targets: dict[tuple[str, int], Decimal]
) -> list[Figure]:
    """The six indicators of a unit (its subtree totals), each against its target."""
    parts = {
        Indicator.SELLING_ONLINE: (total["selling"], total[f"stage_{FunnelStage.SPECIALTY}"]),
        Indicator.PUBLIC_SERVICES: (total["public_yes"], total["public_known"]),
        Indicator.EPAYMENT: (total["epay_yes"], total["epay_known"]),
        Indicator.CORE_TEAMS: (total["core_teams"], None),
        Indicator.ACTIVITIES: (total["activities"], None),
        Indicator.COMMUNITY_TEAMS: (total["community_youth"], total["community_teams"]),
    }
    figures = []
    for spec in INDICATORS:
        numerator, denominator = parts[spec.code]
        actual = _percent(numerator, denominator) if spec.kind == PERCENT else numerator
        target = targets.get((spec.code, unit.id))
        from_plan = target is None
        if from_plan:
            target = plan_target(spec.code, unit, total)
        met = None if actual is None or target is None else actual >= target
        note = ""
        if spec.code == Indicator.ACTIVITIES and total["districts"]:
            met = bool(met) and not total["districts_short"] if met is not None else None
            note = gettext("%(short)d of %(all)d district-level unions below %(per)d") % {
                "short": total["districts_short"],
                "all": total["districts"],
                "per": ACTIVITIES_PER_DISTRICT,
            }
        elif spec.code in (Indicator.PUBLIC_SERVICES, Indicator.EPAYMENT):
            unknown = total["members"] - denominator
            note = gettext("%(unknown)d members with no known answer, left out") % {
                "unknown": unknown
            }
        figures.append(
            Figure(
                code=spec.code,
                label=str(Indicator(spec.code).label),
                kind=spec.kind,
                source=spec.source,
                actual=actual,
                numerator=numerator,
                denominator=denominator,
                target=target,
                target_from_plan=from_plan,
                met=met,
                note=note,
                has_base=spec.base,
            )
        )
    return figures


@dataclasses.dataclass
class StageFigure:
    code: str
    label: str
    count: int
    source: str
    share: Decimal | None  # of the members with a specialty product
    practical: int | None = None  # "trained" only: of all members, passed the practical

    @property
    def source_label(self) -> str:
        return str(SOURCE_LABELS[self.source])


def funnel_for(total: Counter) -> list[StageFigure]:
    base = total[f"stage_{FunnelStage.SPECIALTY}"]
    return [
        StageFigure(
            code=stage.value,
            label=str(stage.label),
            count=total[f"stage_{stage}"],
            source=STAGE_SOURCES[stage],
            share=_percent(total[f"stage_{stage}"], base),
            practical=total["practical"] if stage == FunnelStage.TRAINED else None,
        )
        for stage in funnel.STAGES
    ]


@dataclasses.dataclass
class UnitReport:
    unit: UnitOnDay
    members: int
    figures: list[Figure]


@dataclasses.dataclass
class Dashboard:
    year: int
    day: datetime.date
    unit: UnitOnDay
    members: int
    figures: list[Figure]
    funnel: list[StageFigure]
    children: list[UnitReport]
    counted_at: datetime.datetime


def _computed_stamp() -> str:
    """The funnel recompute the counts go with: its time and rules version."""
    computed = funnel.last_computed()
    stamp = computed["at"].isoformat() if computed else "never"
    return f"v{funnel.FUNNEL_RULES_VERSION}:{stamp}"


def _counts_key(day: datetime.date, year: int, stamp: str) -> str:
    return f"mentoring:dashboard:{year}:{day.isoformat()}:{stamp}"


def unit_counts_cached(
    *, day: datetime.date, year: int, fresh: bool = False
) -> tuple[dict[int, dict], datetime.datetime]:
    """unit_counts for every unit (plain dicts), and when they were counted: from the cache
    (one entry for COUNTS_CACHE_SECONDS), else from DashboardCounts (one query) if they were stored
    for that day since the last funnel recompute, else counted and stored. `fresh`: counted
    and stored whatever is kept (the nightly recompute, "Count again now")."""
    stamp = _computed_stamp()
    key = _counts_key(day, year, stamp)
    value = None if fresh else cache.get(key)
    if value is None and not fresh:
        stored = DashboardCounts.objects.filter(year=year, day=day, computed=stamp).first()
        if stored is not None:
            value = {
                "counts": {int(unit): row for unit, row in stored.counts.items()},
                "at": stored.counted_at,
            }
            cache.set(key, value, COUNTS_CACHE_SECONDS)
    if value is None:
        counted = unit_counts(day=day, year=year)
        # Plain dicts, not Counters: the cache unpickles them on every dashboard page, and
        # ten thousand Counters took 30 ms to rebuild (subtree_totals adds them up).
        value = {"counts": {unit: dict(row) for unit, row in counted.items()}, "at": timezone.now()}
        stored = DashboardCounts(
            year=year,
            day=day,
            computed=stamp,
            counted_at=value["at"],
            counts={str(unit): row for unit, row in value["counts"].items()},
        )
        DashboardCounts.objects.bulk_create(  # one INSERT … ON CONFLICT (year) DO UPDATE
            [stored],
            update_conflicts=True,
            unique_fields=["year"],
            update_fields=["day", "computed", "counted_at", "counts"],
        )
        cache.set(key, value, COUNTS_CACHE_SECONDS)
    return value["counts"], value["at"]


def dashboard_build(
    *,
    tree: dict[int, UnitOnDay],
    unit_id: int,
    year: int,
    day: datetime.date | None = None,
    fresh: bool = False,
) -> Dashboard:
    """The dashboard of a unit for a year: its figures, funnel and one row per child unit.
    One query (the targets) when the counts are cached, eleven when they are not, however
    many members and units (the tree is read by the caller)."""
    day = day or report_day(year)
    unit = tree[unit_id]
    counts, counted_at = unit_counts_cached(day=day, year=year, fresh=fresh)
    totals = subtree_totals(tree, unit_id, counts)
    shown = [unit_id, *(child.id for child in unit.children)]
    targets = {
        (indicator, org_unit_id): value
        for indicator, org_unit_id, value in Target.objects.filter(
            year=year, org_unit_id__in=shown
        ).values_list("indicator", "org_unit_id", "value")
    }
    children = sorted(unit.children, key=lambda child: child.name)
    return Dashboard(
        year=year,
        day=day,
        unit=unit,
        members=totals[unit_id]["members"],
        figures=figures_for(unit, totals[unit_id], targets),
        funnel=funnel_for(totals[unit_id]),
        children=[
            UnitReport(
                child, totals[child.id]["members"], figures_for(child, totals[child.id], targets)
            )
            for child in children
        ],
        counted_at=counted_at,
    )


def unit_figures_on(
    *, tree: dict[int, UnitOnDay], unit_id: int, year: int, day: datetime.date
) -> tuple[int, list[Figure]]:
    """The members and six indicators of one unit on `day` (counted now, for its subtree
    only, and not stored: the dashboard's stored counts stay those of its own report day),
    through the same unit_counts, subtree_totals and figures_for as dashboard_build, with
    the unit's targets for `year`. Used by the approved quarterly snapshots (mentoring.kpi)."""
    counts = unit_counts(day=day, year=year, unit_ids=selectors.subtree_ids(tree, [unit_id]))
    totals = subtree_totals(tree, unit_id, counts)
    targets = {
        (indicator, unit_id): value
        for indicator, value in Target.objects.filter(year=year, org_unit_id=unit_id).values_list(
            "indicator", "value"
        )
    }
    return totals[unit_id]["members"], figures_for(tree[unit_id], totals[unit_id], targets)


def province_selling_online(*, year: int | None = None) -> Figure | None:
    """The province's headline figure (members with a specialty product selling online)
    for the public home page: the same stored counts as the dashboard, so the two agree.
    None when there is no single province unit or no member has a specialty product yet."""
    tree = selectors.org_tree_on()
    provinces = [root for root in selectors.roots_of(tree) if root.kind == OrgUnit.Kind.PROVINCE]
    if len(provinces) != 1:
        return None
    report = dashboard_build(tree=tree, unit_id=provinces[0].id, year=year or today().year)
    figure = next(f for f in report.figures if f.code == Indicator.SELLING_ONLINE)
    return figure if figure.denominator else None


# --- Drill-down: the members or records behind a figure ---

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
            members = members.filter(_stage_reached(FunnelStage.FIRST_ORDER, day))
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


def figure_records(
    *, code: str, part: str, unit_ids: set[int] | None, year: int, day: datetime.date
) -> QuerySet:
    """The teams or activities behind a figure."""
    if code == Indicator.ACTIVITIES:
        records = Activity.objects.filter(held_on__year=year, held_on__lte=day).order_by(
            "held_on", "pk"
        )
    else:
        kind = Team.Kind.CORE if code == Indicator.CORE_TEAMS else Team.Kind.COMMUNITY
        records = Team.objects.filter(kind=kind).annotate(youth=Count("youth_members"))
        if code == Indicator.COMMUNITY_TEAMS and part == DONE:
            records = records.filter(youth_at_core=True)
        records = records.order_by("name", "pk")
    return _in_units(records, unit_ids, "org_unit_id")


# --- The mentor's follow-up queue ---

TRAINED_WAIT_DAYS = 30
NO_ORDER_DAYS = 60


@dataclasses.dataclass
class FollowUpRow:
    member: Member
    since: datetime.date  # trained on, or on sale since
    days: int
    last_paid_on: datetime.date | None = None


@dataclasses.dataclass
class FollowUp:
    day: datetime.date
    mentees: int
    trained_not_listed: list[FollowUpRow]
    listed_no_recent_order: list[FollowUpRow]
    drafts_awaiting: list[FollowUpRow]


def follow_up_queue(*, mentor, day: datetime.date | None = None) -> FollowUp:
    """The mentor's members who need a nudge, worked out now from the records (not from the
    nightly figures): trained over TRAINED_WAIT_DAYS days ago with nothing on sale; on sale
    for NO_ORDER_DAYS days or more with no paid order in the last NO_ORDER_DAYS days."""
    day = day or today()
    mentees = list(Member.objects.filter(mentor=mentor).order_by("full_name", "pk"))
    funnels = funnel.member_funnels([member.pk for member in mentees], day=day)
    trained_cutoff = day - datetime.timedelta(days=TRAINED_WAIT_DAYS)
    order_cutoff = day - datetime.timedelta(days=NO_ORDER_DAYS)
    stalled, quiet = [], []
    for member in mentees:
        item = funnels.get(member.pk)
        if item is None:
            continue
        trained_on = item.reached.get(FunnelStage.TRAINED)
        live_on = item.reached.get(FunnelStage.PRODUCT_LIVE)
        if trained_on and trained_on < trained_cutoff and live_on is None:
            stalled.append(FollowUpRow(member, trained_on, (day - trained_on).days))
        if (
            live_on
            and live_on <= order_cutoff
            and (item.last_paid_on is None or item.last_paid_on <= order_cutoff)
        ):
            quiet.append(FollowUpRow(member, live_on, (day - live_on).days, item.last_paid_on))
    return FollowUp(day, len(mentees), stalled, quiet, _drafts_awaiting(mentor, day))


def _drafts_awaiting(mentor, day: datetime.date) -> list[FollowUpRow]:
    """Shops drafted for the mentor's members, or by the mentor, that the member has not
    confirmed yet (producers.assisted), oldest first."""
    members = (
        Member.objects.filter(Q(mentor=mentor) | Q(producer__drafted_by=mentor))
        .filter(producer__drafted_by__isnull=False, producer__draft_confirmed_at__isnull=True)
        .select_related("producer")
        .order_by("producer__created_at", "pk")
    )
    rows = []
    for member in members:
        drafted_on = timezone.localtime(member.producer.created_at).date()
        rows.append(FollowUpRow(member, drafted_on, (day - drafted_on).days))
    return rows
