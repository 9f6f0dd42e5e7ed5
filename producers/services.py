"""Writes about producers. Views, commands and the demo loader call these."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from oscar.apps.partner.models import Partner
from wagtail.log_actions import log

from accounts.password_handover import password_set_by_other_hold_until
from core.banks import bank_name
from core.slugs import ascii_slugify
from marketplace.catalogue.models import Product
from places.models import AdministrativeUnit
from places.selectors import communes_of, former_district_of, home_province
from producers.models import Producer, ProducerPhoto, SellerIdentity


def _place_set(producer: Producer, commune) -> None:
    """The producer's commune and, with it, the district it was in before 1 July 2025 (kept
    for the directory and the search: buyers still say "Bắc Hà")."""
    if commune is None:
        producer.commune = None
        producer.former_district = None
    elif producer.commune_id != commune.pk or producer.former_district_id is None:
        producer.commune = commune
        producer.former_district = former_district_of(commune)


@transaction.atomic
def producer_upsert(
    *,
    partner: Partner,
    kind: str,
    commune: AdministrativeUnit | None = None,
    story: str = "",
    contact_phone: str = "",
    status: str = Producer.Status.DRAFT,
) -> Producer:
    """The producer behind an Oscar partner, created or updated. Its slug follows the name.
    `commune`: a commune-level unit of today's map in the site's province (None for a
    practice shop)."""
    producer = Producer.objects.filter(partner=partner).first() or Producer(
        partner=partner, slug=_unique_slug(partner.name)
    )
    producer.kind = kind
    _place_set(producer, commune)
    producer.story = story
    producer.contact_phone = contact_phone
    producer.status = status
    producer.full_clean()
    producer.save()
    return producer


@transaction.atomic
def producer_register(
    *, user, name: str, kind: str, commune: AdministrativeUnit, story: str = ""
) -> Producer:
    """A new producer in draft, run by `user`: the registration wizard's profile step."""
    partner = Partner.objects.create(code=unique_partner_code(name), name=name)
    partner.users.add(user)
    return producer_upsert(partner=partner, kind=kind, commune=commune, story=story)


@transaction.atomic
def producer_profile_update(
    *, producer: Producer, by, name: str, kind: str, commune: AdministrativeUnit, story: str
) -> Producer:
    """The producer edits its own profile. The public page shows the change at once; staff
    see every edit in the audit trail."""
    producer_profile_set(producer=producer, name=name, kind=kind, commune=commune, story=story)
    log(instance=producer, action="producers.profile_edit", user=by)
    return producer


def producer_profile_set(
    *, producer: Producer, name: str, kind: str, commune: AdministrativeUnit, story: str
) -> None:
    """Write a profile's name (on its partner) and fields, each validated: the producer's own
    edit and a drafter's edit of a shop not yet taken over (producers.assisted) both go here."""
    producer.partner.name = name
    producer.partner.full_clean()
    producer.partner.save()
    producer.kind, producer.story = kind, story
    _place_set(producer, commune)
    producer.full_clean()
    producer.save()


# What the selling setup screen edits; the checkout reads the same fields.
SELLING_SETUP_FIELDS = (
    "bank_bin",
    "bank_account_number",
    "bank_account_name",
    "offers_pickup",
    "offers_local_delivery",
    "local_delivery_km",
    "offers_national_post",
    "pickup_address",
    "pickup_hours",
    "tax_code",
)


def PICKUP_PLACE_NEEDED() -> str:  # noqa: N802  a message, read in the active language
    return _("Write where buyers come to pick up, or untick “Buyers can pick up at my place”.")


# Where buyers' bank transfers go: changing it needs the owner's password and tells them.
BANK_FIELDS = ("bank_bin", "bank_account_number", "bank_account_name")


def LOCAL_DELIVERY_COMMUNE_OUTSIDE() -> str:  # noqa: N802  a message, read in the active language
    province = home_province()
    return _("Choose only communes and wards of %(province)s as it is today.") % {
        "province": province.full_name if province else ""
    }


