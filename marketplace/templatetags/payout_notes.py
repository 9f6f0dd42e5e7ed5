"""What an order's page says about where its money went once the platform collected it
("to be paid out to <producer> in the batch of 12/12"). The shop does not keep that ledger:
settings.CHOPHIEN_ORDER_PAYOUT_NOTES names the function that answers (payouts'), called with
the order and, on a producer's page, the partner; without it, nothing is said."""

from django import template
from django.conf import settings
from django.utils.module_loading import import_string

register = template.Library()


@register.simple_tag
def order_payout_notes(order, partner=None) -> list[str]:
    path = getattr(settings, "CHOPHIEN_ORDER_PAYOUT_NOTES", "")
    if not path:
        return []
    return import_string(path)(order=order, partner=partner)
