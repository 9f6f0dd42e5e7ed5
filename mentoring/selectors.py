"""Reads over the org-unit tree as it was on a given day, and who may see what.

The whole tree is read in two queries and walked in Python: a province has a few hundred units
and the country tens of thousands, so this stays cheap and keeps every count's query flat.
"""

import dataclasses
import datetime

from django.core.cache import cache
from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext

from mentoring.models import (
    Member,
    MemberTransfer,
    OrgUnit,
    OrgUnitRole,
    OrgUnitVersion,
    ReportingRule,
)

# Provincial staff: see every unit and member (given through a permission, not a unit role).
SEE_EVERYTHING_PERMISSION = "mentoring.view_all_units"


DEFAULT_ANSWER_COVERAGE = 60  # ReportingRule.min_answer_coverage's default


@dataclasses.dataclass(slots=True)  # ten thousand of them per page at national size
class UnitOnDay:
    id: int
    code: str
    kind: str  # its kind on the day (OrgUnitVersion.kind, else the unit's)
    name: str
    parent_id: int | None
    children: list = dataclasses.field(default_factory=list)
    depth: int = 0  # set by units_in_tree_order
    # The reporting level in force on the day for its kind (mentoring.models.ReportingRule).
    must_report: bool = False
    activities_per_year: int | None = None
    # Units closed by the day whose successor (followed to a unit open that day) it is: their
    # records are counted here, so a year that spans a merge keeps its figures.
    absorbed: list = dataclasses.field(default_factory=list)
    # The share of listed members who must have answered before a target on their answers
    # may be called met (ReportingRule.min_answer_coverage; the default when no rule).
    min_answer_coverage: int = DEFAULT_ANSWER_COVERAGE


def today() -> datetime.date:
    return timezone.localdate()


# The reporting rules are a handful of rows read by every tree: kept in the cache (shared by
# the workers: Redis in production) until one is saved or deleted (mentoring.apps), and for
# at most this long besides. Read per row in the tree's query, as two scalar subqueries,
# they doubled its time at national size (bench/org_tree.py).
RULES_CACHE_KEY = "mentoring:reporting-rules:2"  # 2: with min_answer_coverage
RULES_CACHE_SECONDS = 10 * 60


def reporting_rules() -> list[tuple]:
    """(kind, valid_from, valid_until, must_report, activities_per_year, min_answer_coverage)
    of every rule."""
    rules = cache.get(RULES_CACHE_KEY)
    if rules is None:
        rules = list(
            ReportingRule.objects.order_by("valid_from").values_list(
                "kind",
                "valid_from",
                "valid_until",
                "must_report",
                "activities_per_year",
                "min_answer_coverage",
            )
        )
        cache.set(RULES_CACHE_KEY, rules, RULES_CACHE_SECONDS)
    return rules


def reporting_rules_forget(**_kwargs) -> None:
    cache.delete(RULES_CACHE_KEY)


def reporting_rules_on(day: datetime.date) -> dict[str, tuple[bool, int | None]]:
    """Per kind of unit, (must report, activities a year) on `day`."""
    return {
        kind: (must_report, activities)
        for kind, valid_from, valid_until, must_report, activities, *_rest in reporting_rules()
        if valid_from <= day and (valid_until is None or day <= valid_until)
    }


def answer_coverage_on(day: datetime.date) -> dict[str, int]:
    """Per kind of unit, the answer coverage its targets need on `day` (from the cache)."""
    return {
        kind: coverage
        for kind, valid_from, valid_until, _report, _activities, coverage in reporting_rules()
        if valid_from <= day and (valid_until is None or day <= valid_until)
    }


