"""Order and line statuses, defined once (as Saleor's OrderStatus).

Oscar stores a status as its English string and moves it along the pipelines of the settings
(OSCAR_ORDER_STATUS_PIPELINE, OSCAR_LINE_STATUS_PIPELINE: built from the classes below); pages
translate it where shown ({% trans order.status %}). Settings import this module, so it imports
nothing at all: not even Django's gettext_noop, which reads the settings (USE_I18N) and so,
called while they are being imported, would configure Django from the half-imported settings
module and hide their own errors (a production site without DJANGO_SECRET_KEY would start).
"""


def gettext_noop(message: str) -> str:
    """Marks a status for the catalogue (makemessages finds the calls by this name); the
    string is stored untranslated, as Oscar expects."""
    return message


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
