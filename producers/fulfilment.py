"""A producer ships its own lines of an order, or cancels them (stock goes back, and what
the buyer owes follows: see marketplace.payment.services.order_lines_cancel).

Only lines whose partner is the producer's are ever touched: the caller passes the producer,
and every line is checked against it here, not only in the view.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from marketplace.order.models import Line, Order, ShippingEventType
from marketplace.payment import services as payment_services
from producers.models import Producer
from producers.signals import sandbox_lines_dispatched

PENDING, DISPATCHED = "Pending", "Dispatched"


@transaction.atomic
def order_lines_dispatch(
    *, producer: Producer, lines: Iterable[Line], by, tracking_number: str = ""
) -> None:
    """Mark the producer's lines as sent, with an optional tracking number; the buyer is told."""
    lines = list(lines)
    if lines:
        # The order first, as cancelling does, so the two cannot interleave on its lines.
        Order.objects.select_for_update(of=("self",)).filter(pk=lines[0].order_id).first()
    lines = _own_pending_lines(producer=producer, lines=lines)
    order = lines[0].order
    event_type, _created = ShippingEventType.objects.get_or_create(
        code="dispatched", defaults={"name": "Dispatched"}
    )
    event = order.shipping_events.create(event_type=event_type, notes=tracking_number.strip())
    for line in lines:
        line.set_status(DISPATCHED)
        event.line_quantities.create(line=line, quantity=line.quantity)
        if line.stockrecord_id:
            line.stockrecord.consume_allocation(line.quantity)  # the units have left
    log(instance=order, action="producers.lines_dispatch", user=by, data=_log_data(lines))
    if producer.is_sandbox:
        # Sending what a fellow trainee paid for completes the practice loop (mentoring).
        sandbox_lines_dispatched.send(sender=Producer, producer=producer, order=order, by=by)
    transaction.on_commit(lambda: _tell_buyer(order=order, lines=lines), robust=True)


def order_lines_cancel(*, producer: Producer, lines: Iterable[Line], by) -> None:
    """Cancel the producer's lines it cannot supply: stock is returned, what the buyer owes
    the producer follows, the buyer is told (see payment.services.order_lines_cancel, which
    staff's cancellations go through too)."""
    lines = list(lines)
    if not lines:
        raise ValidationError(_("Choose at least one line."), code="no_lines")
    payment_services.order_lines_cancel(
        order=lines[0].order,
        line_ids=[line.pk for line in lines],
        by=by,
        partner=producer.partner,
    )


def _own_pending_lines(*, producer: Producer, lines: Iterable[Line]) -> list[Line]:
    lines = list(
        Line.objects.select_for_update(of=("self",))
        .select_related("order", "stockrecord")
        .filter(pk__in=[line.pk for line in lines])
    )
    if not lines:
        raise ValidationError(_("Choose at least one line."), code="no_lines")
    if any(line.partner_id != producer.partner_id for line in lines):
        raise PermissionDenied
    if len({line.order_id for line in lines}) != 1:
        raise ValidationError(_("Choose lines of one order at a time."), code="many_orders")
    if any(line.status != PENDING for line in lines):
        raise ValidationError(
            _("Only lines that are waiting to be sent can be changed."), code="not_pending"
        )
    return lines


def _log_data(lines: list[Line]) -> dict:
    return {"lines": [line.pk for line in lines]}


def _tell_buyer(*, order, lines: list[Line]) -> None:
    if not order.email:
        return  # buyers without email see the change on their order page
    titles = ", ".join(line.title for line in lines)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Order %(number)s: on its way") % {"number": order.number}
        body = _("%(producer)s has sent: %(titles)s.") % {
            "producer": lines[0].partner_name,
            "titles": titles,
        }
    send_mail(subject, body, None, [order.email])
