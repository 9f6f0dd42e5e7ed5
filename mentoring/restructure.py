"""Restructuring the union's tree from a chosen date: merge units into one, split one into
several, close one, or move members in bulk from a mapping file (old unit → new unit).

Every change is dated (`on`, in the past or the future) and hands on everything that belongs to
the unit that closes, so nothing is left on a unit that no longer exists:

- members: a dated transfer each (MemberTransfer), so a report for an earlier day still counts
  them where they were;
- child units: a new version with the successor as parent from `on`;
- mentors' and managers' roles: see `_role_heirs` (a mentor keeps the members they had);
- trainings and activities held from `on`: to the successor (those held before stay where they
  happened; reports read across the change, mentoring.reporting);
- teams: those formed before `on` stay on the closing unit and are counted, seen and managed
  under its successor (see `_teams_hand_on`); those formed from `on` go to the successor;
- targets of the years that start on or after `on`;
- indicator reports (of any period) not yet approved: to the successor as drafts, to be
  counted again there; approved ones stay frozen on the unit that made them and are listed
  with the successor's (mentoring.reporting.kpi.snapshots_visible_to).

Each function checks everything first and raises one ValidationError naming every problem, so
nothing is written when anything is wrong; each runs in one transaction. `preview()` runs a
change and rolls it back, which gives the admin screens their dry run with the same code that
commits. Every change is logged on each unit it touched (Wagtail's audit trail,
"mentoring.restructure"), with what moved.
"""

import dataclasses
import datetime
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mentoring import selectors
from mentoring.models import (
    Activity,
    KpiSnapshot,
    Member,
    OrgUnit,
    OrgUnitRole,
    OrgUnitVersion,
    Target,
    Team,
    TrainingSession,
)

ACTION = "mentoring.restructure"


@dataclasses.dataclass
class HandOver:
    """What one closing unit handed on (for the preview and the audit trail)."""

    unit: int
    unit_name: str
    into: int | None
    into_name: str
    on: datetime.date
    members: int = 0
    child_units: list[str] = dataclasses.field(default_factory=list)
    roles: list[str] = dataclasses.field(default_factory=list)
    trainings: int = 0
    activities: int = 0
    teams: int = 0
    # Teams formed before the change, left on the closed unit and carried by the successor.
    teams_carried: int = 0
    targets: int = 0
    reports_moved: int = 0
    # Open reports left where they are: the successor has its own for that period.
    reports_left: int = 0
    reports_approved: int = 0
    # Split: where the members went, by unit name.
    members_to: dict[str, int] = dataclasses.field(default_factory=dict)
    # The open reports moved, as they were (their figures are counted again by the successor;
    # the audit trail keeps what had been submitted).
    reports: list[dict] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Result:
    kind: str  # "merge", "split", "close", "move"
    on: datetime.date
    hand_overs: list[HandOver] = dataclasses.field(default_factory=list)
    # Bulk moves without closing: {old unit name: (new unit name, members moved)}
    moves: list[dict] = dataclasses.field(default_factory=list)

    def as_data(self) -> dict:
        return {
            "kind": self.kind,
            "on": self.on.isoformat(),
            "hand_overs": [
                {**dataclasses.asdict(h), "on": h.on.isoformat()} for h in self.hand_overs
            ],
            "moves": self.moves,
        }


class _DryRun(Exception):
    def __init__(self, result):
        self.result = result


def preview(change: Callable[..., Result], **kwargs) -> Result:
    """Run `change` and roll everything back: what it would do, counted by the same code."""
    try:
        with transaction.atomic():
            raise _DryRun(change(**kwargs))
    except _DryRun as done:
        return done.result


def _name(unit: OrgUnit, day: datetime.date) -> str:
    version = unit.versions.filter(valid_from__lte=day).order_by("-valid_from").first()
    version = version or unit.versions.order_by("valid_from").first()
    return version.name if version else unit.code


