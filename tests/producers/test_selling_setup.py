"""Producers say how they are paid and how buyers get the goods; the checkout reads it."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry

from accounts.models import User
from core.banks import BANK_CHOICES, account_name_normalise, bank_name
from demo import shop as content
from producers import selectors, services
from producers.forms import SellingSetupForm
from producers.models import Producer
from tests.factories.marketplace import make_product
from tests.factories.producers import make_producer

pytestmark = pytest.mark.django_db

SETUP = {
    "current_password": "x",  # the producer's own (see _login): a bank change asks for it
    "bank_bin": "970405",
    "bank_account_number": "8800 2050 12345",
    "bank_account_name": "Lò Thị Mai",
    "offers_pickup": "on",
    "offers_national_post": "on",
    "pickup_address": "Nhà văn hoá thôn Tả Phời",
    "pickup_hours": "7:00–17:00",
}
SAVED = {
    "bank_bin": "970405",
    "bank_account_number": "8800205012345",
    "bank_account_name": "LO THI MAI",
    "offers_pickup": True,
    "offers_local_delivery": False,
    "local_delivery_km": None,
    "offers_national_post": True,
    "pickup_address": "Nhà văn hoá thôn Tả Phời",
    "pickup_hours": "7:00–17:00",
    "tax_code": "",
}


def _login(client, producer, email="mai@example.com"):
    user = User.objects.create_user(email=email, password="x")
    producer.partner.users.add(user)
    client.force_login(user)
    return user


def _setup_of(producer):
    producer.refresh_from_db()
    return {name: getattr(producer, name) for name in services.SELLING_SETUP_FIELDS}


# Banks


def test_every_bank_has_a_six_digit_bin_listed_once():
    bins = [bin for bin, _name in BANK_CHOICES]
    assert all(len(bin) == 6 and bin.isdigit() for bin in bins)
    assert len(set(bins)) == len(bins) == 20


def test_bank_name_reads_the_short_name_and_keeps_an_unknown_bin():
    assert bank_name("970436") == "Vietcombank"
    assert bank_name("970405") == "Agribank"
    assert bank_name("999999") == "999999"


# The form


def test_form_rejects_an_account_number_with_letters():
    form = SellingSetupForm(data={**SETUP, "bank_account_number": "0011OO1234"})
    assert form.has_error("bank_account_number", code="digits_only")


def test_form_says_in_plain_words_that_an_account_number_is_only_digits():
    with translation.override("en"):
        form = SellingSetupForm(data={**SETUP, "bank_account_number": "0011-ab-1234"})
        assert form.errors["bank_account_number"] == [
            "An account number has only digits (0–9). Check it on your bank card or banking app."
        ]


def test_form_drops_the_spaces_and_dots_people_copy_from_a_card():
    form = SellingSetupForm(data={**SETUP, "bank_account_number": " 0011.0012 3456 "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["bank_account_number"] == "001100123456"


@pytest.mark.parametrize(
    ("typed", "bank_style"),
    [
        ("Lò Thị Mai", "LO THI MAI"),
        ("  đặng   văn ĐỨC ", "DANG VAN DUC"),
        ("Hợp tác xã Chè Tả Phời", "HOP TAC XA CHE TA PHOI"),
        ("Giàng A Páo (chồng)", "GIANG A PAO CHONG"),
    ],
)
def test_form_writes_the_holders_name_the_way_banks_print_it(typed, bank_style):
    form = SellingSetupForm(data={**SETUP, "bank_account_name": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["bank_account_name"] == bank_style
    assert account_name_normalise(bank_style) == bank_style


def test_form_may_be_left_empty():
    form = SellingSetupForm(data={})
    assert form.is_valid(), form.errors
    assert not any(form.cleaned_data.values())


# The service


def test_service_saves_the_setup_and_logs_who_changed_it():
    producer = make_producer()
    user = User.objects.create_user(email="mai@example.com", password="x")
    services.producer_selling_setup_update(producer=producer, by=user, password="x", **SAVED)
    assert _setup_of(producer) == SAVED
    assert producer.has_bank_account and producer.offers_shipping
    entry = ModelLogEntry.objects.for_instance(producer).get(action="producers.selling_setup_edit")
    assert entry.user_id == user.pk
    assert entry.data["changed"]["bank_account_number"] == ["", "8800205012345"]


def test_service_saves_and_logs_nothing_when_nothing_changed():
    producer = make_producer()
    services.producer_selling_setup_update(producer=producer, **SAVED)
    services.producer_selling_setup_update(producer=producer, **SAVED)
    entries = ModelLogEntry.objects.for_instance(producer)
    assert entries.filter(action="producers.selling_setup_edit").count() == 1


def test_service_updates_only_the_fields_given():
    producer = make_producer()
    services.producer_selling_setup_update(producer=producer, **SAVED)
    services.producer_selling_setup_update(producer=producer, offers_pickup=False)
    assert _setup_of(producer) == {**SAVED, "offers_pickup": False}


def test_service_refuses_half_a_bank_account_and_saves_nothing():
    producer = make_producer()
    with pytest.raises(ValidationError) as error:
        services.producer_selling_setup_update(
            producer=producer, bank_bin="970405", bank_account_number="8800205012345"
        )
    assert error.value.error_dict["bank_account_name"][0].code == "incomplete_bank_account"
    assert producer.bank_bin == ""  # the caller's instance is left as it was
    assert not _setup_of(producer)["bank_bin"]


def test_service_refuses_a_name_not_written_the_banks_way():
    producer = make_producer()
    with pytest.raises(ValidationError) as error:
        services.producer_selling_setup_update(
            producer=producer, **{**SAVED, "bank_account_name": "Lò Thị Mai"}
        )
    assert error.value.error_dict["bank_account_name"][0].code == "not_bank_style"


def test_service_refuses_fields_outside_the_selling_setup():
    producer = make_producer()
    with pytest.raises(TypeError):
        services.producer_selling_setup_update(producer=producer, status="approved")


# The readiness checklist


def test_readiness_asks_for_a_bank_account_and_shipping_last():
    producer = make_producer()
    with translation.override("en"):
        items = selectors.producer_readiness(producer=producer, products=[])
        assert [str(item.label) for item in items[-2:]] == [
            "A way to receive money",
            "Shipping options chosen",
        ]
    assert [item.done for item in items[-2:]] == [False, False]
    assert {item.fix_url for item in items[-2:]} == {reverse("portal:selling_setup")}


def test_readiness_items_are_met_once_the_setup_is_saved():
    producer = make_producer()
    services.producer_selling_setup_update(producer=producer, **SAVED)
    items = selectors.producer_readiness(producer=producer, products=[])
    assert [item.done for item in items[-2:]] == [True, True]


def test_one_shipping_option_is_enough_but_a_bank_account_needs_all_three_parts():
    producer = make_producer()
    services.producer_selling_setup_update(producer=producer, offers_local_delivery=True)
    assert producer.offers_shipping and not producer.has_bank_account


# The portal screen


def test_portal_home_links_to_the_selling_setup(client):
    _login(client, make_producer())
    html = client.get(reverse("portal:home")).content.decode()
    assert reverse("portal:selling_setup") in html


def test_producer_opens_the_screen_with_its_current_setup(client):
    producer = make_producer()
    services.producer_selling_setup_update(producer=producer, **SAVED)
    _login(client, producer)
    response = client.get(reverse("portal:selling_setup"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="970405" selected>Agribank</option>' in html
    assert 'value="8800205012345"' in html and 'value="LO THI MAI"' in html


def test_producer_saves_the_setup_and_goes_home(client):
    producer = make_producer()
    _login(client, producer)
    response = client.post(reverse("portal:selling_setup"), SETUP)
    assert response.url == reverse("portal:home")
    assert _setup_of(producer) == SAVED


def test_a_bad_account_number_is_shown_on_the_form_and_nothing_is_saved(client):
    producer = make_producer()
    _login(client, producer)
    response = client.post(
        reverse("portal:selling_setup"), {**SETUP, "bank_account_number": "88OO205"}
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("bank_account_number", code="digits_only")
    assert 'value="Lò Thị Mai"' in response.content.decode()  # what was typed stays
    assert not _setup_of(producer)["bank_bin"]


def test_half_an_account_is_explained_on_the_missing_field(client):
    producer = make_producer()
    _login(client, producer)
    response = client.post(reverse("portal:selling_setup"), {**SETUP, "bank_account_name": ""})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("bank_account_name", code="incomplete_bank_account")
    assert not _setup_of(producer)["bank_bin"]


def test_changing_the_setup_keeps_the_producer_approved_and_its_products_on_sale(client):
    producer = make_producer(status=Producer.Status.APPROVED)
    product = make_product(partner=producer.partner)
    _login(client, producer)
    client.post(reverse("portal:selling_setup"), SETUP)
    client.post(
        reverse("portal:selling_setup"), {**SETUP, "bank_bin": "970436", "offers_pickup": ""}
    )
    producer.refresh_from_db()
    product.refresh_from_db()
    assert producer.status == Producer.Status.APPROVED
    assert product.is_public
    assert producer.bank_bin == "970436" and not producer.offers_pickup


def test_the_screen_changes_only_the_signed_in_producer(client):
    mine = make_producer(name="Hộ Lò Thị Mai")
    theirs = make_producer(name="HTX Chè Tả Phìn")
    services.producer_selling_setup_update(
        producer=theirs, **{**SAVED, "bank_account_number": "1234567890"}
    )
    _login(client, mine)
    # Naming the other producer in the form or the query string changes nothing: the screen
    # only ever works on the signed-in person's own producer.
    client.post(
        reverse("portal:selling_setup") + f"?producer={theirs.pk}",
        {**SETUP, "producer": theirs.pk, "pk": theirs.pk},
    )
    assert _setup_of(mine) == SAVED
    assert _setup_of(theirs) == {**SAVED, "bank_account_number": "1234567890"}


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("portal:selling_setup"))
    assert response.status_code == 302
    assert response.url.startswith(f"{settings.LOGIN_URL}?next=")
    response = client.post(reverse("portal:selling_setup"), SETUP)
    assert response.status_code == 302
    assert not Producer.objects.exclude(bank_bin="").exists()


def test_an_account_without_a_producer_is_sent_to_the_wizard(client):
    client.force_login(User.objects.create_user(email="buyer@example.com", password="x"))
    response = client.get(reverse("portal:selling_setup"))
    assert response.url == reverse("portal:profile")


# Demo data (kept here rather than in tests/demo/test_shop.py: the checkout work
# is changing that file at the same time)


def test_demo_producers_can_be_paid_and_ship_except_the_last_draft_which_has_no_shipping(
    demo_data,  # loaded once (tests/support/worlds.py)
):
    call_command("load_demo_data", verbosity=0)  # again: same data, no more log entries
    producers = {p.partner.name: p for p in Producer.objects.select_related("partner")}
    assert all(p.has_bank_account for p in producers.values())
    last = producers[content.PRODUCERS[-1].name]
    assert last.status == Producer.Status.DRAFT and not last.offers_shipping
    others = [p for name, p in producers.items() if name != last.name]
    assert all(p.offers_shipping for p in others)
    assert sum(p.offers_pickup for p in others) > len(others) / 2
    assert all(p.offers_national_post for p in others)
    town = {"Lào Cai", "Sa Pa"}  # the former town districts deliver within 15 km
    assert all(p.offers_local_delivery == (p.district_name in town) for p in others)
    assert all((p.local_delivery_km == 15) == (p.district_name in town) for p in others)
    entries = ModelLogEntry.objects.filter(action="producers.selling_setup_edit")
    assert entries.count() == len(producers)


# Changing the bank account: the owner's password again, and the owners hear of it


def test_the_bank_account_changes_only_with_the_password_typed_again(client):
    producer = make_producer()
    services.producer_selling_setup_update(producer=producer, **SAVED)
    _login(client, producer)
    new = {**SETUP, "bank_account_number": "9999 8888 7777"}
    for password in ("", "wrong"):
        response = client.post(
            reverse("portal:selling_setup"), {**new, "current_password": password}
        )
        assert response.status_code == 200
        assert response.context["form"].has_error("current_password", "reauthentication_required")
        assert _setup_of(producer) == SAVED
    # Delivery options alone need no password.
    client.post(
        reverse("portal:selling_setup"), {**SETUP, "current_password": "", "offers_pickup": ""}
    )
    assert not _setup_of(producer)["offers_pickup"]
    response = client.post(reverse("portal:selling_setup"), new)
    assert response.status_code == 302
    assert _setup_of(producer)["bank_account_number"] == "999988887777"


def test_the_service_refuses_a_bank_change_without_the_persons_password():
    producer = make_producer()
    user = User.objects.create_user(email="mai@example.com", password="x")
    producer.partner.users.add(user)
    for password in (None, "", "not-it"):
        with pytest.raises(ValidationError) as refused:
            services.producer_selling_setup_update(
                producer=producer, by=user, password=password, **SAVED
            )
        assert "current_password" in refused.value.message_dict
    assert not Producer.objects.get(pk=producer.pk).bank_bin


def test_a_bank_change_is_emailed_to_the_owners_and_in_the_audit_trail(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    producer = make_producer()
    services.producer_selling_setup_update(producer=producer, **SAVED)
    owner = _login(client, producer)
    phone_only = User.objects.create_user(phone="0912 345 678", password="y")
    producer.partner.users.add(phone_only)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:selling_setup"),
            {**SETUP, "bank_bin": "970436", "bank_account_number": "0011001234567"},
        )
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [owner.email]
    body = mailoutbox[0].body
    assert "Vietcombank ···4567 LO THI MAI" in body and "0011001234567" not in body
    entry = ModelLogEntry.objects.for_instance(producer).get(
        action="producers.bank_account_change", user=owner
    )
    assert entry.data["from"] == "Agribank ···2345 LO THI MAI"
    assert entry.data["to"] == "Vietcombank ···4567 LO THI MAI"
    assert entry.data["notified"] == 1


def test_staff_edit_forms_cannot_change_where_the_money_goes(client):
    """A moderator's producer form holds no bank fields: only the producer, with their
    password, changes the account buyers pay into (found in review of issue 21 item 1)."""
    from django.contrib.auth.models import Group

    producer = make_producer()
    services.producer_selling_setup_update(producer=producer, **SAVED)
    moderator = User.objects.create_user(email="mod@example.com", password="x" * 12)
    moderator.groups.add(Group.objects.get(name="Producer moderators"))
    client.force_login(moderator)
    url = reverse("producers_admin:edit", args=[producer.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="bank_account_number"' not in page.content.decode()
    form = page.context["form"]
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(bank_bin="970436", bank_account_number="9999888877", bank_account_name="KE GIAN")
    client.post(url, data)
    assert Producer.objects.get(pk=producer.pk).bank_account_number == SAVED["bank_account_number"]
