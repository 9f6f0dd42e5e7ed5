"""What payments tell the apps above the shop (the payout ledger) without the shop knowing them.

Both are sent inside the transaction that records the money, so a receiver's writes commit or
roll back with it. Receivers must not call a gateway.
"""

from django.dispatch import Signal

# Money the platform itself collected for an order (card, VNPay: not a transfer or cash paid
# straight to a producer). Keyword arguments: order, source, amount (Decimal, whole đồng).
payment_collected = Signal()

# Money given back to the buyer from a source. Keyword arguments: order, source, amount.
payment_refunded = Signal()
