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
