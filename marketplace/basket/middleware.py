from oscar.apps.basket.middleware import BasketMiddleware as CoreBasketMiddleware

from marketplace.basket.applicator import RequestOffersApplicator


class BasketMiddleware(CoreBasketMiddleware):
    """Oscar's, keeping the offers it read on the request (the basket page reads them again)."""

    def apply_offers_to_basket(self, request, basket):
        if not basket.is_empty:
            RequestOffersApplicator().apply(basket, request.user, request)
