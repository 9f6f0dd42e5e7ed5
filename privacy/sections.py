"""The parts of "download my data", one function per kind of record, each reading only what
belongs to the signed-in account. `CHOPHIEN_PRIVACY_SECTIONS` lists them by dotted path, so a
new app that holds personal data adds its own section there and the download stays complete
(privacy.selectors.personal_data_of reads them all).

A section is a function `(user) -> Section | None`: its rows are plain dicts of text, numbers
and dates, in the order they should appear (JSON and XLSX are written from the same rows).
Every query starts from the user: nothing here takes an id from the request.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from legal.selectors import consents_of


@dataclass
class Section:
    key: str  # stable, for the JSON and the sheet's name
    title: str | Promise
    rows: list[dict] = field(default_factory=list)


def _text(value) -> str:
    return "" if value is None else str(value)


def account(user) -> Section:
    return Section(
        "account",
        _("Account"),
        [
            {
                "email": user.email or "",
                "phone": user.phone or "",
                "given_name": user.first_name,
                "family_name": user.last_name,
                "date_joined": user.date_joined.isoformat(),
                "last_login": user.last_login.isoformat() if user.last_login else "",
            }
        ],
    )


def addresses(user) -> Section:
    from marketplace.address.models import UserAddress

    rows = [
        {
            "name": address.name,
            "line1": address.line1,
            "line2": address.line2,
            "commune": address.line3,
            "province": address.line4,
            "postcode": address.postcode,
            "country": _text(address.country_id),
            "phone": _text(address.phone_number),
            "notes": address.notes,
            "address_as_typed": address.address_as_typed,
        }
        for address in UserAddress.objects.filter(user=user).order_by("pk")
    ]
    return Section("addresses", _("Saved addresses"), rows)


def orders(user) -> Section:
    """Orders placed signed in to this account (a guest order typed with the same e-mail is
    not included: anyone can type an address at a guest checkout)."""
    from marketplace.order.models import Order

    rows = []
    queryset = (
        Order.objects.filter(user=user)
        .select_related("shipping_address")
        .prefetch_related("lines", "sources__source_type", "status_changes")
        .order_by("date_placed")
    )
    for order in queryset:
        address = order.shipping_address
        rows.append(
            {
                "number": order.number,
                "placed": order.date_placed.isoformat(),
                "status": order.status,
                "total": int(order.total_incl_tax),
                "shipping": int(order.shipping_incl_tax),
                "payment_method": order.payment_method,
                "shipping_address": address.summary if address else "",
                "shipping_phone": _text(address.phone_number) if address else "",
                "lines": [
                    {
                        "title": line.title,
                        "producer": line.partner_name,
                        "quantity": line.quantity,
                        "price": int(line.line_price_incl_tax),
                        "status": line.status,
                    }
                    for line in order.lines.all()
                ],
                "payments": [
                    {
                        "type": source.source_type.name,
                        "allocated": int(source.amount_allocated),
                        "debited": int(source.amount_debited),
                        "refunded": int(source.amount_refunded),
                    }
                    for source in order.sources.all()
                ],
                "status_changes": [
                    {
                        "from": change.old_status,
                        "to": change.new_status,
                        "on": change.date_created.isoformat(),
                    }
                    for change in order.status_changes.all()
                ],
            }
        )
    return Section("orders", _("Orders"), rows)


def member(user) -> Section | None:
    """The roster entries this account was confirmed as (mentoring.MemberAccount): every
    field the union holds, the sensitive ones and their basis included, since they are the
    person's own."""
    from mentoring.models import Member

    members = Member.objects.filter(accounts__user=user).select_related("org_unit", "mentor")
    rows = [member_fields(member) for member in members]
    return Section("member", _("Youth Union member record"), rows) if rows else None


def member_fields(member) -> dict:
    """What the union holds about one member, labelled as on the roster (also the member's
    first sign-in notice)."""
    return {
        "member_number": member.member_number,
        "full_name": member.full_name,
        "birth_year": member.birth_year,
        "gender": _text(member.get_gender_display()),
        "ethnicity": member.ethnicity,
        "ethnicity_basis": _text(member.get_sensitive_basis_display())
        if member.sensitive_basis
        else "",
        "phone": member.phone,
        "org_unit": _text(member.org_unit),
        "has_specialty_product": _text(member.get_has_specialty_product_display()),
        "specialty_product": member.specialty_product,
        "uses_public_services": _text(member.get_uses_public_services_display()),
        "has_epayment_account": _text(member.get_has_epayment_account_display()),
        "consent_to_contact": member.consent_to_contact,
        "mentor": _text(member.mentor.get_full_name() or member.mentor.email)
        if member.mentor
        else "",
        "recorded_since": member.created_at.date().isoformat(),
    }


def producer(user) -> Section | None:
    """The shops this account runs: their own data, so the bank details in full."""
    from producers.models import Producer

    shops = Producer.objects.filter(partner__users=user, is_sandbox=False).select_related(
        "partner", "commune"
    )
    rows = [
        {
            "name": shop.partner.name,
            "kind": _text(shop.get_kind_display()),
            "status": _text(shop.get_status_display()),
            "story": shop.story,
            "commune": _text(shop.commune) or shop.commune_as_typed,
            "contact_phone": shop.contact_phone,
            "pickup_address": shop.pickup_address,
            "bank": shop.bank_bin,
            "bank_account_number": shop.bank_account_number,
            "bank_account_name": shop.bank_account_name,
            "tax_code": shop.tax_code,
            "created": shop.created_at.isoformat(),
        }
        for shop in shops
    ]
    return Section("producer", _("Producer shop"), rows) if rows else None


def messages(user) -> Section:
    """Messages the site sent to this account's phone or e-mail (notifications.Message)."""
    from notifications.models import Message

    recipients = [value for value in (user.phone, user.email) if value]
    rows = [
        {
            "sent": (message.sent_at or message.created_at).isoformat(),
            "to": message.to,
            "channel": message.channel,
            "template": message.template,
            "text": message.body,
            "status": message.status,
        }
        for message in Message.objects.filter(to__in=recipients).order_by("created_at")
    ]
    return Section("messages", _("Messages sent to you"), rows)


def consents(user) -> Section | None:
    """What the person agreed to: the versions of the rules they accepted, their consent
    decisions (withdrawals included) and the lawful basis their union recorded for their
    member record (`legal.selectors.consents_of`, which gathers them)."""
    rows = [{key: _plain(value) for key, value in row.items()} for row in consents_of(user)]
    return Section("consents", _("Consents"), rows)


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
