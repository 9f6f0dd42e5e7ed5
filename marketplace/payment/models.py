from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.payment.abstract_models import AbstractSource, AbstractTransaction


class Source(AbstractSource):
    """Oscar's payment source, plus who receives the money.

    A card payment goes to the platform (no partner). Bank transfers and cash on delivery go
    straight to each producer: one source per producer group, which that producer (or staff)
    confirms as received.
    """

    partner = models.ForeignKey(
        "partner.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("paid to"),
    )

    class Meta(AbstractSource.Meta):
        # The bank feed finds the payment a transfer names by its reference ("CP100123 1"):
        # without an index every call read every payment ever made (53 ms at 100,000 orders).
        indexes = [models.Index(fields=["reference"], name="payment_source_reference")]

    def debit(self, amount=None, reference="", status=""):
        """Oscar's debit, writing only the amount debited where Oscar's writes the whole row:
        the bank feed debits a payment on every transfer it matches."""
        if amount is None:
            amount = self.balance
        self.amount_debited += amount
        self.save(update_fields=["amount_debited"])
        self._create_transaction(AbstractTransaction.DEBIT, amount, reference, status)

    debit.alters_data = True

    @property
    def refund_due(self):
        """Money received beyond what is now owed (lines were cancelled after it was paid),
        still to go back to the buyer."""
        return max(self.amount_debited - self.amount_refunded - self.amount_allocated, Decimal(0))


class WebhookEvent(models.Model):
    """A payment gateway event that has taken effect. Its id is unique, and the row is written
    in the same transaction as the effect, so a redelivered event changes nothing."""

    gateway = models.CharField(max_length=30)
    event_id = models.CharField(max_length=255)
    event_type = models.CharField(max_length=100)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["gateway", "event_id"], name="webhook_event_once")
        ]

    def __str__(self):
        return f"{self.gateway} {self.event_type} {self.event_id}"


class VNPayAttempt(models.Model):
    """One trip of the buyer to VNPay's payment page (vnp_TxnRef), and what VNPay's IPN said of
    it. It belongs to the order, not to a payment source: a buyer who gives up and pays another
    way has their source replaced, and a payment that still comes through afterwards is found
    here and sent back."""

    class Status(models.TextChoices):
        STARTED = "started", _("sent to VNPay")
        PAID = "paid", _("paid")
        FAILED = "failed", _("not paid")
        REFUNDED = "refunded", _("paid, then sent back")

    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, related_name="+")
    txn_ref = models.CharField(max_length=100, unique=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    # Also vnp_CreateDate, which a refund must repeat (as vnp_TransactionDate).
    created_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.STARTED)
    response_code = models.CharField(max_length=2, blank=True)
    transaction_no = models.CharField(max_length=30, blank=True)
    bank_code = models.CharField(max_length=20, blank=True)

    def __str__(self):
        return f"VNPay {self.txn_ref} ({self.status})"


class BankTransaction(models.Model):
    """One incoming transfer reported by the bank-transaction feed (Casso or SePay), kept
    whatever became of it, so staff can reconcile every đồng (marketplace.payment.bank_feed).

    The provider's own transaction id is unique per provider: a redelivered or replayed call
    finds its row and changes nothing.
    """

    class Provider(models.TextChoices):
        CASSO = "casso", "Casso"
        SEPAY = "sepay", "SePay"

    class State(models.TextChoices):
        MATCHED = "matched", _("Matched")
        PARTIAL = "partial", _("Part payment")
        OVERPAID = "overpaid", _("Paid too much")
        DUPLICATE = "duplicate", _("Already paid")
        UNMATCHED = "unmatched", _("Not matched")
        WRONG_ACCOUNT = "wrong_account", _("Wrong account")
        ORDER_CANCELLED = "order_cancelled", _("Order cancelled")

    # States staff must look at: money that did not (fully) settle what it was meant to.
    FLAGGED = (
        State.OVERPAID,
        State.DUPLICATE,
        State.UNMATCHED,
        State.WRONG_ACCOUNT,
        State.ORDER_CANCELLED,
    )

    provider = models.CharField(_("feed"), max_length=10, choices=Provider.choices)
    transaction_id = models.CharField(_("transaction id"), max_length=100)
    account_number = models.CharField(_("account number"), max_length=40, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    description = models.TextField(_("description"), blank=True)
    bank_reference = models.CharField(_("bank reference"), max_length=100, blank=True)
    # When the bank says the money arrived (its own clock); recorded_at is when we heard.
    received_at = models.DateTimeField(_("received at"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    source = models.ForeignKey(
        "payment.Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bank_transactions",
        verbose_name=_("payment"),
    )
    # Staff who matched it by hand (None: the feed matched it), or set it aside as dealt with.
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "transaction_id"], name="bank_transaction_once"
            )
        ]
        indexes = [models.Index(fields=["state", "resolved_at"], name="bank_txn_state")]

    def __str__(self):
        return f"{self.provider} {self.transaction_id} {self.amount}"

    @property
    def flagged(self) -> bool:
        return self.state in self.FLAGGED and self.resolved_at is None


from oscar.apps.payment.models import *  # noqa: E402, F403
