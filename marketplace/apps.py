from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    """Our commerce glue around Oscar: money and slug helpers, the backup and housekeeping commands.

    Oscar's own root app config is `marketplace.config.Shop`; the forked Oscar apps are the
    packages beside this file.
    """

    name = "marketplace"
    verbose_name = _("Marketplace")
