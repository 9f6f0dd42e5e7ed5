"""The ways to pay, behind one small interface.

Checkout knows only `PaymentMethod`: whether a method is open to an order's producers, what
to record when the order is placed, where the buyer goes next, and how money goes back. Card
payments (Stripe) settle through the gateway's webhook; bank transfers and cash on delivery
go straight to each producer, who (or staff) confirms the money arrived. A new gateway
(VNPay, MoMo) is a new subclass listed in settings.CHOPHIEN_PAYMENT_METHODS.
"""

from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from marketplace.money import whole_dong
from marketplace.order.selectors import order_producer_groups
from marketplace.payment.stripe_gateway import card_in_test_mode
from marketplace.sandbox import sandbox_policy

Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")


class PaymentMethod:
    code: str = ""
    name: str = ""
    description: str = ""
    # Money goes to each producer (one source per producer group) rather than to the platform.
    collected_by_producer = False
    # The order is final once placed (the basket is spent); otherwise the basket waits frozen
    # until the payment succeeds, and the buyer can go back to it.
    final_at_placement = True
    # What the buyer's order page and emails say of who holds the money once paid (None: the
    # page's own wording for the method).
    paid_note = None

    def unavailable_reason(self, *, producers) -> str | None:
        """Why this method cannot pay for these producers' lines, or None if it can."""
        return self.sandbox_reason(producers=producers) or self.method_unavailable_reason(
            producers=producers
        )

    def method_unavailable_reason(self, *, producers) -> str | None:
        """The method's own conditions (a bank account, a gateway set up)."""
        return None

    def sandbox_reason(self, *, producers) -> str | None:
        """Sandbox purchases (marketplace.sandbox: the practice shops of trainings) are paid
        by test card, and by nothing else."""
        if any(producer is not None and producer.is_sandbox for producer in producers):
            return _("Practice purchases are paid by test card only.")
        return None

    def order_placed(self, *, order) -> None:
        """Record what is to be paid, and to whom, once the order exists."""
        raise NotImplementedError

    def next_url(self, *, order) -> str | None:
        """Where the buyer goes after placing the order (None: the thank-you page)."""
        return None

    def refund(self, *, source, amount: Decimal) -> str:
        """Give money back through the method; returns the gateway's reference."""
        raise NotImplementedError

    def source_type(self):
        source_type, _created = SourceType.objects.get_or_create(
            code=self.code, defaults={"name": str(self.name)}
        )
        return source_type


class PaidToProducer(PaymentMethod):
    """Each producer group is paid on its own, to that producer; the order is paid once every
    producer (or staff) has confirmed their part."""

    collected_by_producer = True

    def order_placed(self, *, order) -> None:
        source_type = self.source_type()
        totals = order_group_totals(order)
        Source.objects.bulk_create(
            Source(
                order=order,
                source_type=source_type,
                partner=group.partner,
                currency=order.currency,
                amount_allocated=whole_dong(total),  # a VietQR amount is whole đồng
                reference=f"CP{order.number} {index}",
            )
            for index, (group, total) in enumerate(totals, start=1)
        )

    def refund(self, *, source, amount: Decimal) -> str:
        # The producer hands the money back by transfer or in cash; we record that it was done.
        return "manual"


class BankTransfer(PaidToProducer):
    code = "bank-transfer"
    name = _("Bank transfer (VietQR)")
    description = _(
        "Scan the QR code with your banking app; each producer receives their part directly."
    )

    def method_unavailable_reason(self, *, producers) -> str | None:
        missing = [p.name for p in producers if p is None or not p.has_bank_account]
        if missing:
            return _("Not every producer in your basket takes bank transfers yet.")
        return None


class CashOnDelivery(PaidToProducer):
    code = "cod"
    name = _("Cash on delivery")
    description = _("Pay each producer in cash when you receive your goods.")


class PaidToPlatform(PaymentMethod):
    """The whole order is paid to the platform (which pays the producers out: the payouts
    ledger) on the gateway's page, after the order is placed: one source with no producer, and
    the buyer goes on to `payment_url_name`."""

    final_at_placement = False
    payment_url_name = ""

    def order_placed(self, *, order) -> None:
        Source.objects.create(
            order=order,
            source_type=self.source_type(),
            currency=order.currency,
            amount_allocated=order.total_incl_tax,
        )

    def next_url(self, *, order) -> str | None:
        return reverse(
            self.payment_url_name,
            kwargs={"order_number": order.number, "hash": order.verification_hash()},
        )


class StripeCard(PaidToPlatform):
    code = "card"
    payment_url_name = "checkout:card-payment"
    name = _("Card (Visa, Mastercard)")
    description = _("Pay the whole order by card. Your card details go straight to Stripe.")

    def method_unavailable_reason(self, *, producers) -> str | None:
        if not settings.STRIPE_SECRET_KEY:
            return _("Card payments are not set up on this site.")
        return None

    def sandbox_reason(self, *, producers) -> str | None:
        if not any(producer is not None and producer.is_sandbox for producer in producers):
            return None
        if reason := sandbox_policy().basket_reason(producers=producers):
            return reason
        if not card_in_test_mode():
            return _(
                "Practice purchases need card payments in test mode, and this site takes real "
                "cards: practise on the training site."
            )
        return None

    def refund(self, *, source, amount: Decimal) -> str:
        from marketplace.payment import stripe_gateway

        return stripe_gateway.refund_create(source=source, amount=amount)


class VNPay(PaidToPlatform):
    """Domestic ATM cards, bank apps and VNPay-QR through VNPay, paid to the platform (which pays
    the producers out). Like the card, VNPay's server-to-server call (the IPN) is the only word
    on "paid"; the buyer's return from VNPay only shows them where things stand."""

    code = "vnpay"
    payment_url_name = "checkout:vnpay-payment"
    name = _("ATM card / bank QR (VNPay)")
    description = _(
        "Pay the whole order with your ATM card, banking app or a VNPay QR code, on VNPay's page."
    )
    paid_note = _("Paid by VNPay to Chợ Phiên.")

    def method_unavailable_reason(self, *, producers) -> str | None:
        from marketplace.payment import vnpay_gateway

        if not vnpay_gateway.is_configured():
            return _("VNPay payments are not set up on this site.")
        return None

    def refund(self, *, source, amount: Decimal) -> str:
        from marketplace.payment import vnpay_gateway

        return vnpay_gateway.source_refund(source=source, amount=amount)


def payment_methods() -> list[PaymentMethod]:
    return [import_string(path)() for path in settings.CHOPHIEN_PAYMENT_METHODS]


def payment_method_get(code: str) -> PaymentMethod:
    for method in payment_methods():
        if method.code == code:
            return method
    raise KeyError(code)


def online_method_codes() -> list[str]:
    """The methods paid online to the platform through a gateway (card, VNPay): their orders
    wait, with the basket frozen, until the gateway confirms the money; until then the buyer
    may pay another way, and producers do not see them."""
    return [method.code for method in payment_methods() if not method.final_at_placement]


def payment_method_or_none(code: str) -> PaymentMethod | None:
    """The method an order was placed with; None for orders from before it was recorded
    (payment_method "") or a method since taken off the site. Pages show "—" for these."""
    try:
        return payment_method_get(code)
    except KeyError:
        return None


def order_group_totals(order) -> list:
    """Each shipping group of an order with what its producer is owed: their lines and the
    shipping they charge."""
    return [(item.group, item.total) for item in order_producer_groups(order)]