def _check_closable(unit: OrgUnit, on: datetime.date) -> list[str]:
    problems = []
    if unit.closed_on is not None:
        problems.append(
            _("%(unit)s is already closed (from %(day)s).")
            % {"unit": _name(unit, unit.closed_on), "day": unit.closed_on.strftime("%d/%m/%Y")}
        )
    elif on <= unit.opened_on:
        problems.append(
            _("%(unit)s opened on %(opened)s: it cannot close on %(day)s.")
            % {
                "unit": _name(unit, on),
                "opened": unit.opened_on.strftime("%d/%m/%Y"),
                "day": on.strftime("%d/%m/%Y"),
            }
        )
    return problems


def _check_receiving(unit: OrgUnit, on: datetime.date) -> list[str]:
    if unit.is_open_on(on):
        return []
    return [
        _("%(unit)s is not open on %(day)s: it cannot take over another unit.")
        % {"unit": _name(unit, on), "day": on.strftime("%d/%m/%Y")}
    ]


def _eve(on: datetime.date) -> datetime.date:
    return on - datetime.timedelta(days=1)


def _check_not_below(unit: OrgUnit, into: OrgUnit, on: datetime.date) -> list[str]:
    """`into` must not be one of the closing unit's own units: its children would be put
    under one of themselves."""
    tree = selectors.org_tree_on(_eve(on))
    if into.pk in selectors.subtree_ids(tree, [unit.pk]) - {unit.pk}:
        return [
            _("%(into)s is one of %(unit)s's own units: it cannot take it over.")
            % {"into": _name(into, on), "unit": _name(unit, on)}
        ]
    return []


def _refuse(problems: list[str]) -> None:
    if problems:
        raise ValidationError(problems)


def _children_on(unit: OrgUnit, day: datetime.date) -> list[OrgUnit]:
    """The units whose version in force on `day` has `unit` as parent, open on `day`."""
    children = []
    for child in OrgUnit.objects.filter(versions__parent=unit).distinct().order_by("code"):
        version = child.versions.filter(valid_from__lte=day).order_by("-valid_from").first()
        if version is not None and version.parent_id == unit.pk and child.is_open_on(day):
            children.append(child)
    return children


def _role_heirs(unit: OrgUnit, successors: list[OrgUnit], on: datetime.date, handed_children):
    """Where the roles on a closing unit go, so that its mentors keep the members they had.

    A unit taken over by a peer (two communes' unions merged, a union split in two): the
    roles go to the successors, whose subtrees now hold those members. A unit folded into a
    unit above it (one of its ancestors, or a unit of a higher kind: a district union closed
    into the province): a role on the province would show its mentor the whole province, so
    the roles go instead to the units that were under the closed one and now sit under the
    province (the city union's mentor keeps its ward and commune unions, and so its members).
    The role on the closed unit stays too: it still covers the days before `on` (and, for a
    date to come, the time until then)."""
    tree = selectors.org_tree_on(_eve(on))
    ancestors = set()
    node = tree.get(unit.pk)
    while node is not None and node.parent_id in tree and node.parent_id not in ancestors:
        ancestors.add(node.parent_id)
        node = tree[node.parent_id]
    heirs = []
    for successor in successors:
        if successor.pk in ancestors or _RANK[successor.kind] < _RANK[unit.kind]:
            heirs.extend(handed_children.get(successor.pk, []))
        else:
            heirs.append(successor)
    return heirs


_RANK = {
    OrgUnit.Kind.PROVINCE: 0,
    OrgUnit.Kind.DISTRICT: 1,
    OrgUnit.Kind.DIRECT: 1,
    OrgUnit.Kind.GRASSROOTS: 2,
    OrgUnit.Kind.BRANCH: 3,
}


def _roles_hand_on(unit: OrgUnit, heirs: list[OrgUnit], hand_over: HandOver) -> None:
    for role in OrgUnitRole.objects.filter(org_unit=unit).select_related("user"):
        for heir in heirs:
            _new, created = OrgUnitRole.objects.get_or_create(
                user=role.user, org_unit=heir, defaults={"role": role.role}
            )
            if created:
                hand_over.roles.append(f"{role.user.email} → {_name(heir, hand_over.on)}")


