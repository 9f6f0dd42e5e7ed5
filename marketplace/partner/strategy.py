"""How a price is chosen and taxed, made explicit rather than left to Oscar's default.

Prices that producers enter are what the buyer pays: household businesses are under the VAT
threshold and registered sellers enter VAT-inclusive retail prices, as Vietnamese shops do.
So no tax is added on top. Each product has one stock record (one producer).
"""

from oscar.apps.partner import availability, strategy

from marketplace.sandbox import sandbox_policy


class Selector:
    def strategy(self, request=None, user=None, **kwargs):
        strategy = VietnamRetail(request)
        if user is not None and strategy.user is None:  # a checkout without a request
            strategy.user = user
        return strategy


class VietnamRetail(
    strategy.UseFirstStockRecord,
    strategy.StockRequired,
    strategy.NoTax,
    strategy.Structured,
):
    """Tax-inclusive whole-đồng prices from the product's single stock record."""

    def select_stockrecord(self, product):
        if "stockrecords" in getattr(product, "_prefetched_objects_cache", {}):
            return super().select_stockrecord(product)  # a listing prefetched them
        # A single product (its own page, the basket form): the record with its producer in
        # one query, since every page that shows a price also names who sells it.
        return product.stockrecords.select_related("partner__producer").first()

    def availability_policy(self, product, stockrecord):
        # A product off sale (awaiting review, or its producer suspended) cannot be bought,
        # even by posting to the basket directly: Oscar's stock rule alone would allow it.
        if not product.is_public and not self._sandbox_buyable(product, stockrecord):
            return availability.Unavailable()
        return super().availability_policy(product, stockrecord)

    def _sandbox_buyable(self, product, stockrecord) -> bool:
        """A sandbox shop's product (marketplace.sandbox: a training's practice shop) is never
        public, yet the sandbox policy may let this buyer have it (a fellow trainee of the
        same training): the one exception, checked for this buyer."""
        if product.moderation != product.Moderation.PRACTICE or stockrecord is None:
            return False
        producer = getattr(stockrecord.partner, "producer", None)
        return sandbox_policy().product_buyable_by(user=self.user, producer=producer)
