"""Saved addresses of before the two-tier map are converted by a data migration, flagged
for the buyer to confirm, and never lost."""

import importlib

import pytest
from django.apps import apps
from oscar.core.loading import get_model

from accounts.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("admin_units")]
UserAddress = get_model("address", "UserAddress")
migration = importlib.import_module("marketplace.address.migrations.0009_saved_addresses_two_tier")


def _old_address(user, **lines):
    return UserAddress.objects.create(
        user=user, country_id="VN", first_name="Lan", phone_number="+84987654321",
        line1="12 Lê Lợi", **lines,
    )  # fmt: skip


def test_a_readable_old_address_gets_its_commune_of_today_and_waits_for_the_buyer():
    user = User.objects.create_user(phone="0912345678", password="x-long-password-1")
    address = _old_address(user, line2="xã Tả Phời", line3="TP Lào Cai", line4="tỉnh Lào Cai")
    migration.convert_saved_addresses(apps, None)
    address.refresh_from_db()
    assert address.commune.code == "02680" and address.place_to_confirm
    assert (address.line2, address.line3, address.line4) == ("", "Xã Hợp Thành", "Tỉnh Lào Cai")
    assert address.address_as_typed == "12 Lê Lợi, xã Tả Phời, TP Lào Cai, tỉnh Lào Cai"
    assert address.line1 == "12 Lê Lợi"


def test_an_unreadable_old_address_is_kept_as_written_and_flagged():
    user = User.objects.create_user(phone="0912345679", password="x-long-password-1")
    address = _old_address(user, line2="Thôn Xa", line3="Nơi nào đó", line4="")
    migration.convert_saved_addresses(apps, None)
    address.refresh_from_db()
    assert address.commune is None and address.place_to_confirm
    assert (address.line2, address.line3) == ("Thôn Xa", "Nơi nào đó")


def test_with_no_units_loaded_nothing_is_converted_and_nothing_breaks():
    from django.db import connection

    with connection.cursor() as cursor:  # a fresh database; rolled back after the test
        cursor.execute("DELETE FROM places_unitsuccession")
        cursor.execute("DELETE FROM places_administrativeunit")
    user = User.objects.create_user(phone="0912345670", password="x-long-password-1")
    address = _old_address(user, line2="xã Tả Phời", line3="TP Lào Cai", line4="tỉnh Lào Cai")
    migration.convert_saved_addresses(apps, None)
    address.refresh_from_db()
    assert address.commune is None and address.place_to_confirm
    assert address.line3 == "TP Lào Cai"
