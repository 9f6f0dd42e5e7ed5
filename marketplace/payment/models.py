from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.payment.abstract_models import AbstractSource


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


from oscar.apps.payment.models import *  # noqa: E402, F403