def _local_delivery_communes_check(communes) -> list[AdministrativeUnit]:
    """The communes a producer delivers to, each a commune-level unit in force today in the
    site's province: the checkout compares units, and a stale or foreign one would never
    match a buyer (or would promise delivery across the country)."""
    communes = list(communes)
    province = home_province()
    allowed = (
        set(
            communes_of(province)
            .filter(pk__in=[c.pk for c in communes])
            .values_list("pk", flat=True)
        )
        if province is not None and communes
        else set()
    )
    if any(c.pk not in allowed for c in communes):
        raise ValidationError(
            {
                "local_delivery_communes": ValidationError(
                    LOCAL_DELIVERY_COMMUNE_OUTSIDE(), code="commune_not_in_province"
                )
            }
        )
    return communes


@transaction.atomic
def producer_selling_setup_update(
    *,
    producer: Producer,
    by=None,
    password: str | None = None,
    local_delivery_communes=None,
    **fields,
) -> Producer:
    """The producer sets how it is paid and how buyers get the goods (any of
    SELLING_SETUP_FIELDS). None of it is on the public page, so the status stays as it is.

    A change of the bank account (BANK_FIELDS) by a person needs that person's `password`,
    typed again: a session left open on a shared phone, or an account someone got into, must
    not redirect the producer's money with a few taps. Its owners are emailed, and the audit
    trail records it. `by=None` is the project's own code (demo loader, benches).

    Safe to repeat: nothing is saved or logged when nothing changed. The log keeps the old and
    new values, so staff can tell who changed where the money goes.

    `local_delivery_communes` (units; None: unchanged) are the communes the producer also
    delivers to, beside its own and those within local_delivery_km: each must be a commune
    or ward of the site's province as it is today."""
    unknown = set(fields) - set(SELLING_SETUP_FIELDS)
    if unknown:
        raise TypeError(f"Not a selling setup field: {', '.join(sorted(unknown))}")
    changed = {
        name: [getattr(producer, name), value]
        for name, value in fields.items()
        if getattr(producer, name) != value
    }
    communes_changed = None
    if local_delivery_communes is not None:
        wanted = _local_delivery_communes_check(local_delivery_communes)
        before = sorted(producer.local_delivery_communes.values_list("code", flat=True))
        after = sorted(c.code for c in wanted)
        if before != after:
            communes_changed = wanted
            changed["local_delivery_communes"] = [before, after]
    if not changed:
        return producer
    bank_changed = any(name in BANK_FIELDS for name in changed)
    if bank_changed and by is not None and not (password and by.check_password(password)):
        raise ValidationError(
            {"current_password": reauthentication_error()}, code="reauthentication_required"
        )
    if (
        bank_changed
        and by is not None
        and (held_until := password_set_by_other_hold_until(account=by))
    ):
        # A mentor set this password (sign-in help) and knows it: typing it proves nothing.
        raise ValidationError(
            {"current_password": bank_change_held_error(held_until)}, code="bank_change_held"
        )
    old_account = _masked_account(producer)
    fields_changed = [name for name in changed if name != "local_delivery_communes"]
    for name in fields_changed:
        setattr(producer, name, changed[name][1])
    try:
        producer.full_clean()
        # A buyer who chooses pickup must be told where to go.
        if producer.offers_pickup and not producer.pickup_address.strip():
            raise ValidationError(
                {"pickup_address": ValidationError(PICKUP_PLACE_NEEDED(), code="pickup_place")}
            )
    except ValidationError:
        for name in fields_changed:  # leave the caller's instance as it was
            setattr(producer, name, changed[name][0])
        raise
    producer.save(update_fields=[*fields_changed, "updated_at"])
    if communes_changed is not None:
        producer.local_delivery_communes.set(communes_changed)
    log(
        instance=producer,
        action="producers.selling_setup_edit",
        user=by,
        data={"changed": changed},
    )
    if bank_changed:
        recipients = [user.email for user in producer.partner.users.all() if user.email]
        log(
            instance=producer,
            action="producers.bank_account_change",
            user=by,
            data={
                "from": old_account,
                "to": _masked_account(producer),
                "reauthenticated": by is not None,
                "notified": len(recipients),
            },
        )
        transaction.on_commit(
            lambda: _notify_bank_account_change(producer=producer, by=by, recipients=recipients),
            robust=True,
        )
    return producer


