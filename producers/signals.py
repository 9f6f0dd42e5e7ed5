"""Signals producers send, for the apps above them to hear without producers importing them."""

from django.dispatch import Signal

# A sandbox shop (Producer.is_sandbox) marked lines of an order as sent: sent with
# sender=Producer and producer, order, by (the account that sent them), inside the dispatch's
# transaction. The practice shops of trainings record "practical passed" on it
# (mentoring.practice.on_sandbox_lines_dispatched).
sandbox_lines_dispatched = Signal()
