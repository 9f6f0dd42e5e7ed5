# Like funnel.py, the docstring is built from INDICATOR_RULES below, which the "How
# figures are computed" page shows translated.
"""(Built from INDICATOR_RULES below.)"""

import dataclasses
import datetime
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from mentoring import selectors
from mentoring.models import (
    DashboardCounts,
    Evaluation,
    FunnelStage,
    Indicator,
    OrgUnit,
    ReportingRule,
    Target,
)
from mentoring.reporting import funnel
from mentoring.reporting.counts import subtree_totals, unit_counts
from mentoring.selectors import UnitOnDay, today
from mentoring.selling import SALE_RULE

# --- Where a figure comes from ---

PLATFORM, ROSTER, MENTOR = "platform", "roster", "mentor"
SOURCE_LABELS = {
    PLATFORM: _("Computed from the platform"),
    ROSTER: _("Imported roster"),
    MENTOR: _("Reported by a mentor"),
}

PERCENT, COUNT = "percent", "count"
FIRST_YEAR = 2023  # the plan's year: the first the dashboard reports on
# The raw counts of every unit are counted by the nightly funnel_recompute (or on "Count again
# now", or on the first visit of a year not counted since) and stored in DashboardCounts, so
# that a dashboard over a million members answers in milliseconds; every unit's page reads the
# same row. Django's cache (Redis in production) keeps them this long besides, saving even
# that query.
COUNTS_CACHE_SECONDS = 10 * 60
# Raised when unit_counts counts something new, so counts stored before are counted again
# rather than read without it (2: selling elsewhere than Chợ Phiên, issue 27).
COUNTS_VERSION = 2

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
        "product, the share who sell on an e-commerce platform, each member counted once: "
        "on Chợ Phiên (a first paid order, steps 1 and 5 of the onboarding steps), or "
        "elsewhere (Shopee, TikTok Shop, Lazada, Tiki, Postmart, Voso, a Facebook or Zalo "
        "shop, another platform) through a shop a mentor verified with a sale in the "
        "period. The figure shows both parts. Plan target: 10%%."
    ),
    SALE_RULE,
    gettext_noop(
        "Listed members using online public services, and listed members with an e-payment "
        "account: of the members on the roster whose answer is known (“yes” or “no”, "
        "recorded by the report day), the share who answered “yes”. Each answer has a source "
        "and a date (the roster, the member's own survey, a volunteer's assisted sign-up log, "
        "a mentor); the latest counts. Beside the share, its coverage: the share of listed "
        "members who answered. A target is met only when the coverage reaches what the "
        "province set for the unit's kind (Reporting levels; 60%% when none is set); below "
        "it the page says “not enough answers”. Plan targets: 60%% and 80%%."
    ),
    gettext_noop(
        "Core youth teams: the core youth teams for digital transformation registered in the "
        "unit and below. Plan target: 20 for the province."
    ),
    gettext_noop(
        "Digital-skills activities: activities held in the chosen year, up to the report day, "
        "with at least one participant recorded (an activity with only a head count is not "
        "counted). "
        "Plan target: a number for each reporting unit, set by the province for each kind of "
        "unit and period (Reporting levels: %(levels)s), so the target of a unit is the sum "
        "of its reporting units' numbers; it is met only when every one of them has held its "
        "number. A year that spans a merge counts the merged units' activities and teams "
        "under the unit they were merged into."
    ),
    gettext_noop(
        "Community digital technology teams with youth at the core: of those teams, the share "
        "whose leader and at least half of whose members are youth, computed from the members "
        "recorded (the rule, its age limit and share, is set by the province: Youth at the "
        "core). A team whose leader is not recorded yet is counted only in the denominator; "
        "if its mentor had ticked it before members were recorded, the page says so apart "
        "(reported, not evidenced). Plan target: 100%%."
    ),
    gettext_noop(
        "Targets set for a unit and a year replace the plan's. The onboarding steps are "
        "recomputed and the figures counted every night; “Count again now” counts them at "
        "once. The dashboard says when each was done."
    ),
)


def _levels_text() -> str:
    """The reporting levels as the province set them (one small query, on the rules page)."""
    rules = [
        f"{rule.get_kind_display()} {rule.valid_from:%d/%m/%Y}–"
        f"{rule.valid_until.strftime('%d/%m/%Y') if rule.valid_until else '…'}: "
        f"{rule.activities_per_year if rule.activities_per_year is not None else '–'}"
        for rule in ReportingRule.objects.filter(must_report=True)
    ]
    return "; ".join(rules) or "–"


