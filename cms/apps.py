from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """Wagtail's editorial pages: home, news, campaigns, lessons, destinations, stories."""

    name = "cms"
    verbose_name = _("Pages")

    def ready(self):
        from cms import admin_csp, images, signals

        signals.connect()
        # Pages whose district was text get their area once the units are loaded.
        from cms.placing import on_units_loaded
        from places.signals import units_loaded

        units_loaded.connect(on_units_loaded, dispatch_uid="cms-link-places")
        images.connect()
        admin_csp.give_chooser_scripts_the_nonce()
