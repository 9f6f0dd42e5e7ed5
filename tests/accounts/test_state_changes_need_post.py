"""A GET changes nothing (issue 21 item 12): signing out of the shop and adding to a wish list
need a POST with the CSRF token, so an image or a link on any page cannot do them."""

import pytest
from django.test import Client
from django.urls import reverse
from oscar.apps.wishlists.models import WishList

from accounts.models import User
from tests.factories.marketplace import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def buyer():
    return User.objects.create_user(email="lan@example.com", password="x" * 12)


@pytest.fixture
def browser(buyer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(buyer)
    return client


def _csrf(client) -> str:
    page = client.get(reverse("customer:profile-view"))
    assert page.status_code == 200
    return client.cookies["csrftoken"].value


def test_a_get_does_not_sign_out(browser, buyer):
    assert browser.get(reverse("customer:logout")).status_code == 405
    assert browser.session.get("_auth_user_id") == str(buyer.pk)
    # Nor a POST from another site (no CSRF token).
    assert browser.post(reverse("customer:logout")).status_code == 403
    assert browser.session.get("_auth_user_id") == str(buyer.pk)


def test_the_top_bar_signs_out_with_a_post_form(browser, buyer):
    page = browser.get(reverse("customer:profile-view")).content.decode()
    form = f'<form class="cp-logout" action="{reverse("customer:logout")}" method="post">'
    assert form in page and 'name="csrfmiddlewaretoken"' in page
    token = _csrf(browser)
    response = browser.post(reverse("customer:logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "_auth_user_id" not in browser.session


def test_a_get_does_not_add_to_a_wish_list(browser, buyer):
    product = make_product()
    url = reverse("customer:wishlists-add-product", kwargs={"product_pk": product.pk})
    assert browser.get(url).status_code == 405
    assert not WishList.objects.filter(owner=buyer).exists()  # not even an empty list made
    token = _csrf(browser)
    assert browser.post(url, {"csrfmiddlewaretoken": token}).status_code == 302
    assert WishList.objects.get(owner=buyer).lines.get().product == product


def test_signing_out_clears_the_offline_copies_kept_while_signed_in(browser, buyer):
    """The service worker keeps the last pages opened for offline use; on a shared phone the
    next person must not read them after this one signs out."""
    response = browser.post(reverse("customer:logout"), {"csrfmiddlewaretoken": _csrf(browser)})
    assert response.status_code == 302
    cleared = {part.strip() for part in response["Clear-Site-Data"].split(",")}
    assert {'"cache"', '"storage"'} <= cleared
