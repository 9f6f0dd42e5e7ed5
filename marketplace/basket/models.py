"""Oscar's basket models; the Basket reads its lines with everything the basket page, the
offers and the shipping estimate read per line (no field changes: Oscar's migrations, copied
as its docs say for a forked app, still describe the tables)."""

from oscar.apps.basket.abstract_models import AbstractBasket


class Basket(AbstractBasket):
    def all_lines(self):
        """Oscar's cached lines, with each line's product class, stock record, partner and
        producer joined and the products' stock records prefetched: the strategy, the
        shipping estimate per producer and the templates read them for every line, so
        without this each one costs a query (once per request, not per line, but the
        basket page's budget is 15 queries)."""
        if self.id is None:
            return self.lines.model.objects.none()
        if self._lines is None:
            self._lines = (
                self.lines.select_related(
                    "product__product_class",
                    "product__parent__product_class",
                    "stockrecord__partner__producer",
                )
                .prefetch_related("attributes", "product__images", "product__stockrecords")
                .order_by(self._meta.pk.name)
            )
        return self._lines

    @property
    def num_items(self):
        """The header shows this on every page; a visitor who has added nothing has an
        unsaved basket, whose empty line query Django would still build (about a
        millisecond of an uncached listing's CPU)."""
        if self.id is None:
            return 0
        return super().num_items


from oscar.apps.basket.models import *  # noqa: E402, F403
