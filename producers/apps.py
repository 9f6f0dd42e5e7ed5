from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProducersConfig(AppConfig):
    """Producer profiles, listing and fulfilment (models arrive with the producers issue)."""

    name = "producers"
    verbose_name = _("Producers")

    def ready(self):
        from django.db.models.signals import post_save

        from marketplace.search import indexing
        from places.signals import units_loaded
        from producers.models import Producer
        from producers.placing import on_units_loaded

        # The shop's search documents show the producer's name and district. The search sits
        # below producers and does not import them, so its handler is connected from here.
        post_save.connect(
            indexing.on_producer_change, sender=Producer, dispatch_uid="search-documents"
        )
        # Producers typed before the units were loaded get their commune once they are.
        units_loaded.connect(on_units_loaded, dispatch_uid="producers-link-places")
