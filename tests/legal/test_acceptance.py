"""The platform's rules and notices: versions in force by date, acceptance at sign-up, sign-in
and checkout (a guest's on the order), asked again when a new version comes into force;
consents with their history; links in every footer."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from cms.models import LegalPage
from legal import services
from legal.models import Acceptance, Consent, DocumentKind
from legal.selectors import (
    consents_of,
    marketing_consent,
    needs_acceptance,
    version_in_force,
)
from marketplace.order.models import Order
from tests.checkout.helpers import (
    basket_add,
    checkout_to_preview,
    make_seller,
    place_order,
    terms_shown,
)
from tests.factories.cms import add_page, home_page

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def publish(kind, version, *, effective_from, changes="", slug=None) -> LegalPage:
    """A rules or notice page published in the CMS, as an editor does."""
    page = LegalPage(
        title=f"{kind} v{version}",
        slug=slug or f"{kind.replace('_', '-')}-v{version}",
        kind=kind,
        version=version,
        effective_from=effective_from,
        changes=changes,
    )
    return add_page(home_page(), page)


@pytest.fixture
def rules():
    """Version 1 of the terms and the privacy notice, in force since yesterday."""
    return {
        DocumentKind.TERMS: publish(DocumentKind.TERMS, 1, effective_from=TODAY - DAY),
        DocumentKind.PRIVACY: publish(DocumentKind.PRIVACY, 1, effective_from=TODAY - DAY),
    }


@pytest.fixture
def buyer():
    return User.objects.create_user(email="lan@example.com", password="x-Mật-khẩu-1")


def accept_all(user):
    return services.acceptance_record(
        versions=needs_acceptance(user, DocumentKind.values),
        user=user,
        context=Acceptance.Context.SIGN_UP,
    )


# --- versions ---------------------------------------------------------------------------------


def test_the_version_in_force_is_the_latest_whose_date_has_come(client, rules):
    publish(DocumentKind.TERMS, 2, effective_from=TODAY + 10 * DAY, changes="Phí giao hàng")
    assert version_in_force(DocumentKind.TERMS).number == 1
    assert version_in_force(DocumentKind.TERMS, on=TODAY + 10 * DAY).number == 2
    # The stable address follows the version in force.
    response = client.get(reverse("legal:document", args=[DocumentKind.TERMS]))
    assert response.status_code == 302
    assert response.url == rules[DocumentKind.TERMS].url
    assert client.get(reverse("legal:document", args=["returns"])).status_code == 404


def test_acceptance_records_the_version_and_the_time(rules, buyer):
    before = timezone.now()
    made = accept_all(buyer)
    assert {(a.version.kind, a.version.number) for a in made} == {("terms", 1), ("privacy", 1)}
    assert all(before <= a.accepted_at <= timezone.now() for a in made)
    assert needs_acceptance(buyer, [DocumentKind.TERMS, DocumentKind.PRIVACY]) == []
    # Accepting the privacy notice is the account's consent, under that version.
    consent = Consent.objects.get(user=buyer, purpose=Consent.Purpose.ACCOUNT)
    assert consent.granted and consent.privacy_version.number == 1


# --- the gate after sign-in --------------------------------------------------------------------


def test_a_new_version_asks_for_acceptance_again_at_the_next_sign_in(client, rules, buyer):
    accept_all(buyer)
    client.force_login(buyer)
    assert client.get(reverse("customer:profile-view")).status_code == 200  # nothing new: no gate

    publish(DocumentKind.TERMS, 2, effective_from=TODAY, changes="Thêm quy định về khiếu nại.")
    client.logout()
    client.force_login(buyer)
    response = client.get(reverse("customer:profile-view"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("legal:gate"))
    gate = client.get(response.url)
    assert "Thêm quy định về khiếu nại." in gate.content.decode()
    assert 'name="version_terms" value="2"' in gate.content.decode()

    response = client.post(
        response.url, {"version_terms": "2", "next": reverse("customer:profile-view")}
    )
    assert response.status_code == 302 and response.url == reverse("customer:profile-view")
    accepted = Acceptance.objects.get(user=buyer, version__number=2)
    assert accepted.context == Acceptance.Context.SIGN_IN
    assert client.get(reverse("customer:profile-view")).status_code == 200


def test_the_gate_refuses_an_acceptance_of_a_version_it_did_not_show(client, rules, buyer):
    client.force_login(buyer)
    response = client.post(reverse("legal:gate"), {"version_terms": "1"})  # privacy missing
    assert response.status_code == 302
    assert not Acceptance.objects.filter(user=buyer).exists()


# --- checkout ------------------------------------------------------------------------------------


@pytest.fixture
def seller(admin_units):
    return make_seller(name="Mật ong Bắc Hà")


def test_a_guest_checkout_records_the_acceptance_on_the_order(client, rules, seller):
    basket_add(client, seller[1])
    checkout_to_preview(client)
    preview = client.get(reverse("checkout:preview")).content.decode()
    assert 'name="terms_terms" value="1"' in preview
    assert rules[DocumentKind.TERMS].url in preview
    response = place_order(client)
    assert response.status_code == 302, response.content.decode()[:2000]
    number = client.session["checkout_order_id"]

    order = Order.objects.get(pk=number)
    accepted = Acceptance.objects.filter(order_number=order.number)
    assert {(a.version.kind, a.version.number, a.user_id) for a in accepted} == {
        ("terms", 1, None),
        ("privacy", 1, None),
    }
    assert all(a.context == Acceptance.Context.CHECKOUT for a in accepted)


def test_a_signed_in_checkout_records_it_on_the_account_too(client, rules, seller, buyer):
    accept_all(buyer)
    client.force_login(buyer)
    basket_add(client, seller[1])
    checkout_to_preview(client)
    assert place_order(client).status_code == 302
    assert (
        Acceptance.objects.filter(user=buyer, context="checkout").exclude(order_number="").count()
        == 2
    )


def test_a_version_in_force_after_the_preview_stops_the_order(client, rules, seller):
    basket_add(client, seller[1])
    checkout_to_preview(client)
    shown = terms_shown()  # the preview as it was shown: version 1
    publish(DocumentKind.TERMS, 2, effective_from=TODAY)
    response = client.post(reverse("checkout:preview"), {"action": "place_order", **shown})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="terms_terms" value="2"' in page  # the preview now shows the new version
    assert 'role="alert"' in page
    assert not Acceptance.objects.exists()

    assert not Order.objects.exists()
    # An old page or client posting no version is refused the same way.
    response = client.post(reverse("checkout:preview"), {"action": "place_order"})
    assert response.status_code == 200 and not Order.objects.exists()
    assert place_order(client).status_code == 302  # the new version, as shown now


# --- consents -------------------------------------------------------------------------------------


def test_marketing_is_off_by_default_and_a_withdrawal_is_kept(client, rules, buyer):
    accept_all(buyer)
    assert marketing_consent(buyer) is False
    client.force_login(buyer)
    page = client.get(reverse("legal:consents")).content.decode()
    assert 'name="marketing"' in page and "checked" not in page.split('name="marketing"')[1][:20]
    client.post(reverse("legal:consents"), {"marketing": "on"})
    assert marketing_consent(buyer) is True
    client.post(reverse("legal:consents"), {})
    assert marketing_consent(buyer) is False
    history = list(
        Consent.objects.filter(user=buyer, purpose="marketing")
        .order_by("at", "pk")
        .values_list("granted", flat=True)
    )
    assert history == [True, False]
    # The person's own record (and their data download) shows both decisions.
    marketing = [row["granted"] for row in consents_of(buyer) if row["kind"] == "consent"]
    assert True in marketing and False in marketing


# --- footers -------------------------------------------------------------------------------


def test_every_footer_links_the_rules(client, rules):
    link = f'href="{reverse("legal:document", args=[DocumentKind.TERMS])}"'
    assert link in client.get(reverse("catalogue:index")).content.decode()  # the shop
    assert link in client.get(rules[DocumentKind.PRIVACY].url).content.decode()  # a CMS page
    assert (
        link in client.get(reverse("portal:start"), follow=True).content.decode()
    )  # the producer portal


# --- sign-up ------------------------------------------------------------------------------------


def test_signing_up_records_the_versions_the_form_showed(client, rules):
    page = client.get(reverse("customer:login")).content.decode()
    assert 'name="terms_privacy" value="1"' in page
    response = client.post(
        reverse("customer:login"),
        {
            "registration-email": "mai@example.com",
            "registration-password1": "Mật-khẩu-dài-1",
            "registration-password2": "Mật-khẩu-dài-1",
            "registration_submit": "Register",
            **terms_shown(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(email="mai@example.com")
    assert needs_acceptance(user, [DocumentKind.TERMS, DocumentKind.PRIVACY]) == []
    assert set(Acceptance.objects.filter(user=user).values_list("context", flat=True)) == {
        "sign_up"
    }
    assert client.get(reverse("customer:profile-view")).status_code == 200  # no gate


def test_two_pages_cannot_hold_the_same_version(rules):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        publish(DocumentKind.TERMS, 1, effective_from=TODAY, slug="terms-again")


# --- the seller's side ------------------------------------------------------------------------


def test_a_producer_accepts_the_sellers_documents_at_the_profile_step_and_again_when_they_change(
    client, rules, admin_units
):
    """Becoming a seller (the wizard's profile step) accepts the seller's commitments and the
    operating rules it showed; a new version of either is asked at the producer's next sign-in,
    which a buyer's account is not asked."""
    from tests.factories.producers import home_commune

    publish(DocumentKind.SELLER, 1, effective_from=TODAY - DAY)
    publish(DocumentKind.OPERATING_RULES, 1, effective_from=TODAY - DAY)
    account = {"phone": "0912 345 678", "last_name": "Giàng A", "first_name": "Páo"}
    account |= {"email": "", "password": "mat-ong-rung-2026"}
    client.post(reverse("portal:account"), account | terms_shown())
    user = User.objects.get(phone="+84912345678")
    assert not needs_acceptance(user, (DocumentKind.TERMS, DocumentKind.PRIVACY))
    step = client.get(reverse("portal:profile")).content.decode()  # no gate in the wizard
    assert 'name="terms_seller_commitments" value="1"' in step
    assert 'name="terms_operating_rules" value="1"' in step
    profile = {
        "name": "Hộ kinh doanh Giàng A Páo",
        "kind": "household",
        "commune": str(home_commune("Bản Mế", district="Si Ma Cai").pk),
        "story": "Tôi nuôi ong lấy mật trên núi đá Si Ma Cai.",
    }
    shown = {"terms_seller_commitments": "1", "terms_operating_rules": "1"}
    assert client.post(reverse("portal:profile"), profile | shown).status_code == 302
    accepted = Acceptance.objects.filter(user=user, context=Acceptance.Context.SELLING)
    assert sorted(accepted.values_list("version__kind", flat=True)) == [
        DocumentKind.OPERATING_RULES,
        DocumentKind.SELLER,
    ]

    publish(DocumentKind.SELLER, 2, effective_from=TODAY, changes="Cam kết về nguồn gốc.")
    # The buyer's documents were accepted at sign-up: only the seller's new version is asked.
    client.logout()
    client.force_login(user)
    response = client.get(reverse("customer:profile-view"))
    assert response.status_code == 302 and response.url.startswith(reverse("legal:gate"))
    assert (
        'name="version_seller_commitments" value="2"' in client.get(response.url).content.decode()
    )

    buyer = User.objects.create_user(email="mua@example.com", password="x-Mật-khẩu-1")
    services.acceptance_record(
        versions=needs_acceptance(buyer, (DocumentKind.TERMS, DocumentKind.PRIVACY)),
        user=buyer,
        context=Acceptance.Context.SIGN_UP,
    )
    client.logout()
    client.force_login(buyer)
    assert client.get(reverse("customer:profile-view")).status_code == 200  # not a seller
