"""Oscar's product queryset, forked to hold the one rule for "which products the public may
see" (Oscar's class loader picks this module up in place of oscar.apps.catalogue.managers)."""

from oscar.apps.catalogue.managers import ProductQuerySet as CoreProductQuerySet


class ProductQuerySet(CoreProductQuerySet):
    def shown_to_public(self):
        """The products the public may see: on sale (Oscar's `is_public`), checked by staff
        (moderation approved) and not a variant (Oscar's `browsable()`). The producer's own
        rule reaches a product through `is_public`: producers' services take a suspended or
        unapproved producer's products off sale, and a practice product is never on sale.
        Pages about producers add that rule explicitly: `producers.selectors.products_public`."""
        return self.browsable().filter(moderation=self.model.Moderation.APPROVED)
