"""Emails and phone messages about an order; emails in the buyer's language (kept on the
order at checkout), phone messages in Vietnamese (marketplace.order.messages).

The buyer hears once the order is placed (with how to pay) and once it is paid (the email:
once a card payment is confirmed); each producer hears about their own lines only, once there
is something to send, by email and by phone (Zalo, else SMS). Every message goes through
`notifications` and is recorded there for staff.
"""

import logging
from email.mime.image import MIMEImage

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task
from oscar.core.loading import get_model
from oscar.templatetags.currency_filters import currency

from core.qr import qr_png
from core.tasks import enqueue_with_transaction
from marketplace.order.messages import (
    ORDER_CANCELLED,
    ORDER_PAID,
    ORDER_PLACED,
    ORDER_REFUNDED,
    PRODUCER_NEW_ORDER,
    PRODUCER_PAID,
    amount_text,
    buyer_message_send,
    partner_message_send,
)
from marketplace.order.selectors import order_status_path
from marketplace.payment.methods import order_group_totals
from marketplace.payment.vietqr_blocks import order_transfer_blocks
from notifications.services import email_send

Order = get_model("order", "Order")

logger = logging.getLogger(__name__)


def order_status_url(order) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + order_status_path(order)


def _send(*, template: str, to: list[str], language: str, context: dict) -> None:
    """A plain-text email, with an HTML part carrying the VietQR codes as inline images when
    there are transfers to make (mail apps show no inline SVG)."""
    to = [address for address in to if address]
    if not to:
        return
    transfers = context.get("transfers") or []
    with translation.override(language):
        subject = render_to_string(f"checkout/emails/{template}_subject.txt", context)
        body = render_to_string(f"checkout/emails/{template}.txt", context)
        html = (
            render_to_string("checkout/emails/transfers.html", {**context, "body": body})
            if transfers
            else None
        )
    message = EmailMultiAlternatives(
        " ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, to
    )
    if html:
        message.mixed_subtype = "related"
        message.attach_alternative(html, "text/html")
        for index, transfer in enumerate(transfers, start=1):
            image = MIMEImage(qr_png(transfer.payload), "png")
            image.add_header("Content-ID", f"<vietqr-{index}>")
            image.add_header("Content-Disposition", "inline", filename=f"vietqr-{index}.png")
            message.attach(image)
    email_send(email=message, template=template)


def _buyer_context(order, *, transfers: bool = True) -> dict:
    return {
        "order": order,
        "groups": order_group_totals(order),
        "lines": list(order.lines.all()),
        "status_url": order_status_url(order),
        # Drawing the QR codes is most of the cost: only when there is something to pay.
        "transfers": order_transfer_blocks(order) if transfers else [],
    }


def order_placed_notify(*, order) -> None:
    """Bank transfer or cash on delivery: the order stands, tell the buyer and producers."""
    _send(
        template="order_placed",
        to=[order.email],
        language=order.language,
        context=_buyer_context(order),
    )
    buyer_message_send(
        order=order, template=ORDER_PLACED, params={"total": amount_text(order.total_incl_tax)}
    )
    producers_notify(order=order, phone_template=PRODUCER_NEW_ORDER)


def order_paid_notify(*, order) -> None:
    """A card payment went through: now the order stands."""
    _send(
        template="order_paid",
        to=[order.email],
        language=order.language,
        context=_buyer_context(order),
    )
    buyer_message_send(
        order=order, template=ORDER_PAID, params={"total": amount_text(order.total_incl_tax)}
    )
    producers_notify(order=order, phone_template=PRODUCER_PAID)


def order_settled_notify(*, order) -> None:
    """A bank transfer or cash order is now fully paid (its producers, staff or the bank's
    feed confirmed the money): the buyer hears by phone, and by email with who received each
    part and who confirmed it; the producers, who were paid directly, need no word."""
    _send(
        template="order_settled",
        to=[order.email],
        language=order.language,
        context=_buyer_context(order, transfers=False),  # no QR codes: nothing left to pay
    )
    buyer_message_send(
        order=order, template=ORDER_PAID, params={"total": amount_text(order.total_incl_tax)}
    )