def _reports_hand_on(unit: OrgUnit, into: OrgUnit, hand_over: HandOver) -> None:
    """Open reports become the successor's drafts (counted again over its units when it
    submits); approved ones stay frozen where they were made."""
    reports = KpiSnapshot.objects.select_for_update().filter(org_unit=unit)
    for report in reports:
        if report.status == KpiSnapshot.Status.APPROVED:
            hand_over.reports_approved += 1
            continue
        taken = KpiSnapshot.objects.filter(
            org_unit=into, period=report.period, year=report.year, number=report.number
        ).exists()
        if taken:
            hand_over.reports_left += 1
            continue
        hand_over.reports.append(
            {
                "id": report.pk,
                "year": report.year,
                "period": report.period,
                "number": report.number,
                "status": report.status,
                "members": report.members,
                "figures": report.figures,
            }
        )
        report.org_unit = into
        report.status = KpiSnapshot.Status.DRAFT
        report.figures, report.record_ids, report.previous = [], {}, {}
        report.rules_version = report.counted_at = None
        report.submitted_by = report.submitted_at = None
        report.decided_by = report.decided_at = None
        report.save()
        hand_over.reports_moved += 1


def _targets_hand_on(unit: OrgUnit, into: OrgUnit, on: datetime.date, hand_over) -> None:
    first_year = on.year if (on.month, on.day) == (1, 1) else on.year + 1
    for target in Target.objects.filter(org_unit=unit, year__gte=first_year):
        if Target.objects.filter(
            org_unit=into, indicator=target.indicator, year=target.year
        ).exists():
            continue  # the successor's own target for that year stands; this one is history
        target.org_unit = into
        target.save(update_fields=["org_unit"])
        hand_over.targets += 1


def _teams_hand_on(unit: OrgUnit, into: OrgUnit, on: datetime.date, hand_over) -> None:
    """A team's unit is not dated (a team is, by founded_on / dissolved_on): moving a team
    formed before `on` would move it in every report of the days before too (the 2024
    figures, the approved quarter of a district union). So it stays where it was formed and
    the successor carries it, as it carries the closed unit's earlier activities: the tree of
    a day counts a closed unit's records under its successor (selectors.org_tree_on's
    `absorbed`), the successor's mentors see and manage it (selectors.teams_visible_to) and
    its edit form keeps its unit (mentoring.admin.scoping). Dissolving it and founding a copy
    would keep both true too, but would say a team ended that did not and count one team
    twice in every list of teams. Teams formed from `on` have no past to rewrite: they go to
    the successor."""
    hand_over.teams = Team.objects.filter(org_unit=unit, founded_on__gte=on).update(org_unit=into)
    hand_over.teams_carried = (
        Team.objects.filter(org_unit=unit).exclude(dissolved_on__lte=on).count()
    )


