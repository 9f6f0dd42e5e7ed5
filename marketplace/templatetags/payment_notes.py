"""{% order_payment_notes order as notes %}: how each received payment of a transfer or cash
order was confirmed, in words ({source id: sentence}; payment.selectors). Read on the order's
pages and in its emails, so each says the same."""

from django import template

from marketplace.payment.selectors import order_payment_notes as _order_payment_notes

register = template.Library()


@register.simple_tag
def order_payment_notes(order) -> dict:
    return _order_payment_notes(order=order)


@register.filter
def note_for(notes: dict, source) -> str:
    return notes.get(getattr(source, "pk", source), "")
