"""Provincial staff can work in the Oscar dashboard; buyers cannot."""

import pytest
from django.contrib.auth.models import Group

from accounts.models import User

pytestmark = pytest.mark.django_db
DASHBOARD_PAGES = [
    "/dashboard/",
    "/dashboard/catalogue/",
    "/dashboard/orders/",
    "/dashboard/partners/",
]


def test_oscar_dashboard_group_has_its_permissions_on_a_fresh_database():
    group = Group.objects.get(name="All Oscar Dashboard Permissions")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"view_order", "change_product", "view_partner"} <= codenames


@pytest.mark.parametrize("url", DASHBOARD_PAGES)
def test_staff_in_the_dashboard_group_can_open_the_dashboard(client, url):
    staff = User.objects.create_user(email="staff@example.com", password="x", is_staff=True)
    staff.groups.add(Group.objects.get(name="All Oscar Dashboard Permissions"))
    client.force_login(staff)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", DASHBOARD_PAGES[1:])
def test_a_buyer_cannot_open_the_dashboard(client, url):
    client.force_login(User.objects.create_user(email="buyer@example.com", password="x"))
    assert client.get(url).status_code in (302, 403)


def test_a_producer_with_dashboard_access_cannot_publish_a_product_past_review(client):
    """Oscar grants `partner.dashboard_access` when staff link a user to a partner; its
    catalogue pages would then let the producer make a product public without review."""
    from django.contrib.auth.models import Permission
    from django.urls import reverse

    from marketplace.catalogue.models import Product
    from tests.factories.marketplace import make_product
    from tests.factories.producers import make_producer

    producer = make_producer()
    product = make_product(partner=producer.partner, title="Chè chờ duyệt")
    Product.objects.filter(pk=product.pk).update(
        is_public=False, moderation=Product.Moderation.SUBMITTED
    )
    user = User.objects.create_user(email="pao@example.com", password="x")
    user.user_permissions.add(Permission.objects.get(codename="dashboard_access"))
    producer.partner.users.add(user)
    client.force_login(user)

    url = reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})
    assert client.get(url).status_code in (302, 403)
    client.post(url, {"title": "Chè chờ duyệt", "is_public": "on"})
    product.refresh_from_db()
    assert not product.is_public
    assert client.get(reverse("dashboard:catalogue-product-list")).status_code in (302, 403)