def _close(
    *,
    unit: OrgUnit,
    on: datetime.date,
    primary: OrgUnit | None,
    successors: list[OrgUnit],
    member_to: Callable[[Member], OrgUnit] | None = None,
    child_to: Callable[[OrgUnit], OrgUnit] | None = None,
) -> HandOver:
    """Close `unit` from `on`, handing everything on (see the module docstring). Checked by
    the caller."""
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    _refuse(_check_closable(unit, on))  # closed meanwhile, by another request
    hand_over = HandOver(
        unit=unit.pk,
        unit_name=_name(unit, _eve(on)),
        into=primary.pk if primary else None,
        into_name=_name(primary, on) if primary else "",
        on=on,
    )
    if primary is not None:
        moved: dict[OrgUnit, list[int]] = {}
        for member in Member.objects.filter(org_unit=unit).only("pk").order_by("pk"):
            moved.setdefault(member_to(member) if member_to else primary, []).append(member.pk)
        for to, member_ids in moved.items():
            _members_transfer(member_ids=member_ids, from_unit=unit, to_unit=to, on=on)
            hand_over.members += len(member_ids)
            hand_over.members_to[_name(to, on)] = len(member_ids)
        handed: dict[int, list[OrgUnit]] = {}
        for child in _children_on(unit, _eve(on)):
            if not child.is_open_on(on):
                continue  # closing the same day, by this restructure
            parent = child_to(child) if child_to else primary
            _reparent(child=child, parent=parent, on=on)
            handed.setdefault(parent.pk, []).append(child)
            hand_over.child_units.append(_name(child, on))
        # Versions already planned after `on` under the closing unit follow it too.
        OrgUnitVersion.objects.filter(parent=unit, valid_from__gt=on).update(parent=primary)
        _roles_hand_on(unit, _role_heirs(unit, successors, on, handed), hand_over)
        hand_over.trainings = TrainingSession.objects.filter(org_unit=unit, held_on__gte=on).update(
            org_unit=primary
        )
        hand_over.activities = Activity.objects.filter(org_unit=unit, held_on__gte=on).update(
            org_unit=primary
        )
        _teams_hand_on(unit, primary, on, hand_over)
        _targets_hand_on(unit, primary, on, hand_over)
        _reports_hand_on(unit, primary, hand_over)
    unit.closed_on, unit.successor = on, primary
    unit.full_clean()
    unit.save(update_fields=["closed_on", "successor"])
    return hand_over


def _members_transfer(*, member_ids: list[int], from_unit, to_unit, on) -> None:
    """mentoring.services.member_transfer for a whole unit at once (one dated transfer each):
    a province's restructure moves tens of thousands of members. The members are locked as
    member_transfer locks them."""
    from django.utils import timezone

    from mentoring.models import MemberTransfer

    for start in range(0, len(member_ids), 2000):
        batch = list(
            Member.objects.select_for_update()
            .filter(pk__in=member_ids[start : start + 2000], org_unit=from_unit)
            .values_list("pk", flat=True)
        )
        MemberTransfer.objects.bulk_create(
            [
                MemberTransfer(member_id=pk, from_unit=from_unit, to_unit=to_unit, on=on)
                for pk in batch
            ]
        )
        Member.objects.filter(pk__in=batch).update(org_unit=to_unit, updated_at=timezone.now())


def _reparent(*, child: OrgUnit, parent: OrgUnit, on: datetime.date) -> None:
    """mentoring.services.org_unit_change(parent=…) for a unit handed on (its name kept); the
    callers have already refused a successor under the closing unit, so no loop can form."""
    current = child.versions.filter(valid_from__lte=on).order_by("-valid_from").first()
    OrgUnitVersion.objects.update_or_create(
        unit=child, valid_from=on, defaults={"name": current.name, "parent": parent}
    )


def _log(result: Result, units: list[OrgUnit], by) -> None:
    from wagtail.log_actions import log

    data = result.as_data()
    for unit in {unit.pk: unit for unit in units}.values():
        log(instance=unit, action=ACTION, user=by, data=data)


# --- Merge ---


@transaction.atomic
def units_merge(
    *, units: list[OrgUnit], into: OrgUnit, on: datetime.date, by=None, kind: str = "merge"
) -> Result:
    """Close `units` from `on`, everything of theirs handed on to `into`."""
    units = [unit for unit in units if unit.pk != into.pk]
    problems = _check_receiving(into, on)
    seen = set()
    for unit in units:
        if unit.pk in seen:
            problems.append(_("%(unit)s is named twice.") % {"unit": _name(unit, on)})
        seen.add(unit.pk)
        problems += _check_closable(unit, on) or _check_not_below(unit, into, on)
    _refuse(problems)
    result = Result(kind, on)
    for unit in units:
        result.hand_overs.append(_close(unit=unit, on=on, primary=into, successors=[into]))
    _log(result, [*units, into], by)
    return result


