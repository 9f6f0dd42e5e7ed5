"""Signals the shop's orders send, for the apps above it to hear without the shop importing them."""

from django.dispatch import Signal

# A partner's lines of an order were marked as sent (marketplace.order.fulfilment, whichever
# screen did it: the producer's portal or the staff orders dashboard). Sent with sender=Partner
# and partner, order, lines, by (the account that sent them), inside the dispatch's
# transaction. The practice shops of trainings record "practical passed" on it
# (mentoring.practice.on_lines_dispatched).
lines_dispatched = Signal()