def _rule_values(levels: str = "…") -> dict:
    return {"levels": levels, "minutes": COUNTS_CACHE_SECONDS // 60}


def rules_paragraphs() -> list[str]:
    values = _rule_values(_levels_text())
    return [gettext(paragraph) % values for paragraph in INDICATOR_RULES]


__doc__ = "\n\n".join(paragraph % _rule_values() for paragraph in INDICATOR_RULES)


def report_day(year: int) -> datetime.date:
    """The day a year's figures are counted on: its last day, or today for the current year."""
    now = today()
    return now if year >= now.year else datetime.date(year, 12, 31)


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
    # The answer-based indicators: the share of listed members who answered (the rest are
    # unknown), and the share the province requires before the target may be met.
    coverage: Decimal | None = None
    coverage_needed: int | None = None

    @property
    def source_label(self) -> str:
        return str(SOURCE_LABELS[self.source])

    @property
    def short_of_answers(self) -> bool:
        """Too few members answered for the share to say anything: never "met"."""
        if self.coverage_needed is None:
            return False
        return self.coverage is None or self.coverage < self.coverage_needed


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
        quota = total["reporting_quota"]
        return Decimal(quota) if quota else None
    return None


def figures_for(
    unit: UnitOnDay, total: Counter, targets: dict[tuple[str, int], Decimal]
) -> list[Figure]:
    """The six indicators of a unit (its subtree totals), each against its target."""
    parts = {
        Indicator.SELLING_ONLINE: (
            total["selling"] + total["elsewhere_only"],
            total[f"stage_{FunnelStage.SPECIALTY}"],
        ),
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
        if spec.code == Indicator.ACTIVITIES and total["reporting_quota"]:
            met = bool(met) and not total["reporting_short"] if met is not None else None
            note = gettext("%(short)d of %(all)d reporting units below their target") % {
                "short": total["reporting_short"],
                "all": total["reporting_units"],
            }
        elif spec.code == Indicator.SELLING_ONLINE:
            note = selling_parts_note(total)
        elif spec.code == Indicator.COMMUNITY_TEAMS and total["community_reported"]:
            # Teams whose members are not recorded yet: their mentor's old tick is shown
            # apart and never counted as youth at the core.
            note = gettext(
                "%(reported)d more teams reported youth at the core without their members "
                "recorded (not evidenced, not counted)"
            ) % {"reported": total["community_reported"]}
        elif spec.code in (Indicator.PUBLIC_SERVICES, Indicator.EPAYMENT):
            coverage = _percent(denominator, total["members"])
            needed = unit.min_answer_coverage
            if coverage is None or coverage < needed:
                met = None  # not enough answers: neither met nor missed
            note = gettext(
                "%(coverage)s%% of %(members)d listed members answered (%(needed)d%% needed "
                "before the target can be met)"
            ) % {
                "coverage": "0" if coverage is None else f"{coverage:.1f}".replace(".", ","),
                "members": total["members"],
                "needed": needed,
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
                **(
                    {"coverage": coverage, "coverage_needed": needed}
                    if spec.code in (Indicator.PUBLIC_SERVICES, Indicator.EPAYMENT)
                    else {}
                ),
            )
        )
    return figures


def selling_parts(total: Counter) -> dict[str, int]:
    """The two parts of SELLING_ONLINE (each member once): on Chợ Phiên (a paid order), only
    elsewhere (a verified shop with a sale in the period, mentoring.selling.SALE_RULE), and
    the members with a shop elsewhere, verified of recorded."""
    elsewhere, only = total["selling_elsewhere"], total["elsewhere_only"]
    return {
        "here": total["selling"],
        "elsewhere": elsewhere,
        "elsewhere_only": only,
        "both": elsewhere - only,
        "verified": total["shop_verified"],
        "shops": total["shop_members"],
    }


def selling_parts_note(total: Counter) -> str:
    return gettext(
        "On Chợ Phiên: %(here)d · elsewhere, verified with a sale in the period: "
        "%(elsewhere)d (%(both)d of them also on Chợ Phiên, counted once) · members with "
        "a shop elsewhere: %(verified)d verified of %(shops)d recorded"
    ) % selling_parts(total)


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


@dataclasses.dataclass(frozen=True)
class MemberQuality:
    """The plan's fifth point: the members' annual evaluation of the report year, as their
    unions classified them (imported with the roster or entered per member)."""

    members: int
    evaluated: int
    share_evaluated: Decimal | None  # of all members
    grades: list[tuple[str, str, int, Decimal | None]]  # code, label, count, share of evaluated


def quality_for(total: Counter) -> MemberQuality:
    evaluated = sum(total[f"eval_{grade}"] for grade in Evaluation.values)
    return MemberQuality(
        members=total["members"],
        evaluated=evaluated,
        share_evaluated=_percent(evaluated, total["members"]),
        grades=[
            (
                grade.value,
                str(grade.label),
                total[f"eval_{grade}"],
                _percent(total[f"eval_{grade}"], evaluated),
            )
            for grade in Evaluation
        ],
    )


@dataclasses.dataclass
class UnitReport:
    unit: UnitOnDay
    members: int
    figures: list[Figure]
    quality: MemberQuality | None = None


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
    quality: MemberQuality | None = None


def _computed_stamp() -> str:
    """The funnel recompute the counts go with: its time and rules version."""
    computed = funnel.last_computed()
    stamp = computed["at"].isoformat() if computed else "never"
    return f"v{funnel.FUNNEL_RULES_VERSION}.{COUNTS_VERSION}:{stamp}"


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


def targets_of(
    *, tree: dict[int, UnitOnDay], unit_ids: list[int], year: int
) -> dict[tuple[str, int], Decimal]:
    """The targets set for `unit_ids` and `year` (one query), by (indicator, unit). A unit
    with none set for an indicator takes those of the closed units it carries: a count target
    (activities, core teams) is their sum, a share the highest of theirs. So a year that
    spans a merge keeps the merged units' targets; a target set on the unit itself wins."""
    owners = {unit_id: unit_id for unit_id in unit_ids}
    for unit_id in unit_ids:
        for predecessor in tree[unit_id].absorbed:
            owners.setdefault(predecessor, unit_id)
    own: dict[tuple[str, int], Decimal] = {}
    carried: dict[tuple[str, int], Decimal] = {}
    for indicator, org_unit_id, value in Target.objects.filter(
        year=year, org_unit_id__in=list(owners)
    ).values_list("indicator", "org_unit_id", "value"):
        key = (indicator, owners[org_unit_id])
        if org_unit_id == owners[org_unit_id]:
            own[key] = value
        elif SPECS[indicator].kind == COUNT:
            carried[key] = carried.get(key, Decimal(0)) + value
        else:
            carried[key] = max(carried.get(key, value), value)
    return carried | own


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
    targets = targets_of(tree=tree, unit_ids=shown, year=year)
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
                child,
                totals[child.id]["members"],
                figures_for(child, totals[child.id], targets),
                quality_for(totals[child.id]),
            )
            for child in children
        ],
        counted_at=counted_at,
        quality=quality_for(totals[unit_id]),
    )


