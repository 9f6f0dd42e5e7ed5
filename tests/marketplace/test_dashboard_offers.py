"""Staff's list of offers (Oscar's dashboard, forked: marketplace.dashboard.offers) pages
through the offers in a set order."""

import warnings

import pytest
from django.core.paginator import UnorderedObjectListWarning
from django.urls import reverse
from oscar.apps.offer.models import Benefit, Condition, ConditionalOffer, Range

pytestmark = pytest.mark.django_db


def _offer(name: str, priority: int) -> ConditionalOffer:
    everything, _created = Range.objects.get_or_create(
        name="Mọi sản phẩm", defaults={"includes_all_products": True}
    )
    return ConditionalOffer.objects.create(
        name=name,
        offer_type=ConditionalOffer.SITE,
        priority=priority,
        condition=Condition.objects.create(range=everything, type=Condition.COUNT, value=1),
        benefit=Benefit.objects.create(type=Benefit.SHIPPING_PERCENTAGE, value=10),
    )


def test_the_offers_list_pages_through_the_offers_highest_priority_first(client, django_user_model):
    _offer("Giảm 10% phí vận chuyển", priority=0)
    _offer("Miễn phí vận chuyển Tết", priority=5)
    _offer("Giảm phí cho đơn lớn", priority=1)
    client.force_login(django_user_model.objects.create_superuser(email="s@example.com"))

    with warnings.catch_warnings():
        # Django warns when a page is cut from a list in no set order.
        warnings.simplefilter("error", UnorderedObjectListWarning)
        response = client.get(reverse("dashboard:offer-list"))

    assert response.status_code == 200
    assert [offer.name for offer in response.context["page_obj"]] == [
        "Miễn phí vận chuyển Tết",
        "Giảm phí cho đơn lớn",
        "Giảm 10% phí vận chuyển",
    ]
