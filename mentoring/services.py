"""Changes to the org-unit tree and the roster, each dated so earlier reports stay as they were."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from legal.models import DocumentKind
from legal.selectors import version_in_force
from mentoring import selectors
from mentoring.models import (
    Member,
    MemberAccount,
    MemberDataBasis,
    MemberTransfer,
    OrgUnit,
    OrgUnitVersion,
)


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
    *,
    unit: OrgUnit,
    on: datetime.date,
    name: str | None = None,
    parent: OrgUnit | None = None,
    kind: str | None = None,
) -> OrgUnitVersion:
    """Rename a unit, move it under another parent or change its kind from `on`; before that
    it stays as it was. A new kind is written on the versions from `on` and frozen on the
    earlier ones (they kept the unit's kind so far), so a report of an earlier year still
    counts the unit as the kind it was then (which kinds report is dated: ReportingRule)."""
    current = unit.versions.filter(valid_from__lte=on).order_by("-valid_from").first()
    if current is None:
        raise ValidationError(_("The unit did not exist on that date."))
    if parent is not None:
        org_unit_parent_check(unit=unit, parent=parent, on=on)
    version, _created = OrgUnitVersion.objects.update_or_create(
        unit=unit,
        valid_from=on,
        defaults={
            "name": name if name is not None else current.name,
            "parent": parent if parent is not None else current.parent,
            "kind": current.kind if kind is None else kind,
        },
    )
    if kind is not None:
        was = OrgUnit.objects.values_list("kind", flat=True).get(pk=unit.pk)
        unit.versions.filter(valid_from__lt=on, kind="").update(kind=was)
        unit.versions.filter(valid_from__gt=on).update(kind=kind)
        if on <= selectors.today():  # OrgUnit.kind is the kind today
            OrgUnit.objects.filter(pk=unit.pk).update(kind=kind)
            unit.kind = kind
    return version


def org_unit_parent_check(*, unit: OrgUnit, parent: OrgUnit, on: datetime.date) -> None:
    """Refuse a parent that would put `unit` under itself: the unit, or one of its own units on
    any day the move covers. The reports walk the tree down from the roots, so a loop would drop
    the whole branch from every count (and the admin form is not the only caller)."""
    if parent.pk == unit.pk:
        raise ValidationError({"parent": _("A unit cannot sit under itself or its own units.")})
    # The move lasts from `on` until the unit's own next version; within that span the units
    # under it change only on the dates some unit's version starts.
    own_next = unit.versions.filter(valid_from__gt=on).order_by("valid_from").first()
    later = OrgUnitVersion.objects.filter(valid_from__gt=on)
    if own_next is not None:
        later = later.filter(valid_from__lt=own_next.valid_from)
    for day in [on, *later.values_list("valid_from", flat=True).distinct().order_by()]:
        tree = selectors.org_tree_on(day)
        if parent.pk in selectors.subtree_ids(tree, [unit.pk]):
            raise ValidationError({"parent": _("A unit cannot sit under itself or its own units.")})


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


def org_unit_merge(*, units: list[OrgUnit], into: OrgUnit, on: datetime.date, by=None):
    """Close `units` from `on`, their members, child units, roles, teams, activities and
    trainings to come, targets and open reports handed on to `into` (mentoring.restructure).
    Reports for days before `on` still see the old units with their members."""
    from mentoring.restructure import units_merge

    return units_merge(units=units, into=into, on=on, by=by)


# --- Attendance, team members and roles, written from the admin screens (mentoring.admin) ---

VOLUNTEERS_GROUP = "Volunteers"  # migration 0020_member_answers_data
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


def org_unit_role_grant(*, role) -> None:
    """After a role is given: the person joins the Mentors group, whose permissions let them
    open the mentoring screens (what they see there is still limited to the role's units).
    A volunteer joins the Volunteers group instead: the assisted sign-up log only (0020)."""
    from django.contrib.auth.models import Group

    from mentoring.models import OrgUnitRole

    name = VOLUNTEERS_GROUP if role.role == OrgUnitRole.Role.VOLUNTEER else MENTORS_GROUP
    group = Group.objects.filter(name=name).first()
    if group is not None:
        role.user.groups.add(group)


def personal_data_export_record(*, user, what: str, fmt: str, query: str = "") -> None:
    """Note in the audit trail that `user` downloaded a list of members (names, phones…):
    which list, in which format, with which filters. Logged on the user who exported, so
    provincial staff find every export of one person in their history."""
    from wagtail.log_actions import log

    log(
        instance=user,
        action="mentoring.personal_data_export",
        user=user,
        data={"what": what, "format": fmt, "query": query},
    )


ANONYMOUS_NAME = "(ẩn danh)"  # stored data, in the roster's language


@transaction.atomic
def member_anonymise(*, member, by):
    """Forget who the member is, on their request, keeping what the indicators count: the unit
    and its history, gender and birth year (used in no figure that names anyone), the survey
    answers and their dates, trainings and funnel steps. Name, member number, phone,
    ethnicity, specialty product and the consent are cleared. Provincial staff only."""
    from django.core.exceptions import PermissionDenied
    from django.utils import timezone
    from wagtail.log_actions import log

    from mentoring.selectors import can_see_everything

    if not can_see_everything(by):
        raise PermissionDenied
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.anonymised_at is not None:
        return member
    member.full_name = ANONYMOUS_NAME
    member.member_number = f"AN-{member.pk}"
    member.phone = member.ethnicity = member.specialty_product = member.sensitive_basis = ""
    member.consent_to_contact = False
    member.anonymised_at = timezone.now()
    member.save()
    # Which accounts are theirs says who they are: the links go too.
    MemberAccount.objects.filter(member=member).delete()
    _practice_shops_anonymise(member)
    log(instance=member, action="mentoring.member_anonymise", user=by, title=f"#{member.pk}")
    return member


def _practice_shops_anonymise(member) -> None:
    """A practice shop (mentoring.practice) is named after its trainee: rename it, and its
    address name, after the member's number instead."""
    from django.utils.translation import gettext
    from oscar.apps.partner.models import Partner

    from producers.models import Producer

    for producer in Producer.objects.filter(practice_seat__member=member):
        Partner.objects.filter(pk=producer.partner_id).update(
            name=gettext("Practice · %(name)s") % {"name": f"#{member.pk}"}
        )
        Producer.objects.filter(pk=producer.pk).update(slug=f"thuc-hanh-{producer.pk}")


def member_account_password_reset(*, member, account, by) -> str:
    """A new password for the member's own account, for a member who signs in by phone and has
    no email to receive a reset link: their mentor (or provincial staff) sets one and hands it
    over in person. Returns it, to be shown once. Only an account the member linked themselves
    (selectors.member_accounts, mentoring.accounts), never one found by a phone or producer
    typed on the roster, and never a staff account; logged on the member."""
    import secrets

    from django.core.exceptions import PermissionDenied
    from wagtail.log_actions import log

    from accounts.password_handover import password_set_by_other_record
    from mentoring.selectors import member_accounts, members_visible_to

    if not by.has_perm("mentoring.change_member"):
        raise PermissionDenied
    if not members_visible_to(by).filter(pk=member.pk).exists():
        raise PermissionDenied
    if not member_accounts(member).filter(pk=account.pk).exists():
        raise PermissionDenied
    # Three groups of four letters and digits, without look-alikes (0/o, 1/l/i): easy to read
    # aloud and type on a phone, 14 characters, about 62 bits.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    password = "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _group in range(3))
    account.set_password(password)  # also signs out the account's other sessions
    account.save(update_fields=["password"])
    # The mentor knows this password: the account's bank changes wait (producers.services).
    password_set_by_other_record(account=account, by=by)
    log(
        instance=member,
        action="mentoring.member_password_reset",
        user=by,
        title=f"#{member.pk}",
        data={"account": account.pk},
    )
    return password


@transaction.atomic
def member_data_basis_record_for_import(*, roster_import, member_numbers, by) -> int:
    """Record the lawful basis the importing union stated (roster_import.lawful_basis) for
    the members of this import that have none yet: who imported them, when, for which unit,
    under the privacy notice in force. Returns how many were recorded. Members are found by
    their number: on SQLite the roster's inserts do not return ids."""
    privacy = version_in_force(DocumentKind.PRIVACY)
    numbers = list(member_numbers)
    made = 0
    for start in range(0, len(numbers), 500):  # SQLite takes at most 999 parameters
        members = (
            Member.objects.filter(member_number__in=numbers[start : start + 500])
            .exclude(data_bases__isnull=False)
            .values_list("pk", "org_unit_id")
        )
        rows = [
            MemberDataBasis(
                member_id=pk,
                org_unit_id=unit_id,
                basis=roster_import.lawful_basis,
                recorded_by=by,
                roster_import=roster_import,
                privacy_version=privacy,
            )
            for pk, unit_id in members
        ]
        MemberDataBasis.objects.bulk_create(rows)
        made += len(rows)
    return made
