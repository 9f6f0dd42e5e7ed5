"""The phone message a person gets when their deletion request has been carried out."""

from django.utils.translation import gettext_lazy as _

from notifications.templates import MessageTemplate, register

DELETION_DONE = register(
    MessageTemplate(
        code="privacy_deletion_done",
        label=_("Personal data deleted"),
        sms=_(
            "Chợ Phiên: as you asked on %(asked)s, your personal data has been deleted. "
            "Orders are kept without your name for accounting."
        ),
        params=("asked",),
    )
)
