from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    """The platform's rules and notices as dated versions, who accepted which version and
    when, and what each person consented to. The texts are CMS pages (cms.LegalPage); this
    app keeps only the records, low enough for sign-in (accounts) and checkout (marketplace)."""

    name = "legal"
    verbose_name = _("Rules and consents")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from legal.gate import on_sign_in

        user_logged_in.connect(on_sign_in, dispatch_uid="legal-gate-on-sign-in")
