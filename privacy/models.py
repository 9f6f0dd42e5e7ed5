"""Requests people make about their personal data, and the member notice's one showing."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeletionRequest(models.Model):
    """A person asked, from their own account page, that the site forget them. Staff handle it
    in the Wagtail admin (privacy.services.deletion_request_handle): the account and, for a
    member, the roster entry are anonymised; orders stay, de-identified (docs/privacy.md).

    The row outlives the handling, pointing at the anonymised account: the proof that the
    request was made and when it was carried out."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting")
        DONE = "done", _("Carried out")

    # An account deleted outright (Oscar's "Delete profile") takes its request with it: the
    # audit log keeps that it was made.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="deletion_requests",
        verbose_name=_("account"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    reason = models.TextField(_("reason (optional)"), blank=True)
    created_at = models.DateTimeField(_("asked on"), auto_now_add=True)
    handled_at = models.DateTimeField(_("carried out on"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("carried out by"),
    )
    # What was done, counted (no names): shown to staff and kept as the record.
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("deletion request")
        verbose_name_plural = _("deletion requests")
        ordering = ["created_at"]
        constraints = [
            # One open request per person: asking twice does not make two.
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="open"),
                name="privacy_one_open_deletion_request",
            )
        ]

    def __str__(self):
        return f"#{self.pk} · {self.get_status_display()}"


class MemberNoticeShown(models.Model):
    """The account was shown what the union holds about its member (at their first sign-in as
    a member): shown once, so this row says it was."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    shown_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.user_id} · {self.shown_at:%Y-%m-%d}"
