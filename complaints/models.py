"""A buyer's complaint about an order (E-commerce Law 2025: the platform handles complaints):
on one line, or on one producer's part of the order; the producer answers by a deadline, staff
decide (a refund through the shop's refund service, or a rejection with a reason)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.storage import private_storage


class Reason(models.TextChoices):
    NOT_RECEIVED = "not_received", _("Not received")
    NOT_AS_DESCRIBED = "not_as_described", _("Not as described")
    DAMAGED = "damaged", _("Damaged")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    REFUNDED = "refunded", _("Refunded")
    REJECTED = "rejected", _("Rejected")


class Complaint(models.Model):
    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, related_name="complaints")
    # None: the complaint is about the producer's whole part of the order (a parcel not received).
    line = models.ForeignKey(
        "order.Line", null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    partner = models.ForeignKey("partner.Partner", on_delete=models.PROTECT, related_name="+")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # None: a guest, through the order's signed link
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    description = models.TextField(_("what happened"), max_length=2000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(auto_now_add=True)
    answer_due_at = models.DateTimeField()
    answer = models.TextField(_("answer"), blank=True, max_length=2000)
    answered_at = models.DateTimeField(null=True, blank=True)
    # The answer came after answer_due_at: kept, and shown to staff.
    answered_late = models.BooleanField(default=False)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True, max_length=2000)
    refund_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-opened_at", "-pk"]
        permissions = [("decide_complaint", "Can decide complaints")]
        constraints = [
            # One open complaint per line, and per producer's part when no line is named; the
            # service says it in Vietnamese first, the database holds it under a race.
            models.UniqueConstraint(
                fields=["line"],
                condition=Q(status="open", line__isnull=False),
                name="complaint_one_open_per_line",
            ),
            models.UniqueConstraint(
                fields=["order", "partner"],
                condition=Q(status="open", line__isnull=True),
                name="complaint_one_open_per_group",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} · {self.order.number}"

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN


class ComplaintPhoto(models.Model):
    """Evidence: a buyer's photo, normalised by the producers' photo rules (no metadata),
    kept in the private storage (no URL serves it; complaints.views.photo checks who asks)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(storage=private_storage, upload_to="complaints/%Y/%m/")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.complaint} · {self.pk}"
