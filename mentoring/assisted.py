"""Mentor-assisted listing for union members: a mentor drafts a producer profile and products
on behalf of a member of their units; nothing reaches staff review, let alone the shop, until
the member confirms from their own account.

The drafting and the hand-over themselves are producers' (producers.assisted: the draft, the
signed link, the take-over). What is the union's is here: which members a mentor may draft
for, the link from the draft to the Member, and, when the member takes the shop over, the
account that becomes theirs (mentoring.accounts; named in CHOPHIEN_DRAFT_HANDOVER_HOOKS).

Every step is in the audit trail with the actor and the member acted for: "drafted by mentor X
for member N", then "confirmed by the member's account Y".
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from marketplace.catalogue.models import Product
from mentoring import accounts as member_accounts
from mentoring import selectors as mentoring_selectors
from mentoring.models import Member, MemberAccount, MemberProductImport
from producers import assisted
from producers.models import Producer, ProductImport
from producers.product_import.committing import product_import_check, product_import_commit

DRAFT_PERMISSION = "mentoring.change_member"


def member_for_drafting(*, user, member_id: int) -> Member:
    """The member, if `user` may draft for them (a mentor of their unit, or provincial staff);
    anyone else gets the same "not found" as for a member who does not exist."""
    if not user.has_perm(DRAFT_PERMISSION):
        raise PermissionDenied
    member = (
        mentoring_selectors.members_visible_to(user)
        .select_related("producer__partner", "org_unit")
        .filter(pk=member_id)
        .first()
    )
    if member is None:
        raise Member.DoesNotExist
    return member


def draft_of(member: Member) -> Producer | None:
    """The member's producer while it is still a mentor's draft waiting for the member."""
    producer = member.producer
    if producer is not None and producer.awaiting_member_confirmation:
        return producer
    return None


def on_behalf_of(member: Member) -> dict:
    """What an audit entry says of the member acted for. By number, not by name: Wagtail's site
    history lists entries to people who may not see that member (see
    mentoring.admin_views.log_title)."""
    return {"on_behalf_of_member": member.member_number}


def _log_for_member(instance, action: str, *, by, member: Member) -> None:
    log(instance=instance, action=action, user=by, data=on_behalf_of(member))


@transaction.atomic
def member_shop_draft(
    *, member: Member, by, name: str, kind: str, commune=None, story: str = ""
) -> Producer:
    """Create, or edit while unconfirmed, the producer profile a mentor drafts for `member`.
    The profile stays in draft with no account of its own; see producers.assisted.draft_confirm."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    creating = member.producer is None
    producer = assisted.draft_shop_save(
        producer=member.producer,
        by=by,
        name=name,
        kind=kind,
        commune=commune,
        story=story,
    )
    if creating:
        member.producer = producer
        member.save(update_fields=["producer", "updated_at"])
    # The action names keep the "producers." prefix they were first logged under.
    action = "producers.draft_for_member" if creating else "producers.draft_edit_for_member"
    _log_for_member(producer, action, by=by, member=member)
    return producer


@transaction.atomic
def member_draft_product_add(*, member: Member, by, **product_data) -> Product:
    """A product drafted for the member's draft profile: held back from staff review
    ("drafted") until the member confirms."""
    producer = draft_of(member)
    if producer is None:
        raise ValidationError(
            _("Draft the member's producer profile first."), code="no_draft_profile"
        )
    product = assisted.draft_product_add(producer=producer, **product_data)
    _log_for_member(product, "producers.product_draft_for_member", by=by, member=member)
    return product


@transaction.atomic
def member_import_check(*, member: Member, by, sheet, photos=None) -> ProductImport:
    """A mentor's spreadsheet of products for the member's draft shop: the dry run, kept with
    the member it is for. Its products stay drafts, like products drafted one by one."""
    producer = draft_of(member)
    if producer is None:
        raise ValidationError(
            _("Draft the member's producer profile first."), code="no_draft_profile"
        )
    checked = product_import_check(
        producer=producer, by=by, sheet=sheet, photos=photos, for_draft=True
    )
    MemberProductImport.objects.create(product_import=checked, member=member)
    return checked


def member_import_commit(*, member: Member, product_import: ProductImport, by) -> ProductImport:
    """Draft every product of a checked import for the member (producers.product_import)."""

    def add(**product_data):
        return member_draft_product_add(member=member, by=by, **product_data)

    return product_import_commit(
        product_import=product_import, by=by, add=add, audit=on_behalf_of(member)
    )


def member_draft_handover(*, producer: Producer, user) -> dict:
    """Called when someone takes over a drafted shop (CHOPHIEN_DRAFT_HANDOVER_HOOKS), in that
    transaction. Taking over the shop from the member's own link is the member's confirmation
    that this account is theirs (mentoring.accounts): their mentor may help them sign in to it
    later. Raises for an account that is another member's or their mentor's. Returns what the
    audit entry of the hand-over says of the member."""
    member = Member.objects.filter(producer=producer).first()
    if member is not None:
        member_accounts.member_account_link(
            member=member,
            user=user,
            via=MemberAccount.Via.DRAFT,
            link_by_id=producer.drafted_by_id,
        )
    return {"member": member.member_number if member else None}
