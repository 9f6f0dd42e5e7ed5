"""Prices are VND in whole đồng: shown without decimals, entered without fractions."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from oscar.core.loading import get_class
from oscar.templatetags.currency_filters import currency

from marketplace.money import validate_whole_dong
from tests.factories.marketplace import make_product

NBSP = "\xa0"
StockRecordForm = get_class("dashboard.catalogue.forms", "StockRecordForm")


def test_price_in_vietnamese_has_dot_thousands_and_no_decimals():
    with translation.override("vi"):
        assert currency(Decimal("150000.00"), "VND") == f"150.000{NBSP}₫"


def test_price_in_english_puts_the_symbol_first_with_no_decimals():
    with translation.override("en"):
        assert currency(Decimal("150000.00"), "VND") == "₫150,000"


def test_whole_dong_passes_validation():
    validate_whole_dong(Decimal("150000"))
    validate_whole_dong(Decimal("150000.00"))


def test_fraction_of_a_dong_is_rejected_with_a_vietnamese_message():
    with pytest.raises(ValidationError) as error:
        validate_whole_dong(Decimal("150000.50"))
    assert error.value.code == "fractional_dong"
    with translation.override("vi"):
        assert "đồng" in str(error.value.messages[0])
        assert "without decimals" not in error.value.messages[0]


def _dashboard_stock_form(*, price: str, user):
    """Oscar's dashboard form for a product's stock record, as staff would submit it."""
    product = make_product()
    record = product.stockrecords.get()
    data = {
        "partner": record.partner_id,
        "partner_sku": record.partner_sku,
        "price_currency": "VND",
        "price": price,
        "num_in_stock": "5",
    }
    return StockRecordForm(product.product_class, user, data=data, instance=record)


@pytest.mark.django_db
def test_dashboard_stock_form_rejects_a_fractional_price(admin_user):
    form = _dashboard_stock_form(price="150000.5", user=admin_user)
    assert not form.is_valid()
    # "150000.5" could be a fraction or a mistyped "150.000": refused, not guessed.
    assert [e.code for e in form.errors.as_data()["price"]] == ["ambiguous"]
    assert 'inputmode="numeric"' in str(form["price"])


@pytest.mark.django_db
def test_dashboard_stock_form_accepts_a_whole_price(admin_user):
    form = _dashboard_stock_form(price="185000", user=admin_user)
    assert form.is_valid(), form.errors
    assert form.save().price == Decimal("185000")


@pytest.mark.django_db
def test_stock_record_model_rejects_a_fractional_price():
    record = make_product().stockrecords.get()
    record.price = Decimal("99.99")
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert "price" in error.value.error_dict
