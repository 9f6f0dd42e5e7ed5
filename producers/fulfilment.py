"""A producer ships its own lines of an order, or cancels them (stock goes back, and what
the buyer owes follows: see marketplace.payment.services.order_lines_cancel).

Only lines whose partner is the producer's are ever touched: the caller passes the producer,
and every line is checked against its partner (marketplace.order.fulfilment), not only in the
view.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.order import fulfilment as order_fulfilment
from marketplace.order.models import Line
from marketplace.payment import services as payment_services
from producers.models import Producer


@transaction.atomic
def order_lines_dispatch(
    *, producer: Producer, lines: Iterable[Line], by, tracking_number: str = ""
) -> None:
    """Mark the producer's lines as sent, with an optional tracking number; the buyer is told
    (marketplace.order.fulfilment, which the staff dashboard uses too)."""
    order_fulfilment.order_lines_dispatch(
        partner=producer.partner, lines=lines, by=by, tracking_number=tracking_number
    )


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
