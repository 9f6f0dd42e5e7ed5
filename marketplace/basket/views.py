from oscar.apps.basket.views import *  # noqa: F403  (the views not overridden below)
from oscar.apps.basket.views import BasketView as CoreBasketView

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
