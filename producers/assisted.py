"""Mentor-assisted listing: a mentor drafts a producer profile and products on behalf of a
union member; nothing reaches staff review, let alone the shop, until the member confirms
from their own account.

How the draft reaches the member: the mentor's screen shows a link (and its QR code) signed
for that draft, to open on the member's own phone, usually sitting side by side. The link is
the only key: it names no account, because members often have no account yet (opening it
leads through the wizard's account step first). The mentor's own account cannot confirm, so a
mentor cannot put a member's shop on sale alone.

Every step is in the audit trail with the actor and the member acted for: "drafted by mentor X
for member N", then "confirmed by the member's account Y".
"""

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.apps.partner.models import Partner
from wagtail.log_actions import log

from marketplace.catalogue.models import Product
from mentoring import accounts as member_accounts
from mentoring import selectors as mentoring_selectors
from mentoring.models import Member, MemberAccount
from producers import listing, selectors, services
from producers.models import Producer

DRAFT_PERMISSION = "mentoring.change_member"
CONFIRM_LINK_SALT = "producers.assisted.confirm"
CONFIRM_LINK_MAX_AGE = 60 * 60 * 24 * 30  # a month: members may confirm at the next meeting


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


def _log_for_member(instance, action: str, *, by, member: Member, **data) -> None:
    # The member is named by number, not by name: Wagtail's site history lists entries to
    # people who may not see that member (see mentoring.admin.scoping.log_title).
    log(
        instance=instance,
        action=action,
        user=by,
        data={"on_behalf_of_member": member.member_number, **data},
    )


@transaction.atomic
def member_shop_draft(
    *, member: Member, by, name: str, kind: str, district: str, commune: str = "", story: str = ""
) -> Producer:
    """Create, or edit while unconfirmed, the producer profile a mentor drafts for `member`.
    The profile stays in draft with no account of its own; see member_draft_confirm."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    producer = member.producer
    if producer is not None and not producer.awaiting_member_confirmation:
        raise ValidationError(
            _(
                "This member already runs their own producer profile. They edit it themselves "
                "in their producer portal."
            ),
            code="already_confirmed",
        )
    if producer is None:
        partner = Partner.objects.create(code=services.unique_partner_code(name), name=name)
        producer = services.producer_upsert(
            partner=partner, kind=kind, district=district, commune=commune, story=story
        )
        producer.drafted_by = by
        producer.save(update_fields=["drafted_by", "updated_at"])
        member.producer = producer
        member.save(update_fields=["producer", "updated_at"])
        action = "producers.draft_for_member"
    else:
        producer.partner.name = name
        producer.partner.full_clean()
        producer.partner.save()
        producer.kind, producer.district, producer.commune, producer.story = (
            kind,
            district,
            commune,
            story,
        )
        producer.full_clean()
        producer.save()
        action = "producers.draft_edit_for_member"
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
    product = listing.producer_product_add(producer=producer, **product_data)
    product.moderation = Product.Moderation.DRAFTED
    product.save(update_fields=["moderation"])
    _log_for_member(product, "producers.product_draft_for_member", by=by, member=member)
    return product


def confirm_token(producer: Producer) -> str:
    return signing.dumps({"producer": producer.pk}, salt=CONFIRM_LINK_SALT, compress=True)


def draft_for_token(token: str) -> Producer | None:
    """The draft a confirmation link points at; None for a forged, expired or used link."""
    try:
        data = signing.loads(token, salt=CONFIRM_LINK_SALT, max_age=CONFIRM_LINK_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    producer = (
        Producer.objects.select_related("partner", "drafted_by", "member")
        .filter(pk=data.get("producer"))
        .first()
    )
    if producer is None or not producer.awaiting_member_confirmation:
        return None
    return producer


@transaction.atomic
def member_draft_confirm(*, producer: Producer, user) -> Producer:
    """The member, signed in to their own account, takes over the drafted profile: it becomes
    theirs, and it and its products go to staff review as if they had registered alone."""
    producer = Producer.objects.select_for_update().select_related("partner").get(pk=producer.pk)
    if not producer.awaiting_member_confirmation:
        raise ValidationError(_("This draft has already been confirmed."), code="already_confirmed")
    if user.pk == producer.drafted_by_id:
        raise ValidationError(
            _(
                "You drafted this profile, so you cannot confirm it for the member. The member "
                "confirms it from their own account, on their own phone."
            ),
            code="drafter_cannot_confirm",
        )
    if selectors.producer_for_user(user=user) is not None:
        raise ValidationError(
            _(
                "Your account already runs a producer profile. Sign in with the member's own "
                "account to confirm this one."
            ),
            code="already_a_producer",
        )
    member = Member.objects.filter(producer=producer).first()
    if member is not None:
        # Taking over the shop from the member's own link is the member's confirmation that
        # this account is theirs (mentoring.accounts): their mentor may help them sign in to
        # it later. Raises for an account that is another member's or their mentor's.
        member_accounts.member_account_link(
            member=member,
            user=user,
            via=MemberAccount.Via.DRAFT,
            link_by_id=producer.drafted_by_id,
        )
    producer.partner.users.add(user)
    producer.draft_confirmed_at = timezone.now()
    producer.save(update_fields=["draft_confirmed_at", "updated_at"])
    services.producer_products_including_unpublished(producer=producer).filter(
        moderation=Product.Moderation.DRAFTED
    ).update(moderation=Product.Moderation.SUBMITTED)
    log(
        instance=producer,
        action="producers.draft_confirmed",
        user=user,
        data={
            "drafted_by": producer.drafted_by_id,
            "member": member.member_number if member else None,
        },
    )
    return services.producer_submit(producer=producer, by=user)