def org_tree_on(day: datetime.date | None = None) -> dict[int, UnitOnDay]:
    """Every unit open on `day`, with its name, parent and kind as they were that day, the
    reporting rule of that kind on that day, and the closed units whose records it carries.

    One query of plain rows (each unit's versions up to that day), and the rules from the
    cache: at national size (ten thousand units) building model instances, and sending every
    open unit's id back as an IN list, took most of a dashboard page's 400 ms. Closed units
    come in the same rows (their successor), so counting across a merge costs no query."""
    day = day or today()
    rules = reporting_rules_on(day)
    coverage = answer_coverage_on(day)
    versions = (
        OrgUnitVersion.objects.filter(valid_from__lte=day, unit__opened_on__lte=day)
        .order_by("unit_id", "valid_from")
        .values_list(
            "unit_id",
            "unit__code",
            "kind",
            "unit__kind",
            "name",
            "parent_id",
            "unit__closed_on",
            "unit__successor_id",
        )
    )
    tree: dict[int, UnitOnDay] = {}
    successors: dict[int, int | None] = {}
    no_rule = (False, None)
    for row in versions:  # the last one of each unit wins
        unit_id, code, kind_then, kind, name, parent_id, closed_on, successor_id = row
        if closed_on is not None and closed_on <= day:
            successors[unit_id] = successor_id
            continue
        kind = kind_then or kind
        must_report, activities = rules.get(kind, no_rule)
        tree[unit_id] = UnitOnDay(
            unit_id,
            code,
            kind,
            name,
            parent_id,
            [],
            0,
            must_report,
            activities,
            min_answer_coverage=coverage.get(kind, DEFAULT_ANSWER_COVERAGE),
        )
    for node in tree.values():
        if node.parent_id in tree:
            tree[node.parent_id].children.append(node)
    for unit_id in successors:
        heir, seen = successors[unit_id], {unit_id}
        while heir in successors and heir not in seen:  # a successor closed in turn
            seen.add(heir)
            heir = successors[heir]
        if heir in tree:
            tree[heir].absorbed.append(unit_id)
    return tree


def counted_ids(tree: dict[int, UnitOnDay], unit_ids) -> set[int]:
    """`unit_ids` with the closed units they carry: the units whose records a count over
    them reads (a year spanning a merge counts the merged units' activities and teams)."""
    ids = set(unit_ids)
    for unit_id in unit_ids:
        if unit_id in tree:
            ids.update(tree[unit_id].absorbed)
    return ids


def subtree_ids(tree: dict[int, UnitOnDay], root_ids) -> set[int]:
    """The units under (and including) the roots, in that day's tree."""
    seen: set[int] = set()
    stack = [root for root in root_ids if root in tree]
    while stack:
        node = tree[stack.pop()]
        if node.id in seen:
            continue
        seen.add(node.id)
        stack.extend(child.id for child in node.children)
    return seen


def predecessor_ids(unit_ids) -> set[int]:
    """The closed units whose successors (and theirs, and so on) are among `unit_ids`: whose
    approved reports and history the successors carry (mentoring.restructure)."""
    found: set[int] = set()
    frontier = set(unit_ids)
    while frontier:
        frontier = set(
            OrgUnit.objects.filter(successor_id__in=frontier)
            .exclude(pk__in=found)
            .values_list("pk", flat=True)
        )
        found |= frontier
    return found


def roots_of(tree: dict[int, UnitOnDay]) -> list[UnitOnDay]:
    return [node for node in tree.values() if node.parent_id not in tree]


def members_with_unit_on(day: datetime.date, queryset: QuerySet | None = None) -> QuerySet:
    """Members annotated with `unit_on_day`: the unit they belonged to on `day` (a transfer
    after that day says where they were before it)."""
    queryset = Member.objects.all() if queryset is None else queryset
    earlier_unit = (
        MemberTransfer.objects.filter(member=OuterRef("pk"), on__gt=day)
        .order_by("on")
        .values("from_unit")[:1]
    )
    return queryset.annotate(
        unit_on_day=Coalesce(Subquery(earlier_unit), "org_unit", output_field=IntegerField())
    )


def members_in_units_on(unit_ids, day: datetime.date, queryset: QuerySet | None = None):
    return members_with_unit_on(day, queryset).filter(unit_on_day__in=list(unit_ids))


