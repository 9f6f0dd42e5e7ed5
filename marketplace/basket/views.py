from django.db.models import QuerySet
from oscar.apps.basket.views import *  # noqa: F403  (the views not overridden below)
from oscar.apps.basket.views import BasketView as CoreBasketView
from oscar.apps.basket.views import SavedView as CoreSavedView

from marketplace.basket.applicator import RequestOffersApplicator


class BasketView(CoreBasketView):
    """Oscar's basket page, reading the offers the middleware already read (not twice)."""

    def get_upsell_messages(self, basket):
        offers = RequestOffersApplicator().get_offers(basket, self.request.user, self.request)
        applied_offers = list(basket.offer_applications.offers.values())
        return [
            {"message": offer.get_upsell_message(basket), "offer": offer}
            for offer in offers
            if offer.is_condition_partially_satisfied(basket) and offer not in applied_offers
        ]


class SavedView(CoreSavedView):
    """Oscar's "saved for later" lines. With no saved basket Oscar hands the formset a plain
    list, which a posted formset cannot validate (a 500): an empty queryset instead, so a
    stale or forged post just finds nothing to move."""

    def get_queryset(self):
        lines = super().get_queryset()
        return lines if isinstance(lines, QuerySet) else self.model.objects.none()
