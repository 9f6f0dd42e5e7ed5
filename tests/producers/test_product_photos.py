"""A product has one to six photos; its producer adds, removes and orders them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from marketplace.catalogue.models import Product
from marketplace.services import product_image_add
from producers.listing import producer_product_update
from tests.factories.producers import make_producer
from tests.producers.test_products import _form, _owner_client
from tests.support.images import jpeg_bytes, jpeg_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def product_with_photos(approved_product):
    producer, product = approved_product
    for number in range(3):
        product_image_add(
            product=product, filename=f"p{number}.jpg", content=jpeg_bytes(size=(300, 300))
        )
    return producer, product


def _photo_url(product, image):
    return reverse("portal:product_photo", kwargs={"pk": product.pk, "image_id": image.pk})


def test_the_edit_page_lists_the_photos_with_their_actions(client, product_with_photos):
    producer, product = product_with_photos
    page = _owner_client(client, producer).get(
        reverse("portal:product_edit", kwargs={"pk": product.pk})
    )
    html = page.content.decode()
    assert html.count('name="action" value="remove"') == 3
    assert html.count('name="action" value="first"') == 2


def test_showing_a_photo_first_reorders_without_review(client, product_with_photos):
    producer, product = product_with_photos
    first, second, third = product.images.order_by("display_order")
    _owner_client(client, producer).post(_photo_url(product, third), {"action": "first"})
    assert list(product.images.order_by("display_order")) == [third, first, second]
    assert product.primary_image() == third
    product.refresh_from_db()
    assert product.is_public  # nothing new for staff to check


def test_removing_photos_keeps_at_least_one(client, product_with_photos):
    producer, product = product_with_photos
    owner = _owner_client(client, producer)
    for image in list(product.images.order_by("display_order"))[:2]:
        owner.post(_photo_url(product, image), {"action": "remove"})
    last = product.images.get()
    assert last.display_order == 0
    response = owner.post(_photo_url(product, last), {"action": "remove"}, follow=True)
    assert product.images.count() == 1
    assert "ít nhất một ảnh" in response.content.decode()


def test_a_seventh_photo_is_refused_and_nothing_else_is_lost(client, category, approved_product):
    producer, product = approved_product
    for number in range(6):
        product_image_add(
            product=product, filename=f"p{number}.jpg", content=jpeg_bytes(size=(300, 300))
        )
    owner = _owner_client(client, producer)
    url = reverse("portal:product_edit", kwargs={"pk": product.pk})
    response = owner.post(
        url, {**_form(category, price="999000"), "photo": jpeg_upload("che.jpg", size=(300, 300))}
    )
    assert response.status_code == 200
    assert "tối đa 6 ảnh" in response.content.decode()
    assert product.images.count() == 6
    assert product.stockrecords.get().price != 999000


def test_another_producer_cannot_touch_the_photos(client, product_with_photos):
    producer, product = product_with_photos
    stranger = make_producer(name="Hộ Lò Văn Sáng")
    image = product.images.first()
    response = _owner_client(client, stranger, email="sang@example.com").post(
        _photo_url(product, image), {"action": "remove"}
    )
    assert response.status_code == 404
    assert product.images.count() == 3
    assert Product.objects.get(pk=product.pk).primary_image() == image


def test_the_service_refuses_a_seventh_photo_too(category, approved_product):
    # The edit form asks first; a caller that skips the form meets the same rule.
    producer, product = approved_product
    for number in range(6):
        product_image_add(
            product=product, filename=f"p{number}.jpg", content=jpeg_bytes(size=(300, 300))
        )
    record = product.stockrecords.get()
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        producer_product_update(
            producer=producer,
            product=product,
            by=producer.partner.users.first(),
            title=product.title,
            category=category,
            price=record.price,
            num_in_stock=record.num_in_stock,
            photo=jpeg_upload("p7.jpg", size=(300, 300)),
        )
    assert "tối đa 6 ảnh" in " ".join(error.value.message_dict["photo"])
    assert product.images.count() == 6
