from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProducersConfig(AppConfig):
    """Producer profiles, listing and fulfilment (models arrive with the producers issue)."""

    name = "producers"
    verbose_name = _("Producers")
