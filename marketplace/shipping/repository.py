from oscar.apps.shipping import repository

from marketplace.shipping.methods import ByProducer, ByProducerOfferDiscount
from marketplace.shipping.options import ShippingRates, basket_group_choices


def chosen_group_options(
    basket,
    *,
    shipping_commune,
    chosen: dict,
    rates: ShippingRates | None = None,
    cheapest_unless_chosen: bool = False,
) -> list | None:
    """Each group with the option chosen for it (for an address in `shipping_commune`, a
    commune-level unit in force today, or None), or None when a group has no option at all
    for this address, or no option chosen for it. The buyer always chooses (the cheapest is
    often pickup at the producer's home); only checkouts without a buyer at the screen
    (demo data, benchmarks) take the cheapest with `cheapest_unless_chosen`."""
    choices = []
    for item in basket_group_choices(
        basket, shipping_commune=shipping_commune, chosen=chosen, rates=rates
    ):
        group, option = item.group, item.option
        if not group.options:
            return None
        if option is None and cheapest_unless_chosen:
            option = min(group.options, key=lambda option: option.charge)
        if option is None:
            return None
        choices.append((group, option))
    return choices


class Repository(repository.Repository):
    """One method, "by producer": what each group costs comes from the options chosen at the
    shipping step (kept in the checkout session)."""

    def get_available_shipping_methods(self, basket, shipping_addr=None, **kwargs):
        request = kwargs.get("request")
        chosen = {}
        if request is not None:
            chosen = request.session.get("checkout_data", {}).get("shipping", {})
            chosen = chosen.get("group_options", {})
        # The address's commune of today (None before the buyer gave one): one query.
        commune = shipping_addr.commune if shipping_addr is not None else None
        choices = chosen_group_options(
            basket,
            shipping_commune=commune,
            chosen=chosen,
            rates=ShippingRates.for_request(request),
        )
        return [] if choices is None else [ByProducer(choices)]

    def get_default_shipping_method(self, basket, shipping_addr=None, **kwargs):
        # The basket page estimates shipping before there is an address or a choice; with no
        # option chosen yet it shows nothing rather than failing (the basket page says
        # shipping is chosen at checkout, not "0 ₫").
        methods = self.get_shipping_methods(basket, shipping_addr=shipping_addr, **kwargs)
        return methods[0] if methods else ByProducer([])

    def apply_shipping_offer(self, basket, method, offer):
        """A shipping offer (free or cheaper shipping) on the by-producer method: Oscar's
        wrapper would hide the groups checkout needs, ours shares the discount among them."""
        if isinstance(method, ByProducer) and method.calculate(basket).incl_tax:
            return ByProducerOfferDiscount(method, offer)
        return super().apply_shipping_offer(basket, method, offer)
