"""Producers list and edit their own products; staff check what buyers trust before sale."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from marketplace.catalogue.models import OcopCertificate, Product
from producers.models import Producer
from tests.factories.producers import make_producer
from tests.support.images import jpeg_upload

pytestmark = pytest.mark.django_db


def _owner_client(client, producer, email="pao@example.com"):
    user = User.objects.create_user(email=email, password="x")
    producer.partner.users.add(user)
    client.force_login(user)
    return client


def _form(category, **changes):
    data = {
        "title": "Chè Shan Tuyết Tả Phìn – gói 200g",
        "category": category.pk,
        "price": "180000",
        "num_in_stock": "30",
        "description": "Chè búp hái tay.",
        "unit": "goi",
        "weight_grams": "250",
        "origin_commune": "Tả Phìn",
        "harvest_season": "tháng 3 – tháng 5",
        "stars": "",
        "number": "",
        "issued_on": "",
        "expires_on": "",
    }
    return {**data, **changes}


def test_new_product_waits_for_review_then_goes_on_sale(client, category):
    producer = make_producer()
    owner = _owner_client(client, producer)
    response = owner.post(
        reverse("portal:product_add"),
        {**_form(category), "photo": jpeg_upload("che.jpg", size=(300, 300))},
    )
    assert response.status_code == 302
    product = Product.objects.get(stockrecords__partner=producer.partner)
    assert product.moderation == Product.Moderation.SUBMITTED and not product.is_public
    assert product.unit == "goi" and product.weight_grams == 250

    staff = User.objects.create_user(email="staff@example.com", password="x", is_staff=True)
    staff.groups.add(Group.objects.get(name="Producer moderators"))
    client.force_login(staff)
    queue = client.get(reverse("product_review:index"), {"moderation": "submitted"})
    assert product.title in queue.content.decode()
    review = reverse("product_review:review", kwargs={"pk": product.pk})
    assert client.post(review, {"decision": "approve"}).status_code == 302
    product.refresh_from_db()
    assert product.is_public


def test_changing_the_price_takes_the_product_back_to_review(client, category, approved_product):
    producer, product = approved_product
    owner = _owner_client(client, producer)
    url = reverse("portal:product_edit", kwargs={"pk": product.pk})
    assert owner.post(url, _form(category, price="200000")).status_code == 302
    product.refresh_from_db()
    assert product.moderation == Product.Moderation.SUBMITTED
    assert not product.is_public
    assert product.stockrecords.get().price == 200000


def test_changing_only_the_stock_keeps_the_product_on_sale(client, category, approved_product):
    producer, product = approved_product
    owner = _owner_client(client, producer)
    price = str(int(product.stockrecords.get().price))
    url = reverse("portal:product_edit", kwargs={"pk": product.pk})
    unchanged = {"price": price, "description": product.description}
    owner.post(url, _form(category, **unchanged, num_in_stock="0"))
    product.refresh_from_db()
    assert product.moderation == Product.Moderation.APPROVED and product.is_public
    assert product.stockrecords.get().num_in_stock == 0  # sold out is allowed


def test_another_producer_gets_404_on_my_product(client, category, approved_product):
    producer, product = approved_product
    other = make_producer(name="Hộ khác")
    intruder = _owner_client(client, other, email="other@example.com")
    url = reverse("portal:product_edit", kwargs={"pk": product.pk})
    assert intruder.get(url).status_code == 404
    assert intruder.post(url, _form(category, price="1000")).status_code == 404
    assert product.stockrecords.get().price != 1000


def test_ocop_rating_needs_its_certificate_details(client, category, approved_product):
    producer, product = approved_product
    owner = _owner_client(client, producer)
    url = reverse("portal:product_edit", kwargs={"pk": product.pk})
    response = owner.post(url, _form(category, stars="4"))
    assert response.status_code == 200
    assert response.context["form"].errors["number"]


def test_ocop_badge_shows_while_valid_and_disappears_after_expiry(client, approved_product):
    _producer, product = approved_product
    today = timezone.localdate()
    certificate = OcopCertificate.objects.create(
        product=product,
        stars=4,
        number="OCOP-LC-2025-017",
        issued_on=today - datetime.timedelta(days=300),
        expires_on=today,
    )
    assert "OCOP 4★" in client.get(product.get_absolute_url()).content.decode()
    certificate.expires_on = today - datetime.timedelta(days=1)
    certificate.save()
    assert "OCOP 4★" not in client.get(product.get_absolute_url()).content.decode()


def test_a_producer_cannot_open_the_product_review_queue(client, approved_product):
    producer, product = approved_product
    owner = _owner_client(client, producer)
    review = reverse("product_review:review", kwargs={"pk": product.pk})
    assert owner.post(review, {"decision": "request_changes", "reason": "x"}).status_code in (
        302,
        403,
    )
    product.refresh_from_db()
    assert product.moderation == Product.Moderation.APPROVED


def test_suspended_producers_products_leave_the_shop(approved_product):
    from producers import services

    producer, product = approved_product
    staff = User.objects.create_user(email="staff@example.com", password="x", is_staff=True)
    staff.groups.add(Group.objects.get(name="Producer moderators"))
    services.producer_suspend(
        producer=producer, by=User.objects.get(pk=staff.pk), reason="Kiểm tra"
    )
    product.refresh_from_db()
    assert not product.is_public
    assert Producer.objects.get(pk=producer.pk).status == Producer.Status.SUSPENDED


def test_a_description_is_shown_as_text_never_as_html(client, category, approved_product):
    producer, product = approved_product
    owner = _owner_client(client, producer)
    url = reverse("portal:product_edit", kwargs={"pk": product.pk})
    attack = "<img src=x onerror=alert(document.cookie)>Mật ong ngon"
    owner.post(url, _form(category, price="150000", description=attack))
    product.refresh_from_db()
    assert product.moderation == Product.Moderation.SUBMITTED  # a new description is reviewed
    product.is_public = True
    product.save()
    html = client.get(product.get_absolute_url()).content.decode()
    # Nowhere on the page, the chat preview's og:description and the JSON-LD included.
    assert "onerror" not in html and "Mật ong ngon" in html


def test_a_product_off_sale_cannot_be_put_in_a_basket(client, approved_product):
    _producer, product = approved_product
    product.is_public = False
    product.save()
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    assert client.get(reverse("basket:summary")).context["basket"].num_items == 0


def _moderator():
    staff = User.objects.create_user(email="mod@example.com", password="x", is_staff=True)
    staff.groups.add(Group.objects.get(name="Producer moderators"))
    return User.objects.get(pk=staff.pk)


def test_requesting_changes_from_an_approved_producer_takes_its_products_off_sale(
    approved_product,
):
    from producers import services

    producer, product = approved_product
    services.producer_request_changes(producer=producer, by=_moderator(), reason="Thiếu ảnh.")
    product.refresh_from_db()
    assert not product.is_public


def test_lifting_a_suspension_does_not_approve_edits_made_meanwhile(
    client, category, approved_product
):
    from producers import services

    producer, product = approved_product
    moderator = _moderator()
    services.producer_suspend(producer=producer, by=moderator, reason="Kiểm tra.")
    owner = _owner_client(client, producer)
    url = reverse("portal:product_edit", kwargs={"pk": product.pk})
    owner.post(url, _form(category, price="999000", description=product.description))
    services.producer_approve(producer=producer, by=moderator)
    product.refresh_from_db()
    assert product.moderation == Product.Moderation.SUBMITTED and not product.is_public