def can_see_everything(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm(SEE_EVERYTHING_PERMISSION))


def visible_unit_ids(user, *, tree: dict[int, UnitOnDay] | None = None) -> set[int] | None:
    """The units a person may see today (their roles' subtrees); None means every unit."""
    if not user.is_authenticated:
        return set()
    if can_see_everything(user):
        return None
    tree = tree if tree is not None else org_tree_on()
    roots = OrgUnitRole.objects.filter(user=user).values_list("org_unit_id", flat=True)
    return subtree_ids(tree, roots)


def members_visible_to(user) -> QuerySet:
    """The members a person may see and edit: those now in their units' subtrees."""
    unit_ids = visible_unit_ids(user)
    if unit_ids is None:
        return Member.objects.all()
    return Member.objects.filter(org_unit_id__in=unit_ids)


def org_units_visible_to(user) -> QuerySet:
    unit_ids = visible_unit_ids(user)
    if unit_ids is None:
        return OrgUnit.objects.all()
    return OrgUnit.objects.filter(pk__in=unit_ids)


# --- Scoped reads for the admin screens (mentoring.admin): the same rule everywhere ---


def is_mentor(user) -> bool:
    """Someone with a role on at least one unit (a mentor or a unit manager)."""
    return user.is_authenticated and OrgUnitRole.objects.filter(user=user).exists()


def _in_visible_units(queryset: QuerySet, user, field: str = "org_unit_id") -> QuerySet:
    unit_ids = visible_unit_ids(user)
    if unit_ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": unit_ids})


def trainings_visible_to(user) -> QuerySet:
    """Training sessions held by a unit of the person's subtree (staff: all)."""
    from mentoring.models import TrainingSession

    return _in_visible_units(TrainingSession.objects.all(), user)


def activities_visible_to(user) -> QuerySet:
    from mentoring.models import Activity

    return _in_visible_units(Activity.objects.all(), user)


def teams_visible_to(user) -> QuerySet:
    """Teams of the person's units and of the closed units those carry: a restructure leaves
    a team formed before it on the closed unit (mentoring.restructure._teams_hand_on), and
    the successor's mentors manage it from then on."""
    from mentoring.models import Team

    unit_ids = visible_unit_ids(user)
    if unit_ids is None:
        return Team.objects.all()
    return Team.objects.filter(org_unit_id__in=unit_ids | predecessor_ids(unit_ids))


def unit_name_subquery(field: str = "org_unit", day: datetime.date | None = None) -> Subquery:
    """The unit's name on `day`, for annotating a listing without one query per row
    (OrgUnit.__str__ reads its versions: one query each)."""
    return Subquery(
        OrgUnitVersion.objects.filter(unit=OuterRef(field), valid_from__lte=day or today())
        .order_by("-valid_from")
        .values("name")[:1]
    )


def units_in_tree_order(unit_ids=None, *, day: datetime.date | None = None) -> list[UnitOnDay]:
    """Units depth-first from the roots (children by name), each with its `depth`, for choice
    lists that read like the tree. `unit_ids` None means every unit open on `day`."""
    tree = org_tree_on(day)
    ordered: list[UnitOnDay] = []

    def walk(node: UnitOnDay, depth: int) -> None:
        node.depth = depth
        if unit_ids is None or node.id in unit_ids:
            ordered.append(node)
        for child in sorted(node.children, key=lambda child: child.name):
            walk(child, depth + 1)

    for root in sorted(roots_of(tree), key=lambda node: node.name):
        walk(root, 0)
    return ordered


def member_accounts(member) -> QuerySet:
    """The sign-in accounts that are the member's own: those the member linked themselves
    (MemberAccount, see mentoring.accounts). Never found by the phone or the producer on the
    roster, which the mentor types; never a staff account."""
    from accounts.models import User

    return User.objects.filter(
        member_account__member=member, is_staff=False, is_superuser=False
    ).order_by("pk")