def bank_change_held_error(held_until) -> ValidationError:
    day = formats.date_format(timezone.localtime(held_until), "SHORT_DATE_FORMAT")
    return ValidationError(
        _(
            "Your password was set by a helper (sign-in help), who knows it. To keep your money "
            "safe, the bank account can be changed from %(day)s. Provincial staff can help "
            "sooner."
        )
        % {"day": day},
        code="bank_change_held",
    )


def reauthentication_error() -> ValidationError:
    return ValidationError(
        _(
            "To change the bank account, type your password again. It keeps your money safe "
            "if someone else has your phone."
        ),
        code="reauthentication_required",
    )


def _masked_account(producer: Producer) -> str:
    """The account as the owner recognises it and a stranger cannot use it: bank, the last
    four digits, the name ("Agribank ···2345 LO THI MAI"); empty for no account."""
    if not producer.has_bank_account:
        return ""
    return (
        f"{bank_name(producer.bank_bin)} ···{producer.bank_account_number[-4:]} "
        f"{producer.bank_account_name}"
    )


def _notify_bank_account_change(*, producer: Producer, by, recipients: list[str]) -> None:
    """Email the producer's accounts that have an email: if they did not change it, they
    know at once where their buyers' money would go. (No SMS gateway yet; the audit trail
    has the change for staff.)"""
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your bank account on Chợ Phiên was changed")
        lines = [
            _("The bank account buyers pay you by transfer was changed on %(when)s.")
            % {"when": timezone.localtime().strftime("%d/%m/%Y %H:%M")},
            _("New account: %(account)s")
            % {"account": _masked_account(producer) or _("none (bank transfer is off)")},
        ]
        if by is not None:
            who = by.get_full_name() or by.email or by.phone
            lines.append(_("Changed by the account: %(account)s") % {"account": who})
        lines.append(
            _(
                "If you did not make this change, sign in, change your password and correct "
                "the account in “Payment and delivery”, or contact Chợ Phiên staff at once."
            )
        )
        send_mail(str(subject), "\n\n".join(lines), None, recipients)


def producer_photo_add(*, producer: Producer, filename: str, content: bytes, caption: str = ""):
    return ProducerPhoto.objects.create(
        producer=producer,
        image=ContentFile(content, name=filename),
        caption=caption,
        display_order=producer.photos.count(),
    )


def unique_partner_code(name: str) -> str:
    return _unique_ascii(name, max_length=110, taken=lambda code: Partner.objects.filter(code=code))


def _unique_slug(name: str) -> str:
    return _unique_ascii(
        name, max_length=100, taken=lambda slug: Producer.objects.filter(slug=slug)
    )


def _unique_ascii(name: str, *, max_length: int, taken) -> str:
    """The ASCII slug of `name`, with -2, -3… added until `taken(value)` finds nothing."""
    base = ascii_slugify(name)[:max_length] or "nha-san-xuat"
    value, number = base, 2
    while taken(value).exists():
        value, number = f"{base}-{number}", number + 1
    return value


# Moderation: which status each action may start from, and where it leads.
_TRANSITIONS = {
    "submit": (
        {Producer.Status.DRAFT, Producer.Status.CHANGES_REQUESTED},
        Producer.Status.SUBMITTED,
    ),
    "approve": ({Producer.Status.SUBMITTED, Producer.Status.SUSPENDED}, Producer.Status.APPROVED),
    "request_changes": (
        {Producer.Status.SUBMITTED, Producer.Status.APPROVED},
        Producer.Status.CHANGES_REQUESTED,
    ),
    "suspend": ({Producer.Status.APPROVED}, Producer.Status.SUSPENDED),
}
MODERATION_PERMISSION = "producers.change_producer"


def producer_submit(*, producer: Producer, by) -> Producer:
    """The producer (or their mentor) asks staff to review the profile."""
    return _producer_transition(producer=producer, action="submit", by=by)


