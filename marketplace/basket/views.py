import dataclasses

from django.db.models import QuerySet
from oscar.apps.basket.views import *  # noqa: F403  (the views not overridden below)
from oscar.apps.basket.views import BasketView as CoreBasketView
from oscar.apps.basket.views import SavedView as CoreSavedView

from marketplace.basket.applicator import RequestOffersApplicator
from marketplace.checkout.utils import CheckoutSessionData
from marketplace.shipping.options import ShippingRates, basket_group_choices
from places.models import AdministrativeUnit


@dataclasses.dataclass
class BasketProducerGroup:
    """One producer's part of the basket page: its line forms, and its delivery once the
    buyer has chosen it at checkout (None before: no "0 ₫" guess)."""

    partner: object
    forms: list
    subtotal: object
    option: object


class BasketView(CoreBasketView):
    """Oscar's basket page, reading the offers the middleware already read (not twice), with
    its lines under the producer who ships them, as the order shows them."""

    def get_upsell_messages(self, basket):
        offers = RequestOffersApplicator().get_offers(basket, self.request.user, self.request)
        applied_offers = list(basket.offer_applications.offers.values())
        return [
            {"message": offer.get_upsell_message(basket), "offer": offer}
            for offer in offers
            if offer.is_condition_partially_satisfied(basket) and offer not in applied_offers
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = CheckoutSessionData(self.request)
        choices = basket_group_choices(
            self.request.basket,
            shipping_commune=self._checkout_commune(session),
            chosen=session.group_options(),
            rates=ShippingRates.for_request(self.request),
        )
        forms = {}
        for index, form in enumerate(context["formset"]):
            # Oscar's remove and save-for-later links name the form by its place in the
            # formset, which the grouped page no longer shows in order.
            form.index = index
            forms[form.instance.pk] = form
        context["basket_groups"] = [
            BasketProducerGroup(
                partner=item.group.partner,
                forms=[forms[line.pk] for line in item.group.lines if line.pk in forms],
                subtotal=item.group.subtotal,
                option=item.option,
            )
            for item in choices
        ]
        context["shipping_known"] = bool(choices) and all(item.option for item in choices)
        return context

    def _checkout_commune(self, session):
        """The commune of the address given at checkout, if the buyer has got that far."""
        fields = session.new_shipping_address_fields() or {}
        commune_id = fields.get("commune_id")
        if commune_id is None:
            address_id = session.shipping_user_address_id()
            if not (address_id and self.request.user.is_authenticated):
                return None
            address = self.request.user.addresses.filter(pk=address_id).first()
            commune_id = address.commune_id if address else None
        return AdministrativeUnit.objects.filter(pk=commune_id).first() if commune_id else None


class SavedView(CoreSavedView):
    """Oscar's "saved for later" lines. With no saved basket Oscar hands the formset a plain
    list, which a posted formset cannot validate (a 500): an empty queryset instead, so a
    stale or forged post just finds nothing to move."""

    def get_queryset(self):
        lines = super().get_queryset()
        return lines if isinstance(lines, QuerySet) else self.model.objects.none()
