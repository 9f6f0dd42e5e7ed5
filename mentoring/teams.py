"""Teams and activities as records: who is in a team, whether youth are at its core (the rule
in force that day, mentoring.models.YouthCoreRule) and whether everyone is trained, computed
from the members; the checks a team's member list must pass; an activity's participants.

"Youth at the core" is counted in SQL per team (one grouped query, so the dashboard's count
of queries stays) and decided in Python by `at_core` from the counts."""

import dataclasses
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    BooleanField,
    Count,
    F,
    IntegerField,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.translation import gettext as _

from mentoring.models import Activity, Member, Team, TeamMember, YouthCoreRule

# The Youth Law (2020): youth are Vietnamese citizens aged 16 to 30. The rule rows (migration
# 0021) start with these; they are used as they are only if the province deletes every rule.
DEFAULT_AGE_LIMIT, DEFAULT_SHARE, DEFAULT_LEADER_YOUTH = 30, 50, True


def _rule_on(day: datetime.date) -> QuerySet:
    return (
        YouthCoreRule.objects.filter(valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .order_by("-valid_from")
    )


def youth_rule_on(day: datetime.date) -> YouthCoreRule:
    """The rule in force on `day` (one query), or the Youth Law's defaults."""
    return _rule_on(day).first() or YouthCoreRule(
        valid_from=day,
        youth_age_limit=DEFAULT_AGE_LIMIT,
        youth_share=DEFAULT_SHARE,
        leader_must_be_youth=DEFAULT_LEADER_YOUTH,
    )


def _trained_by(day: datetime.date) -> Q:
    """A team member trained by `day`: a union member who attended a training, or a resident
    with a training ticked (held by then). Joins that repeat a member's row: counted with
    distinct."""
    return Q(members__member__trainings__held_on__lte=day) | Q(members__trainings__held_on__lte=day)


# What team_counts adds to each team: the rule's two numbers and the counts of its people.
TEAM_COUNTS = (
    "rule_share",
    "rule_leader",
    "people",
    "youth",
    "leaders",
    "youth_leaders",
    "trained",
)


def team_counts(queryset: QuerySet, day: datetime.date) -> QuerySet:
    """`queryset` of teams annotated with the rule of `day` (as subqueries: no query of its
    own) and counts of its people: `people`, `youth`, `leaders`, `youth_leaders`, `trained`."""
    rule = _rule_on(day)
    queryset = queryset.annotate(
        rule_limit=Coalesce(
            Subquery(rule.values("youth_age_limit")[:1]),
            Value(DEFAULT_AGE_LIMIT),
            output_field=IntegerField(),
        ),
        rule_share=Coalesce(
            Subquery(rule.values("youth_share")[:1]),
            Value(DEFAULT_SHARE),
            output_field=IntegerField(),
        ),
        rule_leader=Coalesce(
            Subquery(rule.values("leader_must_be_youth")[:1]),
            Value(DEFAULT_LEADER_YOUTH),
            output_field=BooleanField(),
        ),
    )
    born = Coalesce("members__member__birth_year", "members__birth_year")
    # Youth in the year of `day`: born in (year − limit) or later.
    youth = Q(GreaterThanOrEqual(born + F("rule_limit"), day.year))
    leader = Q(members__role=TeamMember.Role.LEADER)
    return queryset.annotate(
        people=Count("members", distinct=True),
        youth=Count("members", filter=youth, distinct=True),
        leaders=Count("members", filter=leader, distinct=True),
        youth_leaders=Count("members", filter=youth & leader, distinct=True),
        trained=Count("members", filter=_trained_by(day), distinct=True),
    )


def at_core(row) -> bool | None:
    """Youth at the core of a team (a row or object of team_counts): None while the team is
    not filled in (no leader recorded), when only a mentor's old tick speaks for it."""
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    if not get("leaders"):
        return None
    people, youth = get("people"), get("youth")
    if youth * 100 < get("rule_share") * people:
        return False
    return not get("rule_leader") or get("youth_leaders") == get("leaders")


def all_trained(row) -> bool:
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
    return bool(get("people")) and get("trained") == get("people")


@dataclasses.dataclass(frozen=True)
class TeamStatus:
    people: int
    youth: int
    at_core: bool | None  # None: not filled in
    reported: bool  # the old tick
    all_trained: bool


def team_status(*, team: Team, day: datetime.date) -> TeamStatus:
    row = team_counts(Team.objects.filter(pk=team.pk), day).get()
    return TeamStatus(
        people=row.people,
        youth=row.youth,
        at_core=at_core(row),
        reported=row.youth_at_core_reported,
        all_trained=all_trained(row),
    )


# --- The checks of a team's member list ---


@dataclasses.dataclass(frozen=True)
class Person:
    """A row of a team's member list, as a form or a service gives it."""

    member_id: int | None
    full_name: str
    phone: str
    role: str


def team_members_check(*, team: Team, people: list[Person], unit_member_ids: set[int]) -> None:
    """Refuse a member list with a person twice, a union member who is not of the team's unit
    (`unit_member_ids`: the members of its unit and the units under it), a row naming nobody,
    or more than one leader; and a dissolution before the founding. Messages in the user's
    language (Vietnamese by default)."""
    errors = []
    if team.founded_on and team.dissolved_on and team.dissolved_on <= team.founded_on:
        errors.append(_("A team is dissolved after the day it was founded."))
    seen_members, seen_people = set(), set()
    for person in people:
        if person.member_id:
            if person.member_id in seen_members:
                errors.append(_("A union member is listed twice in this team."))
            seen_members.add(person.member_id)
            if person.member_id not in unit_member_ids:
                if person.role == TeamMember.Role.LEADER:
                    errors.append(
                        _("The leader must be a member of the team's unit (or a unit under it).")
                    )
                else:
                    errors.append(
                        _(
                            "Every union member listed must be of the team's unit (or a unit "
                            "under it)."
                        )
                    )
        elif person.full_name.strip():
            key = (" ".join(person.full_name.split()).casefold(), person.phone.strip())
            if key in seen_people:
                errors.append(
                    _("%(name)s is listed twice in this team.") % {"name": person.full_name}
                )
            seen_people.add(key)
        else:
            errors.append(_("Each team member is a union member picked from the list or a name."))
    if sum(person.role == TeamMember.Role.LEADER for person in people) > 1:
        errors.append(_("A team has one leader."))
    if errors:
        raise ValidationError(list(dict.fromkeys(errors)))


def unit_member_ids(team: Team, member_ids) -> set[int]:
    """Of `member_ids`, those in the team's unit or a unit under it today."""
    from mentoring import selectors

    units = selectors.subtree_ids(selectors.org_tree_on(), [team.org_unit_id])
    return set(
        Member.objects.filter(pk__in=list(member_ids), org_unit_id__in=units).values_list(
            "pk", flat=True
        )
    )


@transaction.atomic
def team_save(*, team: Team, people: list[dict], by) -> Team:
    """Create or update a team with its member list (dicts of TeamMember fields), checked.
    The admin's form runs the same checks (TeamForm)."""
    from wagtail.log_actions import log

    rows = [
        Person(
            member_id=p.get("member").pk if p.get("member") else p.get("member_id"),
            full_name=p.get("full_name", ""),
            phone=p.get("phone", ""),
            role=p.get("role", TeamMember.Role.MEMBER),
        )
        for p in people
    ]
    team_members_check(
        team=team,
        people=rows,
        unit_member_ids=unit_member_ids(team, [r.member_id for r in rows if r.member_id]),
    )
    created = team.pk is None
    team.full_clean()
    team.save()
    team.members.all().delete()
    for person in people:
        fields = {k: v for k, v in person.items() if k != "trainings"}
        place = TeamMember(team=team, **fields)
        place.trainings.set(person.get("trainings", []))
        place.save()  # with its trainings (a cluster's relations are written on save)
    log(instance=team, action="wagtail.create" if created else "wagtail.edit", user=by)
    return team


@transaction.atomic
def activity_participants_set(*, activity, members, by, offered=None) -> dict[str, list[int]]:
    """Set who came to an activity, like training_attendance_record: with `offered`, only
    those listed can be taken off. Logged on the activity ("mentoring.activity_participants")."""
    from wagtail.log_actions import log

    present = {member.pk for member in members}
    already = set(activity.attendees.values_list("pk", flat=True))
    added = sorted(present - already)
    removed = sorted(({m.pk for m in offered} - present) & already) if offered is not None else []
    activity.attendees.add(*added)
    activity.attendees.remove(*removed)
    if added or removed:
        log(
            instance=activity,
            action="mentoring.activity_participants",
            user=by,
            data={"added": added, "removed": removed},
        )
    return {"added": added, "removed": removed}


def activities_with_participants(queryset: QuerySet) -> QuerySet:
    """Activities with at least one recorded participant: those the target counts (an
    uncorrelated IN list, so counting them takes no query more)."""
    return queryset.filter(pk__in=Activity.attendees.through.objects.values("activity_id"))