def producers_choosable_by(user) -> QuerySet:
    """The producers a person may name as a member's producer on the roster: those run by an
    account that a member of the person's units linked themselves (staff: any). A mentor who
    could pick any producer could make a member of theirs look like another district's
    seller in the funnel."""
    from producers.models import Producer

    producers = Producer.objects.real()
    unit_ids = visible_unit_ids(user)
    if unit_ids is None:
        return producers
    owned = Producer.objects.filter(
        partner__users__member_account__member__org_unit_id__in=unit_ids
    )
    return producers.filter(pk__in=owned.values("pk"))


# --- The audit trail: which log entries a person may read ---


def _log_scopes(user) -> dict:
    """Per mentoring model, the records a person may see, so the entries about them too.
    A mentoring model missing here has its entries shown to no one but provincial staff."""
    from mentoring.models import (
        Activity,
        Attendance,
        KpiSnapshot,
        PracticeSession,
        RosterImport,
        Target,
        Team,
        TrainingSession,
    )

    unit_ids = visible_unit_ids(user)
    trainings = TrainingSession.objects.filter(org_unit_id__in=unit_ids)
    return {
        Member: Member.objects.filter(org_unit_id__in=unit_ids),
        OrgUnit: OrgUnit.objects.filter(pk__in=unit_ids),
        TrainingSession: trainings,
        Attendance: Attendance.objects.filter(session__in=trainings),
        PracticeSession: PracticeSession.objects.filter(training__in=trainings),
        Activity: Activity.objects.filter(org_unit_id__in=unit_ids),
        Team: teams_visible_to(user),  # with the teams their units carry after a merge
        Target: Target.objects.filter(org_unit_id__in=unit_ids),
        KpiSnapshot: KpiSnapshot.objects.filter(org_unit_id__in=unit_ids),
        RosterImport: RosterImport.objects.filter(created_by=user),  # a file of one's own
    }


def model_log_entries_visible_to(user, entries: QuerySet) -> QuerySet:
    """`entries` (Wagtail's ModelLogEntry) without those about mentoring records outside the
    person's units. Wagtail lets anyone with a permission on a model read every entry of it,
    whatever the unit: the site history showed a mentor other districts' training titles,
    the trainees' accounts who acted and the mentors' names. Provincial staff: all."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField
    from django.db.models.functions import Cast

    if can_see_everything(user):
        return entries
    if not user.is_authenticated:
        return entries.none()
    mentoring_types = ContentType.objects.get_for_models(
        *apps.get_app_config("mentoring").get_models()
    )
    allowed = Q(pk__in=[])
    for model, records in _log_scopes(user).items():
        pks = records.annotate(pk_text=Cast("pk", CharField())).values("pk_text")
        allowed |= Q(content_type=mentoring_types[model], object_id__in=pks)
    others = ~Q(content_type__in=[ct.pk for ct in mentoring_types.values()])
    return entries.filter(others | allowed)


def member_data_bases_of(user) -> list[dict]:
    """The lawful bases unions recorded for the member records linked to this account
    (MemberAccount), as rows of legal.selectors.consents_of (CHOPHIEN_CONSENT_PROVIDERS)."""
    from mentoring.models import MemberDataBasis

    if not getattr(user, "is_authenticated", False):
        return []
    bases = MemberDataBasis.objects.filter(member__accounts__user=user).select_related(
        "org_unit", "recorded_by", "privacy_version"
    )
    return [
        {
            "kind": "member_data",
            "purpose": gettext("Member data processing by the union"),
            "document": "privacy" if basis.privacy_version_id else "",
            "version": basis.privacy_version.number if basis.privacy_version_id else None,
            "granted": True,
            "at": basis.recorded_at.isoformat(),
            "where": str(basis.org_unit),
            "basis": basis.get_basis_display(),
            "recorded_by": basis.recorded_by.get_full_name() if basis.recorded_by_id else "",
        }
        for basis in bases
    ]
