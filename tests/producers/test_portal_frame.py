"""The producer portal has a frame of its own: a seller at work sees the portal's links, not
the buyer's search, basket and "Start selling" footer."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories.producers import make_producer

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller():
    user = User.objects.create_user(email="pao@example.com", password="x" * 12)
    make_producer().partner.users.add(user)
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "name", ["portal:home", "portal:orders", "portal:lots", "portal:profile_edit"]
)
def test_portal_pages_have_the_sellers_menu_and_none_of_the_shops_header(seller, name):
    soup = BeautifulSoup(seller.get(reverse(name)).content, "html.parser")
    nav = soup.select_one("nav[data-portal-nav]")
    assert nav is not None
    links = {a["href"] for a in nav.select("a")}
    assert {reverse("portal:home"), reverse("portal:orders"), reverse("portal:lots")} <= links
    assert nav.select_one("a[aria-current=page]")["href"] in reverse(name)
    # The buyer's frame: shop search, basket, and the footer's invitation to start selling.
    assert soup.select_one("form.cp-search") is None
    assert soup.select_one(".cp-action--basket") is None
    assert (
        soup.find("a", href=reverse("portal:start"), string=lambda s: s and "Bắt đầu" in s) is None
    )
    assert "Bắt đầu bán hàng" not in soup.get_text()


def test_the_sign_up_wizard_has_the_portal_frame_without_the_sellers_menu():
    soup = BeautifulSoup(Client().get(reverse("portal:account")).content, "html.parser")
    assert soup.select_one("header.cp-portal") is not None
    assert soup.select_one("nav[data-portal-nav]") is None
    assert soup.select_one("form.cp-search") is None
