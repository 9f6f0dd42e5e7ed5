"""What the platform owes producers for money it collected (card, VNPay), the tax it withheld
from it, and the batches of transfers that pay it out.

Money paid straight to a producer (VietQR to their own account, cash) never appears here: the
producer holds it and declares its tax. See docs/payouts.md.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WithholdingRate(models.Model):
    """The rates a platform with a payment function withholds from a household's or an
    individual's sales (Decree 117/2025/NĐ-CP), from a date on. Data, not code: when the law
    changes, staff add a row with its date; the row in force on the payment's date applies."""

    class Kind(models.TextChoices):
        GOODS = "goods", _("Goods")

    kind = models.CharField(_("kind of sale"), max_length=20, choices=Kind.choices)
    vat_percent = models.DecimalField(_("VAT (%)"), max_digits=5, decimal_places=2)
    pit_percent = models.DecimalField(_("personal income tax (%)"), max_digits=5, decimal_places=2)
    effective_from = models.DateField(_("in force from"))
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("withholding rate")
        verbose_name_plural = _("withholding rates")
        ordering = ["kind", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "effective_from"], name="one_rate_per_day"),
            models.CheckConstraint(
                condition=models.Q(vat_percent__gte=0, vat_percent__lte=100)
                & models.Q(pit_percent__gte=0, pit_percent__lte=100),
                name="withholding_rate_is_a_percent",
            ),
        ]

    def __str__(self):
        return (
            f"{self.get_kind_display()} {self.effective_from}: "
            f"{self.vat_percent} % + {self.pit_percent} %"
        )


class PayoutBatch(models.Model):
    """The transfers paying producers what the ledger says they are owed, up to a day.

    Its items are fixed when it is made: entries recorded later (a refund, a new sale) wait for
    the next batch. Once exported it can no longer be cancelled; once paid, never paid again.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        EXPORTED = "exported", _("Exported to the bank")
        PAID = "paid", _("Paid")

    period_end = models.DateField(_("entries up to"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    exported_at = models.DateTimeField(_("exported"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_reference = models.CharField(_("bank reference"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("payout batch")
        verbose_name_plural = _("payout batches")
        ordering = ["-created_at"]
        permissions = [("manage_payouts", "Can run payouts and read withholding reports")]

    def __str__(self):
        return _("Payout batch of %(day)s") % {"day": self.period_end.strftime("%d/%m/%Y")}

    @property
    def code(self) -> str:
        """Short, ASCII: written in each transfer's message."""
        return f"CPTT{self.pk}"


class PayoutItem(models.Model):
    """One producer's transfer in a batch: the sum of its entries and the account it goes to,
    as they were when the batch was made (a later change of account does not move money
    already exported)."""

    batch = models.ForeignKey(PayoutBatch, on_delete=models.CASCADE, related_name="items")
    producer = models.ForeignKey(
        "producers.Producer", on_delete=models.PROTECT, related_name="payout_items"
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=0)
    beneficiary_name = models.CharField(_("beneficiary"), max_length=50)
    account_number = models.CharField(_("account number"), max_length=19)
    bank_bin = models.CharField(_("bank BIN"), max_length=6)

    class Meta:
        ordering = ["batch", "producer__partner__name"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "producer"], name="one_item_per_producer"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payout_positive"),
        ]

    def __str__(self):
        return f"{self.batch_id} {self.producer_id}: {self.amount}"


class LedgerEntry(models.Model):
    """What one producer is owed (or owes back) from one movement of money the platform
    collected: a sale (`sale`, positive) or a refund (`refund`, negative amounts).

    gross - fee - vat - pit = net. `key` names the movement (the payment source and its amount
    collected, or the source's total refunded after a refund), so a signal delivered twice
    records nothing more.
    """

    class Kind(models.TextChoices):
        SALE = "sale", _("Sale")
        REFUND = "refund", _("Refund")

    producer = models.ForeignKey(
        "producers.Producer", on_delete=models.PROTECT, related_name="ledger_entries"
    )
    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, related_name="+")
    source = models.ForeignKey("payment.Source", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=100)
    occurred_at = models.DateTimeField(_("when"))
    gross = models.DecimalField(_("gross"), max_digits=14, decimal_places=0)
    fee = models.DecimalField(_("platform fee"), max_digits=14, decimal_places=0)
    vat = models.DecimalField(_("VAT withheld"), max_digits=14, decimal_places=0)
    pit = models.DecimalField(_("PIT withheld"), max_digits=14, decimal_places=0)
    net = models.DecimalField(_("net"), max_digits=14, decimal_places=0)
    # The rates used (percent), kept so a refund reverses at the sale's rates and a report
    # can show them after the rate table changes.
    fee_percent = models.DecimalField(max_digits=5, decimal_places=2)
    vat_percent = models.DecimalField(max_digits=5, decimal_places=2)
    pit_percent = models.DecimalField(max_digits=5, decimal_places=2)
    batch = models.ForeignKey(
        PayoutBatch,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entries",
        verbose_name=_("payout batch"),
    )

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["occurred_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["key", "producer"], name="ledger_entry_once"),
            models.CheckConstraint(
                condition=models.Q(
                    net=models.F("gross") - models.F("fee") - models.F("vat") - models.F("pit")
                ),
                name="ledger_entry_adds_up",
            ),
        ]
        indexes = [models.Index(fields=["producer", "occurred_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.order_id} {self.producer_id}: {self.net}"
