"""Deploy checks of the accounts app (`manage.py check --deploy`)."""

from django.conf import settings
from django.core import checks

# Senders that only print or keep the code: anyone reading the log could sign in.
LOCAL_SENDERS = {"", "accounts.otp.console_sender", "accounts.otp.outbox_sender"}


@checks.register(checks.Tags.security, deploy=True)
def phone_codes_are_really_sent(app_configs, **kwargs):
    if getattr(settings, "CHOPHIEN_OTP_SENDER", "") in LOCAL_SENDERS:
        return [
            checks.Warning(
                "Sign-in codes are printed to the log, not sent to phones.",
                hint="Set CHOPHIEN_OTP_SENDER=notifications.services.message_send "
                "(docs/phone-codes.md).",
                id="accounts.W001",
            )
        ]
    return []
