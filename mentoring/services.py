"""Changes to the org-unit tree and the roster, each dated so earlier reports stay as they were."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mentoring.models import Member, MemberTransfer, OrgUnit, OrgUnitVersion


@transaction.atomic
def org_unit_create(
    *, code: str, kind: str, name: str, parent: OrgUnit | None, opened_on: datetime.date
) -> OrgUnit:
    unit = OrgUnit(code=code, kind=kind, opened_on=opened_on)
    unit.full_clean()
    unit.save()
    OrgUnitVersion.objects.create(unit=unit, name=name, parent=parent, valid_from=opened_on)
    return unit


@transaction.atomic
def org_unit_change(
    *, unit: OrgUnit, on: datetime.date, name: str | None = None, parent: OrgUnit | None = None
) -> OrgUnitVersion:
    """Rename a unit or move it under another parent from `on`; before that it stays as it was."""
    current = unit.versions.filter(valid_from__lte=on).order_by("-valid_from").first()
    if current is None:
        raise ValidationError(_("The unit did not exist on that date."))
    version, _created = OrgUnitVersion.objects.update_or_create(
        unit=unit,
        valid_from=on,
        defaults={
            "name": name if name is not None else current.name,
            "parent": parent if parent is not None else current.parent,
        },
    )
    return version


@transaction.atomic
def member_transfer(*, member: Member, to_unit: OrgUnit, on: datetime.date) -> None:
    """Move a member to another unit from `on`; reports for earlier days count them where they
    were."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.org_unit_id == to_unit.pk:
        return
    MemberTransfer.objects.create(member=member, from_unit=member.org_unit, to_unit=to_unit, on=on)
    member.org_unit = to_unit
    member.save(update_fields=["org_unit", "updated_at"])


@transaction.atomic
def org_unit_merge(*, units: list[OrgUnit], into: OrgUnit, on: datetime.date) -> None:
    """Close `units` from `on`, their members and child units moving to `into`. Reports for
    days before `on` still see the old units with their members."""
    for unit in units:
        if unit.pk == into.pk:
            continue
        unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
        if unit.closed_on is not None:
            raise ValidationError(_("%(unit)s is already closed.") % {"unit": unit})
        for member in Member.objects.filter(org_unit=unit):
            member_transfer(member=member, to_unit=into, on=on)
        for child_version in OrgUnitVersion.objects.filter(parent=unit).order_by("unit_id"):
            child = child_version.unit
            if child.is_open_on(on):
                org_unit_change(unit=child, on=on, parent=into)
        unit.closed_on, unit.successor = on, into
        unit.full_clean()
        unit.save(update_fields=["closed_on", "successor"])


# --- Attendance, team members and roles, written from the admin screens (mentoring.admin_views) ---

MENTORS_GROUP = "Mentors"  # created by migration 0002_mentors_group


@transaction.atomic
def training_attendance_record(*, session, members, by, offered=None) -> dict[str, list[int]]:
    """Set who attended `session`: `members` were there. With `offered` (the members the form
    listed), those of them not in `members` are taken off; attendees the form did not list
    (another unit's, or recorded by someone who sees more) are left as they are. Safe to repeat.
    Logged on the session ("mentoring.attendance") with the members added and removed."""
    from django.utils import timezone
    from wagtail.log_actions import log

    from mentoring.models import Attendance

    if session.held_on > timezone.localdate():
        raise ValidationError(
            _("Attendance can only be recorded once the session has taken place."),
            code="future_session",
        )
    present = {member.pk for member in members}
    already = set(Attendance.objects.filter(session=session).values_list("member_id", flat=True))
    added = sorted(present - already)
    removed = sorted(({m.pk for m in offered} - present) & already) if offered is not None else []
    Attendance.objects.bulk_create(
        [Attendance(session=session, member_id=pk, recorded_by=by) for pk in added],
        ignore_conflicts=True,  # the unique (session, member) constraint keeps one row
    )
    Attendance.objects.filter(session=session, member_id__in=removed).delete()
    if added or removed:
        log(
            instance=session,
            action="mentoring.attendance",
            user=by,
            data={"added": added, "removed": removed},
        )
    return {"added": added, "removed": removed}


@transaction.atomic
def team_members_set(*, team, members, by, offered=None) -> dict[str, list[int]]:
    """Set a team's youth members, like training_attendance_record: with `offered`, only
    those listed can be taken off. Logged on the team ("mentoring.team_members")."""
    from wagtail.log_actions import log

    present = {member.pk for member in members}
    already = set(team.youth_members.values_list("pk", flat=True))
    added = sorted(present - already)
    removed = sorted(({m.pk for m in offered} - present) & already) if offered is not None else []
    team.youth_members.add(*added)
    team.youth_members.remove(*removed)
    if added or removed:
        log(
            instance=team,
            action="mentoring.team_members",
            user=by,
            data={"added": added, "removed": removed},
        )
    return {"added": added, "removed": removed}


def org_unit_role_grant(*, role) -> None:
    """After a role is given: the person joins the Mentors group, whose permissions let them
    open the mentoring screens (what they see there is still limited to the role's units)."""
    from django.contrib.auth.models import Group

    group = Group.objects.filter(name=MENTORS_GROUP).first()
    if group is not None:
        role.user.groups.add(group)