# An order becoming paid is told through the task queue (django-tasks, as the phone messages
# are): with CHOPHIEN_TASKS_BACKEND=database a worker renders and sends it, so the webhook
# that settled the order (bank feed, card, VNPay) answers at once; with the immediate backend
# (`make run`, the tests) it runs in the same process once the payment commits, as before.
ORDER_NOTICES = {"paid": order_paid_notify, "settled": order_settled_notify}


@task()
def order_notice_send(order_id: int, notice: str) -> None:
    """Send one of ORDER_NOTICES about an order. Enqueued once, by the commit that made the
    order paid (payment.services._settle_if_fully_paid, under the order's lock), so each
    order is told once."""
    order = Order.objects.filter(pk=order_id).first()
    if order is None:  # deleted since: nobody to tell
        return
    ORDER_NOTICES[notice](order=order)


def order_notice_enqueue(*, order, notice: str) -> None:
    """Queue a notice about the order, to be sent only if the current transaction commits (a
    rolled-back payment tells nobody)."""
    if notice not in ORDER_NOTICES:
        raise ValueError(notice)
    enqueue_with_transaction(order_notice_send, order_id=order.pk, notice=notice)


def order_refunded_notify(*, order, amount) -> None:
    buyer_message_send(order=order, template=ORDER_REFUNDED, params={"amount": amount_text(amount)})


def producers_notify(*, order, phone_template) -> None:
    for group in order.shipping_groups.select_related("partner"):
        lines = [line for line in order.lines.all() if line.partner_id == group.partner_id]
        recipients = [user.email for user in group.partner.users.all()]
        # Producers read Vietnamese first; their notice does not follow the buyer's language.
        _send(
            template="producer_notice",
            to=recipients,
            language=settings.LANGUAGE_CODE,
            context={"order": order, "group": group, "lines": lines},
        )
        partner_message_send(
            partner=group.partner, order=order, lines=lines, template=phone_template
        )


def order_lines_cancelled_notify(*, order, lines: list, refunds: list) -> None:
    """Some lines cannot be supplied: which, what the buyer pays now, and any money that goes
    back. `refunds`: [(source, amount)] from payment.services.order_lines_cancel. By phone,
    a short word with the new total; the refund's own message follows when money goes back."""
    buyer_message_send(
        order=order,
        template=ORDER_CANCELLED,
        params={"total": amount_text(order.total_incl_tax)},
    )
    if not order.email:
        return  # buyers without email see the change on their order page
    with translation.override(order.language or settings.LANGUAGE_CODE):
        subject = _("Order %(number)s: some items cancelled") % {"number": order.number}
        paragraphs = []
        for producer in dict.fromkeys(line.partner_name for line in lines):
            titles = ", ".join(line.title for line in lines if line.partner_name == producer)
            paragraphs.append(
                _("%(producer)s cannot supply: %(titles)s.")
                % {"producer": producer, "titles": titles}
            )
        paragraphs.append(
            _("Your order now comes to %(total)s.")
            % {"total": currency(order.total_incl_tax, order.currency)}
        )
        for source, amount in refunds:
            if source.partner_id is None and order.payment_method == "vnpay":
                paragraphs.append(
                    _("%(amount)s is being refunded through VNPay.")
                    % {"amount": currency(amount, order.currency)}
                )
            elif source.partner_id is None:
                paragraphs.append(
                    _("%(amount)s is being refunded to your card.")
                    % {"amount": currency(amount, order.currency)}
                )
            else:
                paragraphs.append(
                    _("%(producer)s will give you back %(amount)s.")
                    % {"producer": source.partner.name, "amount": currency(amount, order.currency)}
                )
        paragraphs.append(order_status_url(order))
    email_send(
        email=EmailMessage(subject, "\n\n".join(paragraphs), None, [order.email]),
        template="order_cancelled",
    )
