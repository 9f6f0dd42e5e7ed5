"""Receivers of the shop's payment signals: sent inside the transaction that records the
money, so an entry commits or rolls back with the payment itself."""

from payouts import services


def on_payment_collected(sender=None, *, order, source, amount, **kwargs):
    services.ledger_sale_record(order=order, source=source, amount=amount)


def on_payment_refunded(sender=None, *, order, source, amount, **kwargs):
    services.ledger_refund_record(order=order, source=source, amount=amount)
