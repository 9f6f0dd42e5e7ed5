from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """Wagtail's editorial pages: home, news, campaigns, lessons, destinations, stories."""

    name = "cms"
    verbose_name = _("Pages")

    def ready(self):
        from cms import admin_csp, images, signals

        signals.connect()
        images.connect()
        admin_csp.give_chooser_scripts_the_nonce()