# --- Split ---


@transaction.atomic
def unit_split(
    *,
    unit: OrgUnit,
    into: list[OrgUnit],
    on: datetime.date,
    primary: OrgUnit | None = None,
    members: dict[int, OrgUnit] | None = None,
    child_units: dict[int, OrgUnit] | None = None,
    by=None,
) -> Result:
    """Close `unit` from `on`, shared between the units `into`: members and child units as
    `members` / `child_units` say (by id), the rest to `primary` (the first of `into` if not
    given), which also takes its teams, trainings and activities to come, targets and open
    reports. The closed unit's mentors get a role on every successor: their members are now
    spread over them."""
    into = list({part.pk: part for part in into}.values())
    primary = primary or (into[0] if into else None)
    problems = _check_closable(unit, on)
    if len(into) < 2:
        problems.append(_("A split needs at least two units to share the unit out."))
    if primary is not None and primary.pk not in {part.pk for part in into}:
        problems.append(_("The main successor must be one of the units sharing it out."))
    for part in into:
        if part.pk == unit.pk:
            problems.append(_("A unit cannot be split into itself."))
        problems += _check_receiving(part, on)
        if not problems:
            problems += _check_not_below(unit, part, on)
    parts = {part.pk: part for part in into}
    for mapping in (members or {}, child_units or {}):
        for target in mapping.values():
            if target.pk not in parts:
                problems.append(
                    _("%(unit)s is not one of the units sharing it out.")
                    % {"unit": _name(target, on)}
                )
    _refuse(problems)
    members, child_units = members or {}, child_units or {}
    result = Result("split", on)
    result.hand_overs.append(
        _close(
            unit=unit,
            on=on,
            primary=primary,
            successors=into,
            member_to=lambda member: members.get(member.pk, primary),
            child_to=lambda child: child_units.get(child.pk, primary),
        )
    )
    _log(result, [unit, *into], by)
    return result


# --- Close ---


@transaction.atomic
def unit_close(
    *, unit: OrgUnit, on: datetime.date, successor: OrgUnit | None = None, by=None
) -> Result:
    """Close `unit` from `on`. With a successor, a merge of one; without, only a unit with
    nothing left to hand on: no members, no open units under it, no teams, no trainings or
    activities from `on`, no open report."""
    if successor is not None:
        return units_merge(units=[unit], into=successor, on=on, by=by, kind="close")
    problems = _check_closable(unit, on)
    name = _name(unit, on)
    left = {
        _("members"): Member.objects.filter(org_unit=unit).count(),
        _("units under it"): len([c for c in _children_on(unit, _eve(on)) if c.is_open_on(on)]),
        _("teams"): Team.objects.filter(org_unit=unit).exclude(dissolved_on__lte=on).count(),
        _("trainings from that date"): TrainingSession.objects.filter(
            org_unit=unit, held_on__gte=on
        ).count(),
        _("activities from that date"): Activity.objects.filter(
            org_unit=unit, held_on__gte=on
        ).count(),
        _("open indicator reports"): KpiSnapshot.objects.filter(org_unit=unit)
        .exclude(status=KpiSnapshot.Status.APPROVED)
        .count(),
    }
    for what, count in left.items():
        if count:
            problems.append(
                _("%(unit)s still has %(count)d %(what)s: choose a unit to take them over.")
                % {"unit": name, "count": count, "what": what}
            )
    _refuse(problems)
    result = Result("close", on)
    result.hand_overs.append(_close(unit=unit, on=on, primary=None, successors=[]))
    _log(result, [unit], by)
    return result


# --- A mapping file: old unit → new unit ---


@dataclasses.dataclass
class MappingRow:
    row: int  # the row number in the file
    old: str  # unit codes as typed
    new: str


