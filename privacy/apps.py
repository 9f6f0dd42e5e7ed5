from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """A person's rights over their personal data (Law 91/2025/QH15): download what the site
    holds about them, ask for deletion, and the notice a member sees at their first sign-in.
    Sits above mentoring: it reads every app below it and none of them reads it."""

    name = "privacy"
    verbose_name = _("Personal data")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from privacy import member_notice, messages  # noqa: F401 (registers the message)

        user_logged_in.connect(member_notice.on_sign_in, dispatch_uid="privacy.member_notice")
