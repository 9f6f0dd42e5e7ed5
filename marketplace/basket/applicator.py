"""Oscar's offer Applicator, reading the offers once per request."""

from oscar.apps.offer.applicator import Applicator as CoreApplicator

_MEMO = "_chophien_basket_offers"


class RequestOffersApplicator(CoreApplicator):
    """The basket middleware applies the offers when the basket loads, and the basket page
    reads them again for its "spend X more" messages: two reads of the vouchers and the site
    offers (2 queries each). This one keeps the first read on the request, per basket.

    Only for reads within one request that cannot change the basket's vouchers (the voucher
    add/remove views use Oscar's own Applicator, and redirect)."""

    def get_offers(self, basket, user=None, request=None):
        if request is None:
            return super().get_offers(basket, user, request)
        memo = request.__dict__.setdefault(_MEMO, {})
        if basket.pk not in memo:
            memo[basket.pk] = super().get_offers(basket, user, request)
        return memo[basket.pk]