def mapping_plan(rows: list[MappingRow], *, on: datetime.date, close: bool):
    """The units of each row, or a ValidationError naming every row that is wrong: a unit
    that does not exist, a unit named twice as an old unit, a cycle (A → B → A), a date
    before a unit existed or after it closed."""
    codes = {code.strip() for row in rows for code in (row.old, row.new)}
    units = {unit.code: unit for unit in OrgUnit.objects.filter(code__in=codes)}
    problems: list[str] = []
    if not rows:
        problems.append(_("The file has no rows."))
    first_row: dict[str, int] = {}
    pairs: dict[str, tuple[int, str]] = {}
    for row in rows:
        old, new = row.old.strip(), row.new.strip()
        where = _("Row %(row)d") % {"row": row.row}
        for code in (old, new):
            if not code:
                problems.append(where + ": " + _("a unit code is missing."))
            elif code not in units:
                problems.append(
                    where + ": " + _("no unit has the code “%(code)s”.") % {"code": code}
                )
        if old and old == new:
            problems.append(where + ": " + _("the old and the new unit are the same."))
        if old in first_row:
            problems.append(
                where
                + ": "
                + _("“%(code)s” is already named on row %(first)d.")
                % {"code": old, "first": first_row[old]}
            )
        first_row.setdefault(old, row.row)
        pairs.setdefault(old, (row.row, new))
        if old in units and new in units and old != new:
            old_unit, new_unit = units[old], units[new]
            if on < old_unit.opened_on or (close and on == old_unit.opened_on):
                problems.append(
                    where
                    + ": "
                    + _("“%(code)s” opened on %(opened)s, after %(day)s.")
                    % {
                        "code": old,
                        "opened": old_unit.opened_on.strftime("%d/%m/%Y"),
                        "day": on.strftime("%d/%m/%Y"),
                    }
                )
            elif old_unit.closed_on is not None and old_unit.closed_on <= on:
                problems.append(where + ": " + _("“%(code)s” is already closed.") % {"code": old})
            if not new_unit.is_open_on(on):
                problems.append(
                    where
                    + ": "
                    + _("“%(code)s” is not open on %(day)s.")
                    % {"code": new, "day": on.strftime("%d/%m/%Y")}
                )
    # A cycle: following old → new from a row comes back to it.
    reported: set[str] = set()
    for start in pairs:
        path, code = [], start
        while code in pairs and code not in path:
            path.append(code)
            code = pairs[code][1]
        if code == start and not reported & set(path):
            reported |= set(path)
            rows_in_cycle = ", ".join(str(pairs[c][0]) for c in path)
            problems.append(
                _("Rows %(rows)s go round in a circle (%(codes)s): no unit would be left.")
                % {"rows": rows_in_cycle, "codes": " → ".join([*path, start])}
            )
    if problems:
        raise ValidationError(problems)

    def final(code: str) -> str:  # A → B and B → C: A's members end in C
        seen = set()
        while code in pairs and code not in seen:
            seen.add(code)
            code = pairs[code][1]
        return code

    return [(units[old], units[final(old)]) for old in pairs]


@transaction.atomic
def mapping_apply(*, rows: list[MappingRow], on: datetime.date, close: bool, by=None) -> Result:
    """Apply a mapping file, all or nothing. With `close`, each old unit merges into its new
    one (as units_merge); without, only its members move there, dated `on`."""
    plan = mapping_plan(rows, on=on, close=close)
    if close:
        problems = []
        for old, new in plan:
            problems += _check_closable(old, on) or _check_not_below(old, new, on)
        _refuse(problems)
        result = Result("merge", on)
        for old, new in plan:
            result.hand_overs.append(_close(unit=old, on=on, primary=new, successors=[new]))
    else:
        result = Result("move", on)
        for old, new in plan:
            member_ids = list(Member.objects.filter(org_unit=old).values_list("pk", flat=True))
            _members_transfer(member_ids=member_ids, from_unit=old, to_unit=new, on=on)
            moved = len(member_ids)
            result.moves.append({"from": _name(old, on), "to": _name(new, on), "members": moved})
    _log(result, [unit for pair in plan for unit in pair], by)
    return result
