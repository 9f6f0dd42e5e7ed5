from django.db import models
from django.utils.translation import gettext_lazy as _

from notifications.templates import template_get


class Channel(models.TextChoices):
    ZALO = "zalo", _("Zalo")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    RETRYING = "retrying", _("Waiting to be tried again")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Message(models.Model):
    """One message to one person by one channel, whatever became of it: what staff read to
    answer "did the buyer get told?". A phone message that cannot go by Zalo is followed by a
    new Message by SMS (`fallbacks` names the channels still to try).

    `to` and `body` are personal data: the admin list is for staff with the view permission.
    """

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    to = models.CharField(_("recipient"), max_length=254)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    template = models.CharField(_("template"), max_length=60)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # The text as sent: the SMS (without diacritics) or an email's subject.
    body = models.TextField(_("message text"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MessageStatus.choices,
        default=MessageStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    provider_id = models.CharField(_("gateway's message id"), max_length=100, blank=True)
    fallbacks = models.JSONField(_("channels left to try"), default=list, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_channel_display()} · {self.template_label} · {self.to}"

    @property
    def template_label(self) -> str:
        """The template's name for staff ("Đã đặt hàng"), or its code if it is no longer
        registered (a message of an old release)."""
        try:
            return str(template_get(self.template).label or self.template)
        except LookupError:
            return self.template