def producer_approve(*, producer: Producer, by) -> Producer:
    """Staff approve the profile: the producer may sell, and the products it registered with
    go on sale. (Moderating each product on its own arrives with product editing.)"""
    ensure_moderator(by)
    previous = Producer.objects.values_list("status", flat=True).get(pk=producer.pk)
    producer = _producer_transition(producer=producer, action="approve", by=by)
    if previous == Producer.Status.SUBMITTED:
        # Reviewing a submitted profile reviews the products sent with it. Lifting a
        # suspension does not: edits made meanwhile still wait for their own review.
        producer_products_including_unpublished(producer=producer).filter(
            moderation=Product.Moderation.SUBMITTED
        ).update(moderation=Product.Moderation.APPROVED)
    if producer_is_identified(producer=producer):
        # Not identified yet (producers.identification): approved products wait off sale.
        producer_products_including_unpublished(producer=producer).filter(
            moderation=Product.Moderation.APPROVED
        ).update(is_public=True)
    return producer


def producer_is_identified(*, producer: Producer) -> bool:
    """Staff (or the national identification service) confirmed who sells (one query)."""
    return SellerIdentity.objects.approved().filter(producer=producer).exists()


def producer_may_sell(*, producer: Producer) -> bool:
    """The one rule for putting a product on sale: the producer is approved and identified
    (producers.identification). A sandbox shop never sells."""
    return (
        producer.status == Producer.Status.APPROVED
        and not producer.is_sandbox
        and producer_is_identified(producer=producer)
    )


def producer_request_changes(*, producer: Producer, by, reason: str) -> Producer:
    """Staff send the profile back with the reason the producer will read."""
    ensure_moderator(by)
    producer = _producer_transition(
        producer=producer, action="request_changes", by=by, reason=reason
    )
    # back on sale once re-approved
    producer_products_including_unpublished(producer=producer).update(is_public=False)
    return producer


def producer_suspend(*, producer: Producer, by, reason: str) -> Producer:
    """Staff stop an approved producer from selling, saying why: its products leave the shop."""
    ensure_moderator(by)
    producer = _producer_transition(producer=producer, action="suspend", by=by, reason=reason)
    producer_products_including_unpublished(producer=producer).update(is_public=False)
    return producer


def producer_products_including_unpublished(*, producer: Producer) -> QuerySet:
    """Every product of the producer, on sale or not (drafts, those in review, those taken off
    sale): for the writes that move them between those states. What the public may see is
    producers.selectors.producer_products."""
    return Product.objects.filter(stockrecords__partner_id=producer.partner_id)


@transaction.atomic
def _producer_transition(*, producer: Producer, action: str, by, reason: str = "") -> Producer:
    # Lock the row and read its current status, so that two moderators acting at once cannot
    # both succeed; the caller's instance is then updated in place.
    producer.status = (
        Producer.objects.select_for_update().values_list("status", flat=True).get(pk=producer.pk)
    )
    allowed_from, target = _TRANSITIONS[action]
    if producer.status not in allowed_from:
        raise ValidationError(
            _("A producer that is “%(status)s” cannot be moved to “%(target)s”.")
            % {"status": producer.get_status_display(), "target": target.label},
            code="invalid_transition",
        )
    reason = reason.strip()
    if target in (Producer.Status.CHANGES_REQUESTED, Producer.Status.SUSPENDED):
        require_reason(reason)
    producer.status, producer.status_reason = target, reason
    producer.save(update_fields=["status", "status_reason", "updated_at"])
    log(instance=producer, action=f"producers.{action}", user=by, data={"reason": reason})
    transaction.on_commit(lambda: _notify_producer_users(producer=producer), robust=True)
    return producer


def require_reason(reason: str) -> None:
    """Sending something back or suspending it needs words the producer can act on."""
    if not reason.strip():
        raise ValidationError(
            _("Write the reason, so the producer knows what to do."), code="reason_required"
        )


def ensure_moderator(user) -> None:
    if not user.has_perm(MODERATION_PERMISSION):
        raise PermissionDenied


def _notify_producer_users(*, producer: Producer) -> None:
    """Email the producer's accounts that have an email; many have only a phone, and they see
    the status on the portal."""
    recipients = [user.email for user in producer.partner.users.all() if user.email]
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your producer profile on Chợ Phiên: %(status)s") % {
            "status": producer.get_status_display()
        }
        body = "\n\n".join(filter(None, [str(subject), producer.status_reason]))
        send_mail(str(subject), body, None, recipients)
