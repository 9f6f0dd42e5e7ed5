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
