"""Assisted listing, the generic half: someone (a mentor) drafts a producer profile and
products for another person; nothing reaches staff review, let alone the shop, until that
person takes the shop over from their own account.

How the draft reaches them: the drafter's screen shows a link (and its QR code) signed for
that draft (producers.handover), to open on the person's own phone, usually sitting side by
side. The link is the only key: it names no account, because the person often has no account
yet (opening it leads through the wizard's account step first). The drafter's own account
cannot take it over, so a drafter cannot put someone else's shop on sale alone.

Who may draft for whom, and whose shop it is, is the caller's business (for union members:
mentoring.assisted, which also writes the audit trail of the drafting). What else happens
when the shop is handed over is named by the setting CHOPHIEN_DRAFT_HANDOVER_HOOKS: dotted
paths of functions `hook(*, producer, user) -> dict`, called in the hand-over's transaction;
one may refuse with a ValidationError, and what they return goes into the audit entry.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from oscar.apps.partner.models import Partner
from wagtail.log_actions import log

from marketplace.catalogue.models import Product
from producers import listing, selectors, services
from producers.handover import handover_data, handover_token
from producers.models import Producer

# The salt names the module this lived in first: links already handed out keep working.
CONFIRM_LINK_SALT = "producers.assisted.confirm"


@transaction.atomic
def draft_shop_save(
    *,
    producer: Producer | None,
    by,
    name: str,
    kind: str,
    commune=None,
    story: str = "",
) -> Producer:
    """Create (`producer` None) or edit while nobody has taken it over the producer profile
    `by` drafts for someone. It stays a draft with no account of its own; see draft_confirm."""
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
            partner=partner, kind=kind, commune=commune, story=story
        )
        producer.drafted_by = by
        producer.save(update_fields=["drafted_by", "updated_at"])
        return producer
    services.producer_profile_set(
        producer=producer, name=name, kind=kind, commune=commune, story=story
    )
    return producer


@transaction.atomic
def draft_product_add(*, producer: Producer, **product_data) -> Product:
    """A product drafted for a draft profile: held back from staff review ("drafted") until
    the shop is taken over."""
    if not producer.awaiting_member_confirmation:
        raise ValidationError(
            _("Draft the member's producer profile first."), code="no_draft_profile"
        )
    product = listing.producer_product_add(producer=producer, **product_data)
    product.moderation = Product.Moderation.DRAFTED
    product.save(update_fields=["moderation"])
    return product


def confirm_token(producer: Producer) -> str:
    return handover_token(salt=CONFIRM_LINK_SALT, producer=producer.pk)


def draft_for_token(token: str) -> Producer | None:
    """The draft a confirmation link points at; None for a forged, expired or used link."""
    data = handover_data(token, salt=CONFIRM_LINK_SALT)
    if data is None:
        return None
    producer = (
        Producer.objects.select_related("partner", "drafted_by")
        .filter(pk=data.get("producer"))
        .first()
    )
    if producer is None or not producer.awaiting_member_confirmation:
        return None
    return producer


def _handover_hooks():
    return [import_string(path) for path in settings.CHOPHIEN_DRAFT_HANDOVER_HOOKS]


@transaction.atomic
def draft_confirm(*, producer: Producer, user) -> Producer:
    """The person, signed in to their own account, takes over the drafted profile: it becomes
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
    audit = {"drafted_by": producer.drafted_by_id}
    for hook in _handover_hooks():
        audit.update(hook(producer=producer, user=user))
    producer.partner.users.add(user)
    producer.draft_confirmed_at = timezone.now()
    producer.save(update_fields=["draft_confirmed_at", "updated_at"])
    services.producer_products_including_unpublished(producer=producer).filter(
        moderation=Product.Moderation.DRAFTED
    ).update(moderation=Product.Moderation.SUBMITTED)
    log(instance=producer, action="producers.draft_confirmed", user=user, data=audit)
    return services.producer_submit(producer=producer, by=user)
