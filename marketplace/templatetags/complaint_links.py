"""What an order's page says and links about complaints about it (the buyer's: open one, see
how it went; the producer's: their own). The shop keeps no complaints:
settings.CHOPHIEN_ORDER_COMPLAINTS names the function that answers (the complaints app's),
called with the order and, on a producer's page, the partner; without it, nothing is shown."""

from django import template
from django.conf import settings
from django.utils.module_loading import import_string

register = template.Library()


@register.simple_tag
def order_complaint_links(order, partner=None) -> list[dict]:
    path = getattr(settings, "CHOPHIEN_ORDER_COMPLAINTS", "")
    if not path:
        return []
    return import_string(path)(order=order, partner=partner)
