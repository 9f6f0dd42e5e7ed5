"""Product reviews (issue 21 item 9): only a signed-in buyer who paid for the product writes
one; it waits for staff, and neither shows nor moves the rating until approved."""

import pytest
from django.test import Client
from django.urls import reverse
from oscar.apps.catalogue.reviews.models import ProductReview

from accounts.models import User
from marketplace.order.models import Order
from tests.factories.marketplace import make_product
from tests.factories.orders import make_order

pytestmark = pytest.mark.django_db
REVIEW = {"title": "Mật ong thơm", "score": "1", "body": "Rất tệ", "name": "X", "email": "x@x.vn"}


@pytest.fixture
def product():
    return make_product()


def _url(product):
    return reverse(
        "catalogue:reviews-add", kwargs={"product_slug": product.slug, "product_pk": product.pk}
    )


def _client(user=None):
    client = Client()
    if user:
        client.force_login(user)
    return client


def _buyer(product, *, status="Paid", email="lan@example.com"):
    user = User.objects.create_user(email=email, password="x" * 12)
    order = make_order(items=[(product, 1)], user=user, email=email)
    Order.objects.filter(pk=order.pk).update(status=status)
    return user


def test_an_anonymous_visitor_cannot_review(product):
    client = _client()
    assert client.get(_url(product)).status_code == 302
    client.post(_url(product), REVIEW)
    assert not ProductReview.objects.exists()


@pytest.mark.parametrize("status", [None, "Awaiting payment", "Cancelled"])
def test_a_signed_in_user_who_has_not_paid_for_it_cannot_review(product, status):
    if status is None:
        user = User.objects.create_user(email="mai@example.com", password="x" * 12)
    else:
        user = _buyer(product, status=status)
    client = _client(user)
    assert client.post(_url(product), REVIEW).status_code == 302
    assert not ProductReview.objects.exists()
    page = client.get(product.get_absolute_url()).content.decode()
    assert _url(product) not in page  # no "Write a review" button


def test_a_buyers_review_waits_for_staff_before_it_shows_or_counts(product):
    buyer = _buyer(product)
    client = _client(buyer)
    assert _url(product) in client.get(product.get_absolute_url()).content.decode()
    assert client.post(_url(product), REVIEW).status_code == 302
    review = ProductReview.objects.get()
    assert review.status == ProductReview.FOR_MODERATION and review.user == buyer
    product.refresh_from_db()
    assert product.rating is None
    assert "Rất tệ" not in _client().get(product.get_absolute_url()).content.decode()
    # One review per buyer.
    assert client.post(_url(product), {**REVIEW, "body": "Lần hai"}).status_code == 302
    assert ProductReview.objects.count() == 1

    review.status = ProductReview.APPROVED
    review.save()
    product.refresh_from_db()
    assert product.rating == 1.0
    assert "Rất tệ" in _client().get(product.get_absolute_url()).content.decode()
