"""Sending a partner's lines of an order: the shop's half of fulfilment, used by the staff
orders dashboard and by the producer portal (producers.fulfilment builds on it).

Only lines whose partner is the one given are ever touched: the caller passes the partner,
and every line is checked against it here, not only in the view. Cancelling lines moves money,
so it is marketplace.payment.services.order_lines_cancel.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from marketplace.order.messages import ORDER_SENT, buyer_message_send
from marketplace.order.models import Line, Order, ShippingEventType
from marketplace.order.signals import lines_dispatched
from marketplace.order.statuses import LineStatus
from notifications.services import email_send


@transaction.atomic
def order_lines_dispatch(*, partner, lines: Iterable[Line], by, tracking_number: str = "") -> Order:
    """Mark the partner's lines as sent, with an optional tracking number; the buyer is told.
    Returns their order."""
    lines = list(lines)
    if lines:
        # The order first, as cancelling does, so the two cannot interleave on its lines.
        Order.objects.select_for_update(of=("self",)).filter(pk=lines[0].order_id).first()
    lines = _own_pending_lines(partner=partner, lines=lines)
    order = lines[0].order
    event_type, _created = ShippingEventType.objects.get_or_create(
        code="dispatched", defaults={"name": "Dispatched"}
    )
    event = order.shipping_events.create(event_type=event_type, notes=tracking_number.strip())
    for line in lines:
        line.set_status(LineStatus.DISPATCHED)
        event.line_quantities.create(line=line, quantity=line.quantity)
        if line.stockrecord_id:
            line.stockrecord.consume_allocation(line.quantity)  # the units have left
    # The action keeps its name from when producers alone sent lines (the log's history).
    log(instance=order, action="producers.lines_dispatch", user=by, data=_log_data(lines))
    lines_dispatched.send(sender=type(partner), partner=partner, order=order, lines=lines, by=by)
    transaction.on_commit(
        lambda: _tell_buyer(order=order, lines=lines, tracking_number=tracking_number.strip()),
        robust=True,
    )
    return order


def _own_pending_lines(*, partner, lines: Iterable[Line]) -> list[Line]:
    lines = list(
        Line.objects.select_for_update(of=("self",))
        .select_related("order", "stockrecord")
        .filter(pk__in=[line.pk for line in lines])
    )
    if not lines:
        raise ValidationError(_("Choose at least one line."), code="no_lines")
    if any(line.partner_id != partner.pk for line in lines):
        raise PermissionDenied
    if len({line.order_id for line in lines}) != 1:
        raise ValidationError(_("Choose lines of one order at a time."), code="many_orders")
    if any(line.status != LineStatus.PENDING for line in lines):
        raise ValidationError(
            _("Only lines that are waiting to be sent can be changed."), code="not_pending"
        )
    return lines


def _log_data(lines: list[Line]) -> dict:
    return {"lines": [line.pk for line in lines]}


def _tell_buyer(*, order, lines: list[Line], tracking_number: str = "") -> None:
    # The registered template has a place for the number: "-" when the producer gave none.
    buyer_message_send(
        order=order, template=ORDER_SENT, params={"tracking": tracking_number or "-"}
    )
    if not order.email:
        return  # buyers without email see the change on their order page
    titles = ", ".join(line.title for line in lines)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Order %(number)s: on its way") % {"number": order.number}
        body = _("%(producer)s has sent: %(titles)s.") % {
            "producer": lines[0].partner_name,
            "titles": titles,
        }
    email_send(email=EmailMessage(subject, body, None, [order.email]), template="order_sent")
