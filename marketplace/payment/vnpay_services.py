"""VNPay payments: the buyer is sent to VNPay's page once per attempt, VNPay's IPN is the only
authority for "paid", and money VNPay took for an order that no longer waits for it goes back.

Like card_services, every effect locks the order row first and shares the payment events of
services; an IPN is applied once (WebhookEvent by vnp_TxnRef and vnp_TransactionNo, and the
attempt's own state), whatever VNPay resends.
"""

import logging
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.order.statuses import OrderStatus
from marketplace.payment import vnpay_gateway as gateway
from marketplace.payment.card_services import _basket_spend
from marketplace.payment.models import VNPayAttempt
from marketplace.payment.services import (
    PAID,
    REFUNDED,
    _locked_order,
    _payment_event,
    _settle_if_fully_paid,
)
from marketplace.payment.signals import payment_collected

WebhookEvent = get_model("payment", "WebhookEvent")

logger = logging.getLogger(__name__)

CODE = "vnpay"


def awaiting_vnpay(order) -> bool:
    return order.payment_method == CODE and order.status == OrderStatus.AWAITING_PAYMENT


def vnpay_payment_start(*, order, return_url: str, ip_addr: str, language: str = "vi") -> str:
    """Record a new attempt for the order's amount and return VNPay's payment URL for it.

    A new vnp_TxnRef each time (VNPay refuses a reference twice in a day): reloading the page
    or coming back after a failed payment starts afresh. The random tail keeps references
    apart when a development database starts its order numbers again."""
    with transaction.atomic():
        order = _locked_order(order.pk)
        if not awaiting_vnpay(order):
            raise ValidationError(_("This order is no longer waiting for payment."))
        source = order.sources.get(partner__isnull=True)
        number = VNPayAttempt.objects.filter(order=order).count() + 1
        attempt = VNPayAttempt.objects.create(
            order=order,
            txn_ref=f"{order.number}V{number}{secrets.token_hex(2).upper()}",
            amount=source.amount_allocated,
            created_at=timezone.now().replace(microsecond=0),
        )
    return gateway.payment_url(
        txn_ref=attempt.txn_ref,
        amount=attempt.amount,
        # VNPay asks for the description without diacritics.
        order_info=f"Thanh toan don hang {order.number} Cho Phien",
        return_url=return_url,
        ip_addr=ip_addr,
        created_at=attempt.created_at,
        locale="en" if language == "en" else "vn",
    )


def vnpay_ipn_handle(params) -> str:
    """Apply VNPay's IPN once; returns the RspCode to answer (vnpay_gateway.IPN_*).

    Checked in VNPay's order: the signature (97), the attempt (01), its amount (04), whether
    it was already settled (02). A failed payment leaves the order waiting, to be paid again
    or another way. A success for an order that no longer waits for it (paid another way,
    cancelled, its amount changed meanwhile) is refunded through VNPay at once.
    """
    txn_ref = str(params.get("vnp_TxnRef", ""))
    if not gateway.signature_valid(params):
        logger.warning("VNPay IPN for %r refused: bad signature", txn_ref[:100])
        return gateway.IPN_INVALID_SIGNATURE
    attempt = VNPayAttempt.objects.filter(txn_ref=txn_ref).first()
    if attempt is None:
        logger.warning("VNPay IPN for unknown payment %r", txn_ref[:100])
        return gateway.IPN_ORDER_NOT_FOUND
    try:
        amount = gateway.amount_from_vnp(params.get("vnp_Amount"))
    except ValueError:
        return gateway.IPN_INVALID_AMOUNT
    if amount != attempt.amount:
        logger.warning("VNPay IPN for %s: %s paid, %s asked", txn_ref, amount, attempt.amount)
        return gateway.IPN_INVALID_AMOUNT
    response_code = str(params.get("vnp_ResponseCode", ""))
    transaction_no = str(params.get("vnp_TransactionNo", ""))
    succeeded = (
        response_code == gateway.SUCCESS
        and str(params.get("vnp_TransactionStatus", "")) == gateway.SUCCESS
    )
    with transaction.atomic():
        try:
            with transaction.atomic():
                WebhookEvent.objects.create(
                    gateway=CODE,
                    event_id=f"{txn_ref}:{transaction_no}",
                    event_type=f"ipn {response_code}",
                )
        except IntegrityError:
            return gateway.IPN_ALREADY_CONFIRMED
        order = _locked_order(attempt.order_id)
        attempt = VNPayAttempt.objects.select_for_update().get(pk=attempt.pk)
        if attempt.status != VNPayAttempt.Status.STARTED:
            # Settled by an earlier call with another transaction number: nothing twice.
            return gateway.IPN_ALREADY_CONFIRMED
        attempt.response_code = response_code[:2]
        attempt.transaction_no = transaction_no[:30]
        attempt.bank_code = str(params.get("vnp_BankCode", ""))[:20]
        if not succeeded:
            attempt.status = VNPayAttempt.Status.FAILED
            attempt.save()
            return gateway.IPN_CONFIRMED
        source = (
            order.sources.select_for_update().filter(partner__isnull=True).first()
            if awaiting_vnpay(order)
            else None
        )
        if source is None or source.amount_debited > 0 or amount != source.amount_allocated:
            attempt.status = VNPayAttempt.Status.REFUNDED
            attempt.save()
            logger.warning("Order %s: refunding VNPay payment %s", order.number, txn_ref)
            reference = gateway.attempt_refund(
                attempt=attempt, amount=amount, full=True, request_id=f"{txn_ref}A"
            )
            _payment_event(order, REFUNDED, amount, reference)
            if order.status != OrderStatus.AWAITING_PAYMENT:
                return gateway.IPN_ALREADY_CONFIRMED
            return gateway.IPN_CONFIRMED
        attempt.status = VNPayAttempt.Status.PAID
        attempt.save()
        source.reference = txn_ref
        source.save(update_fields=["reference"])
        # The debit names the attempt that received the money: refunds go through it.
        source.debit(amount, reference=txn_ref, status="succeeded")
        _payment_event(order, PAID, amount, transaction_no)
        payment_collected.send(sender=VNPayAttempt, order=order, source=source, amount=amount)
        _settle_if_fully_paid(order)
        _basket_spend(order)
    return gateway.IPN_CONFIRMED


@dataclass
class ReturnResult:
    """What VNPay's return to the site says, for the buyer's eyes only."""

    order: object
    paid: bool
    cancelled: bool
    code: str


def vnpay_return_read(params) -> ReturnResult | None:
    """The order and the result VNPay shows on the buyer's return, if the parameters are
    signed by our secret; None otherwise. Changes nothing: the IPN decides."""
    if not gateway.signature_valid(params):
        return None
    attempt = (
        VNPayAttempt.objects.filter(txn_ref=str(params.get("vnp_TxnRef", "")))
        .select_related("order")
        .first()
    )
    if attempt is None:
        return None
    code = str(params.get("vnp_ResponseCode", ""))
    return ReturnResult(
        order=attempt.order,
        paid=code == gateway.SUCCESS,
        cancelled=code == gateway.CANCELLED_BY_BUYER,
        code=code,
    )


def vnpay_attempt_recent(*, order) -> bool:
    """Whether the buyer went to VNPay's page lately and its page may still take the payment:
    the order's page then looks again by itself for VNPay's word."""
    since = timezone.now() - gateway.EXPIRES_AFTER
    return VNPayAttempt.objects.filter(
        order=order, status=VNPayAttempt.Status.STARTED, created_at__gte=since
    ).exists()
