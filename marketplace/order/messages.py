"""What buyers and producers hear by phone (Zalo, else SMS) about an order, through
`notifications` (one service, channels as backends, every message recorded).

The texts are templates registered with the carriers (brand-name SMS) and with Zalo (ZNS), so
each has a code and named parameters; docs/notifications.md lists them. Amounts are sent as
"150.000" and the template adds "đ". The buyer's link is the order's short signed link
(/o/<number>/<token>/, on to its status page: the full one would not fit in one SMS); a
producer's link is their portal's order page, named by CHOPHIEN_PARTNER_NOTICE
(`producers.notices`): the shop does not know the portal.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from marketplace.money import format_vnd_number
from marketplace.order.selectors import order_short_path
from notifications.services import message_send, phone_e164
from notifications.templates import MessageTemplate, register

ORDER_PLACED = register(
    MessageTemplate(
        code="order_placed",
        label=_("Order placed"),
        sms=_("Chợ Phiên: order %(number)s placed, %(total)sđ. See it: %(url)s"),
        params=("number", "total", "url"),
    )
)
ORDER_PAID = register(
    MessageTemplate(
        code="order_paid",
        label=_("Order paid"),
        sms=_("Chợ Phiên: order %(number)s is paid, %(total)sđ. See it: %(url)s"),
        params=("number", "total", "url"),
    )
)
ORDER_SENT = register(
    MessageTemplate(
        code="order_sent",
        label=_("Order sent"),
        sms=_("Chợ Phiên: order %(number)s sent, tracking %(tracking)s. See it: %(url)s"),
        params=("number", "tracking", "url"),
    )
)
ORDER_CANCELLED = register(
    MessageTemplate(
        code="order_cancelled",
        label=_("Order cancelled"),
        sms=_("Chợ Phiên: items of order %(number)s cancelled, now %(total)sđ. See: %(url)s"),
        params=("number", "total", "url"),
    )
)
ORDER_REFUNDED = register(
    MessageTemplate(
        code="order_refunded",
        label=_("Order refunded"),
        sms=_("Chợ Phiên: %(amount)sđ refunded for order %(number)s. See: %(url)s"),
        params=("number", "amount", "url"),
    )
)
PRODUCER_NEW_ORDER = register(
    MessageTemplate(
        code="producer_new_order",
        label=_("New order for the producer"),
        sms=_("Chợ Phiên: new order %(number)s, %(count)s items, %(total)sđ. Open: %(url)s"),
        params=("number", "count", "total", "url"),
    )
)
PRODUCER_PAID = register(
    MessageTemplate(
        code="producer_paid",
        label=_("Producer paid"),
        sms=_("Chợ Phiên: order %(number)s paid, %(count)s items, %(total)sđ. Send it: %(url)s"),
        params=("number", "count", "total", "url"),
    )
)


def site_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def amount_text(amount) -> str:
    with translation.override("vi"):
        return format_vnd_number(amount)


def buyer_phone(order) -> str:
    """The number the buyer gave at checkout, else their account's; not the delivery
    address's, which may be someone else's."""
    if order.guest_phone:
        return order.guest_phone
    user = order.user
    return (user.phone or "") if user is not None else ""


def buyer_message_send(*, order, template: MessageTemplate, params: dict) -> None:
    """Queue a phone message to the buyer about their order (after the commit, through the
    task queue: never in the way of the order)."""
    phone = buyer_phone(order)
    if not phone:
        return
    message_send(
        to_phone=phone,
        template=template.code,
        params={"number": order.number, "url": site_url(order_short_path(order)), **params},
        immediate=False,
    )


@dataclass
class PartnerNotice:
    """Who hears of a partner's orders by phone, and the page they open for an order."""

    phones: list[str] = field(default_factory=list)
    order_url: str = ""


def partner_notice(*, partner, order) -> PartnerNotice:
    """Asked of CHOPHIEN_PARTNER_NOTICE; without it, the partner's accounts' phones and the
    site's home page."""
    path = getattr(settings, "CHOPHIEN_PARTNER_NOTICE", "")
    if path:
        return import_string(path)(partner=partner, order=order)
    phones = [user.phone for user in partner.users.all() if user.phone]
    return PartnerNotice(phones=phones, order_url=site_url("/"))


def partner_message_send(*, partner, order, lines: list, template: MessageTemplate) -> None:
    """Queue a phone message to each of the partner's numbers about their own lines only."""
    notice = partner_notice(partner=partner, order=order)
    live = [line for line in lines if line.partner_id == partner.pk]
    params = {
        "number": order.number,
        "count": sum(line.quantity for line in live),
        "total": amount_text(sum(line.line_price_incl_tax for line in live)),
        "url": notice.order_url,
    }
    for phone in dict.fromkeys(filter(None, map(phone_e164, notice.phones))):
        message_send(to_phone=phone, template=template.code, params=params, immediate=False)
