"""What the buyer and the producer hear about a complaint: by phone (Zalo, else SMS: templates
registered here, as marketplace.order.messages registers the order's), and by e-mail for a
buyer who gave one. Sent once the decision commits."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from marketplace.order.messages import amount_text, buyer_phone, partner_notice, site_url
from marketplace.order.selectors import order_short_path
from notifications.services import message_send, phone_e164
from notifications.templates import MessageTemplate, register

COMPLAINT_OPENED = register(
    MessageTemplate(
        code="complaint_opened",
        label=_("Complaint opened (producer)"),
        sms=_("Chợ Phiên: a buyer complains about order %(number)s. Answer by %(due)s: %(url)s"),
        params=("number", "due", "url"),
    )
)
COMPLAINT_REFUNDED = register(
    MessageTemplate(
        code="complaint_refunded",
        label=_("Complaint upheld with a refund"),
        sms=_("Chợ Phiên: complaint on order %(number)s upheld, %(amount)sđ refunded. %(url)s"),
        params=("number", "amount", "url"),
    )
)
COMPLAINT_REJECTED = register(
    MessageTemplate(
        code="complaint_rejected",
        label=_("Complaint rejected"),
        sms=_("Chợ Phiên: complaint on order %(number)s rejected. See why: %(url)s"),
        params=("number", "url"),
    )
)


def _buyer_url(complaint) -> str:
    # The order's short signed link (one SMS), on to its page, which says how the complaint
    # went and links to it.
    return site_url(order_short_path(complaint.order))


def _producer_url(complaint) -> str:
    return site_url(reverse("portal:complaint", kwargs={"pk": complaint.pk}))


def _producer_phones(complaint) -> list[str]:
    notice = partner_notice(partner=complaint.partner, order=complaint.order)
    return list(dict.fromkeys(filter(None, map(phone_e164, notice.phones))))


def complaint_opened_notify(*, complaint) -> None:
    due_text = timezone.localtime(complaint.answer_due_at).strftime("%d/%m")
    for phone in _producer_phones(complaint):
        message_send(
            to_phone=phone,
            template=COMPLAINT_OPENED.code,
            params={
                "number": complaint.order.number,
                "due": due_text,
                "url": _producer_url(complaint),
            },
            immediate=False,
        )


def complaint_decided_notify(*, complaint) -> None:
    """The decision, to the buyer (phone, e-mail) and to the producer (phone)."""
    order = complaint.order
    refunded = complaint.status == "refunded"
    template = COMPLAINT_REFUNDED if refunded else COMPLAINT_REJECTED
    params = {"number": order.number}
    if refunded:
        params["amount"] = amount_text(complaint.refund_amount)
    if phone := buyer_phone(order):
        message_send(
            to_phone=phone,
            template=template.code,
            params={**params, "url": _buyer_url(complaint)},
            immediate=False,
        )
    for phone in _producer_phones(complaint):
        message_send(
            to_phone=phone,
            template=template.code,
            params={**params, "url": _producer_url(complaint)},
            immediate=False,
        )
    if order.email:
        with translation.override(settings.LANGUAGE_CODE):
            if refunded:
                body = gettext(
                    "Your complaint about order %(number)s was upheld: %(amount)s đ is refunded."
                ) % {"number": order.number, "amount": params["amount"]}
            else:
                body = gettext(
                    "Your complaint about order %(number)s was rejected. The reason: %(reason)s"
                ) % {"number": order.number, "reason": complaint.decision_reason}
            subject = gettext("Your complaint about order %(number)s") % {"number": order.number}
            send_mail(
                subject,
                f"{body}\n\n{_buyer_url(complaint)}\n",
                None,
                [order.email],
            )