def unit_figures_on(
    *, tree: dict[int, UnitOnDay], unit_id: int, year: int, day: datetime.date
) -> tuple[int, list[Figure]]:
    """The members and six indicators of one unit on `day` (counted now, for its subtree
    only, and not stored: the dashboard's stored counts stay those of its own report day),
    through the same unit_counts, subtree_totals and figures_for as dashboard_build, with
    the unit's targets for `year`. Used by the approved quarterly snapshots (kpi.py)."""
    scope = selectors.counted_ids(tree, selectors.subtree_ids(tree, [unit_id]))
    counts = unit_counts(day=day, year=year, unit_ids=scope)
    totals = subtree_totals(tree, unit_id, counts)
    targets = targets_of(tree=tree, unit_ids=[unit_id], year=year)
    return totals[unit_id]["members"], figures_for(tree[unit_id], totals[unit_id], targets)


def province_selling_online(*, year: int | None = None) -> Figure | None:
    """The province's headline figure (members with a specialty product selling online)
    for the public home page: the same stored counts as the dashboard, so the two agree.
    None when there is no single province unit or no member has a specialty product yet."""
    headline = province_selling_headline(year=year)
    return headline.figure if headline else None


@dataclasses.dataclass(frozen=True)
class SellingHeadline:
    """What the public may be told: the complete measure (Chợ Phiên and the verified shops
    elsewhere, each member once), its parts, and the day it was counted."""

    figure: Figure
    parts: dict[str, int]
    counted_on: datetime.date


def province_selling_headline(*, year: int | None = None) -> SellingHeadline | None:
    """province_selling_online with its parts and date; None as there."""
    tree = selectors.org_tree_on()
    provinces = [root for root in selectors.roots_of(tree) if root.kind == OrgUnit.Kind.PROVINCE]
    if len(provinces) != 1:
        return None
    year = year or today().year
    day = report_day(year)
    counts, counted_at = unit_counts_cached(day=day, year=year)
    unit_id = provinces[0].id
    totals = subtree_totals(tree, unit_id, counts)
    targets = targets_of(tree=tree, unit_ids=[unit_id], year=year)
    figures = figures_for(tree[unit_id], totals[unit_id], targets)
    figure = next(f for f in figures if f.code == Indicator.SELLING_ONLINE)
    if not figure.denominator:
        return None
    return SellingHeadline(
        figure=figure,
        parts=selling_parts(totals[unit_id]),
        counted_on=timezone.localdate(counted_at),
    )
