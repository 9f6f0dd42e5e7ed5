"""Every money input reads an amount the way Vietnamese people type it ("250.000", "1.250.000",
"250 000 ₫") as whole đồng, refuses what is ambiguous ("2.5", "12,50") in Vietnamese, and shows
the stored amount back the same way ("250.000", never "250000.00")."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_class, get_model

from marketplace.money import VndAmountField, VndParseError, parse_vnd
from marketplace.payment.forms import RefundForm
from marketplace.shipping.options import NATIONAL_POST
from producers.models import Producer
from tests.factories.marketplace import make_category, make_product
from tests.factories.producers import home_commune, make_producer
from tests.producers import test_assisted_listing as assisted
from tests.producers import test_products as portal
from tests.producers import test_wizard as wizard
from tests.support.images import jpeg_upload

StockRecordForm = get_class("dashboard.catalogue.forms", "StockRecordForm")
WeightBased = get_model("shipping", "WeightBased")

TYPED = [
    ("250.000", 250000),
    ("250000", 250000),
    ("250 000", 250000),
    ("250.000 ₫", 250000),
    ("250.000\xa0₫", 250000),  # copied from a price the site shows
    ("250.000đ", 250000),
    ("250000 VNĐ", 250000),
    ("1.250.000", 1250000),
    ("250,000", 250000),
    ("₫250,000", 250000),
]
AMBIGUOUS = ["2.5", "250.5", "12,50", "250000.5", "1.250,000", "250.00"]


@pytest.mark.parametrize(("typed", "dong"), TYPED)
def test_the_shared_parser_reads_vietnamese_amounts_as_whole_dong(typed, dong):
    assert parse_vnd(typed) == Decimal(dong)


@pytest.mark.parametrize("typed", AMBIGUOUS)
def test_the_shared_parser_refuses_what_could_be_a_fraction(typed):
    with pytest.raises(VndParseError) as error:
        parse_vnd(typed)
    assert error.value.code == "ambiguous"


@pytest.mark.parametrize("typed", ["abc", "250k", "hai trăm"])
def test_the_shared_parser_refuses_words(typed):
    with pytest.raises(VndParseError):
        parse_vnd(typed)


def test_the_field_explains_an_ambiguous_amount_in_vietnamese():
    field = VndAmountField()
    with translation.override("vi"):
        with pytest.raises(Exception) as error:
            field.clean("250.5")
        message = error.value.messages[0]
    assert "250.5" in message and "đồng chẵn" in message, message


def test_the_field_is_a_numeric_text_box_that_shows_the_amount_grouped():
    class Form(__import__("django").forms.Form):
        price = VndAmountField()

    with translation.override("vi"):
        html = str(Form(initial={"price": Decimal("250000.00")})["price"])
    assert 'type="text"' in html and 'inputmode="numeric"' in html
    assert 'value="250.000"' in html, html
    # What was typed comes back as typed when the form is redisplayed with an error.
    assert 'value="250.5"' in str(Form(data={"price": "250.5"})["price"])


# The producer portal ----------------------------------------------------------------------


@pytest.mark.django_db
def test_portal_product_form_saves_a_dotted_price_and_shows_it_back(client):
    category = make_category()
    producer = make_producer()
    owner = portal._owner_client(client, producer)
    form = {
        **portal._form(category, price="1.250.000"),
        "photo": jpeg_upload("che.jpg", size=(300, 300)),
    }
    assert owner.post(reverse("portal:product_add"), form).status_code == 302
    product = producer.partner.stockrecords.get().product
    assert product.stockrecords.get().price == Decimal(1250000)

    edit = owner.get(reverse("portal:product_edit", kwargs={"pk": product.pk}))
    html = edit.content.decode()
    assert 'value="1.250.000"' in html
    assert "1250000.00" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["250,000", "250 000", "250.000 ₫"])
def test_portal_product_edit_reads_each_way_of_writing_the_price(client, typed):
    category = make_category()
    producer = make_producer()
    product = make_product(partner=producer.partner, category=category)
    owner = portal._owner_client(client, producer)
    url = reverse("portal:product_edit", kwargs={"pk": product.pk})
    assert owner.post(url, portal._form(category, price=typed)).status_code == 302
    assert product.stockrecords.get().price == Decimal(250000)


@pytest.mark.django_db
def test_portal_product_form_refuses_an_ambiguous_price_and_keeps_it(client):
    category = make_category()
    producer = make_producer()
    product = make_product(partner=producer.partner, category=category, price=150000)
    owner = portal._owner_client(client, producer)
    url = reverse("portal:product_edit", kwargs={"pk": product.pk})
    response = owner.post(url, portal._form(category, price="2.5"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "đồng chẵn" in html and 'value="2.5"' in html
    assert product.stockrecords.get().price == Decimal(150000)


# The sign-up wizard -----------------------------------------------------------------------


@pytest.mark.django_db
def test_wizard_first_product_saves_250_000_not_250(client, admin_units):  # the profile's commune
    category = make_category()
    client.post(reverse("portal:account"), wizard.ACCOUNT)
    ban_me = home_commune("Bản Mế", district="Si Ma Cai")
    client.post(reverse("portal:profile"), {**wizard.PROFILE, "commune": str(ban_me.pk)})
    response = client.post(
        reverse("portal:product"), {**wizard._product(category), "price": "250.000"}
    )
    assert response.status_code == 302
    producer = Producer.objects.get(partner__name=wizard.PROFILE["name"])
    assert producer.partner.stockrecords.get().price == Decimal(250000)


# Mentor-assisted listing ------------------------------------------------------------------


@pytest.mark.django_db
def test_assisted_listing_reads_the_price_as_the_mentor_types_it(admin_units):
    world = assisted.World()
    client = world.mentor_client()
    profile = assisted.shop_profile()
    client.post(reverse("mentoring_members:shop_profile", args=[world.mai.pk]), profile)
    response = client.post(
        reverse("mentoring_members:shop_product", args=[world.mai.pk]),
        {**assisted._product_form(world.category), "price": "180.000 đ"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    world.mai.refresh_from_db()
    assert world.mai.producer.partner.stockrecords.get().price == Decimal(180000)


# Staff screens ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_dashboard_stock_record_reads_a_dotted_price(admin_user):
    product = make_product()
    record = product.stockrecords.get()
    data = {
        "partner": record.partner_id,
        "partner_sku": record.partner_sku,
        "price_currency": "VND",
        "price": "1.250.000 ₫",
        "num_in_stock": "5",
    }
    form = StockRecordForm(product.product_class, admin_user, data=data, instance=record)
    assert form.is_valid(), form.errors
    assert form.save().price == Decimal(1250000)
    with translation.override("vi"):
        shown = str(StockRecordForm(product.product_class, admin_user, instance=record)["price"])
    assert 'value="1.250.000"' in shown, shown


@pytest.mark.django_db
def test_dashboard_weight_band_charge_reads_a_dotted_amount(admin_client):
    client = admin_client
    method = WeightBased.objects.get(code=NATIONAL_POST)
    url = reverse("dashboard:shipping-method-detail", kwargs={"pk": method.pk})
    response = client.post(url, {"upper_limit": "30", "charge": "350.000"})
    assert response.status_code == 302, response.content.decode()[:2000]
    band = method.bands.get(upper_limit=30)
    assert band.charge == Decimal(350000)
    edit = reverse(
        "dashboard:shipping-method-band-edit", kwargs={"method_pk": method.pk, "pk": band.pk}
    )
    assert 'value="350.000"' in client.get(edit).content.decode()
    refused = client.post(edit, {"upper_limit": "30", "charge": "35,5"})
    assert refused.status_code == 200
    band.refresh_from_db()
    assert band.charge == Decimal(350000)


def test_staff_refund_amount_reads_a_dotted_amount():
    form = RefundForm(data={"source": "1", "amount": "40.000"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal(40000)
