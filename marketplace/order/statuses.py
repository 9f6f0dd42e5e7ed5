"""Order and line statuses, defined once (as Saleor's OrderStatus).

Oscar stores a status as its English string and moves it along the pipelines of the settings
(OSCAR_ORDER_STATUS_PIPELINE, OSCAR_LINE_STATUS_PIPELINE: built from the classes below); pages
translate it where shown ({% trans order.status %}). Settings import this module, so it imports
nothing of Django's but gettext_noop.
"""

from django.utils.translation import gettext_noop


class OrderStatus:
    """An order waits for its payment (a card being confirmed, a bank transfer, cash on
    delivery), is paid, and may be refunded in full; cancelling it returns its units to stock."""

    do_not_call_in_templates = True  # templates read the class (context_processors.statuses)

    AWAITING_PAYMENT = gettext_noop("Awaiting payment")
    PAID = gettext_noop("Paid")
    CANCELLED = gettext_noop("Cancelled")
    REFUNDED = gettext_noop("Refunded")

    INITIAL = AWAITING_PAYMENT
    PIPELINE = {
        AWAITING_PAYMENT: (PAID, CANCELLED),
        PAID: (REFUNDED,),
        CANCELLED: (),
        REFUNDED: (),
    }


class LineStatus:
    """Each producer ships its own lines of an order: a line waits, then is sent or cancelled
    (marketplace.order.fulfilment moves lines along this pipeline)."""

    do_not_call_in_templates = True

    PENDING = gettext_noop("Pending")
    DISPATCHED = gettext_noop("Dispatched")
    CANCELLED = gettext_noop("Cancelled")

    INITIAL = PENDING
    PIPELINE = {
        PENDING: (DISPATCHED, CANCELLED),
        DISPATCHED: (),
        CANCELLED: (),
    }
