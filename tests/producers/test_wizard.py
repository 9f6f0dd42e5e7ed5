"""A young producer registers alone at /producer/: account, profile, first product, review."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from producers import services
from producers.models import Producer
from tests.factories.marketplace import make_category
from tests.factories.producers import home_commune, identify
from tests.support.images import jpeg_upload

pytestmark = pytest.mark.django_db

ACCOUNT = {
    "phone": "0912 345 678",
    "last_name": "Giàng A",
    "first_name": "Páo",
    "email": "",
    "password": "mat-ong-rung-2026",
}
PROFILE = {
    "name": "Hộ kinh doanh Giàng A Páo",
    "kind": "household",
    "commune": "",  # set per test (today's unit for xã Bản Mế, Si Ma Cai)
    "story": "Tôi nuôi ong lấy mật trên núi đá Si Ma Cai.",
}


@pytest.fixture(autouse=True)
def _profile_commune(admin_units):
    """The profile's commune is a unit of today's map: Bản Mế of the former Si Ma Cai."""
    PROFILE["commune"] = str(home_commune("Bản Mế", district="Si Ma Cai").pk)


def _product(category):
    return {
        "photo": jpeg_upload(),
        "title": "Mật ong rừng Si Ma Cai – chai 500ml",
        "category": category.pk,
        "price": "250000",
        "num_in_stock": "20",
        "description": "Mật ong hoa rừng, lọc thủ công.",
    }


def test_wizard_end_to_end_then_staff_approval_puts_the_product_on_sale(client):
    category = make_category(name="Mật ong rừng")
    assert client.get("/producer/").url == reverse("portal:account")

    response = client.post(reverse("portal:account"), ACCOUNT)
    assert response.url == reverse("portal:profile")
    user = User.objects.get(phone="+84912345678")

    response = client.post(reverse("portal:profile"), PROFILE)
    assert response.url == reverse("portal:product")
    producer = Producer.objects.get(partner__users=user)
    assert producer.status == Producer.Status.DRAFT

    response = client.post(reverse("portal:product"), _product(category))
    assert response.url == reverse("portal:home")
    producer.refresh_from_db()
    assert producer.status == Producer.Status.SUBMITTED
    product = producer.partner.stockrecords.get().product
    assert product.images.get().original.name.endswith(".jpg")
    catalogue = client.get(reverse("catalogue:index"))
    assert "Mật ong rừng Si Ma Cai" not in catalogue.content.decode()

    staff = User.objects.create_user(email="staff@example.com", password="x", is_staff=True)
    staff.groups.add(Group.objects.get(name="Producer moderators"))
    services.producer_approve(producer=producer, by=User.objects.get(pk=staff.pk))
    # Not on sale before the seller is identified (producers.identification)…
    catalogue = client.get(reverse("catalogue:index"))
    assert "Mật ong rừng Si Ma Cai – chai 500ml" not in catalogue.content.decode()
    identify(producer)  # …and on sale once staff approve the identification
    catalogue = client.get(reverse("catalogue:index"))
    assert "Mật ong rừng Si Ma Cai – chai 500ml" in catalogue.content.decode()
    home = client.get(reverse("portal:home")).content.decode()
    assert "Đã duyệt" in home


def test_wizard_resumes_at_the_first_missing_step(client):
    client.post(reverse("portal:account"), ACCOUNT)
    client.logout()
    client.login(username="0912345678", password=ACCOUNT["password"])
    assert client.get("/producer/").url == reverse("portal:profile")
    # A finished step cannot be done twice.
    assert client.get(reverse("portal:account")).url == reverse("portal:profile")


def test_account_step_explains_a_bad_phone_in_vietnamese_and_keeps_the_rest(client):
    response = client.post(reverse("portal:account"), {**ACCOUNT, "phone": "12345"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Số điện thoại không hợp lệ" in html
    assert 'value="Páo"' in html
    assert not User.objects.exists()


def test_account_step_refuses_a_phone_that_already_has_an_account(client):
    User.objects.create_user(phone="0912345678", password="x")
    response = client.post(reverse("portal:account"), ACCOUNT)
    assert "đã có tài khoản" in response.content.decode()


def test_account_step_refuses_a_weak_password(client):
    response = client.post(reverse("portal:account"), {**ACCOUNT, "password": "123"})
    assert response.status_code == 200
    assert not User.objects.exists()


def test_product_step_rejects_a_fractional_price(client):
    category = make_category()
    client.post(reverse("portal:account"), ACCOUNT)
    client.post(reverse("portal:profile"), PROFILE)
    response = client.post(reverse("portal:product"), {**_product(category), "price": "250000.5"})
    assert response.status_code == 200
    assert "đồng chẵn" in response.content.decode()


def test_readiness_checklist_links_unmet_items_to_their_screens(client):
    client.post(reverse("portal:account"), ACCOUNT)
    client.post(reverse("portal:profile"), PROFILE)
    client.post(reverse("portal:product"), _product(make_category()))
    readiness = client.get(reverse("portal:home")).context["readiness"]
    # Profile done; awaiting review, not identified, nothing on sale, no bank account, no
    # shipping chosen yet.
    assert [item.done for item in readiness] == [True, False, False, False, False, False]
    assert readiness[2].fix_url == reverse("portal:identity")
    assert readiness[3].fix_url == reverse("portal:product_add")
    assert readiness[4].fix_url == readiness[5].fix_url == reverse("portal:selling_setup")


def test_product_step_rejects_a_renamed_file_and_keeps_what_was_typed(client):
    client.post(reverse("portal:account"), ACCOUNT)
    client.post(reverse("portal:profile"), PROFILE)
    fake = SimpleUploadedFile("mat-ong.jpg", b"not a photo at all", content_type="image/jpeg")
    response = client.post(reverse("portal:product"), {**_product(make_category()), "photo": fake})
    html = response.content.decode()
    assert "Tệp này không phải là ảnh" in html
    assert 'value="Mật ong rừng Si Ma Cai – chai 500ml"' in html
    assert not Producer.objects.get().partner.stockrecords.exists()


def test_producer_edits_its_own_profile_from_the_checklist_link(client):
    client.post(reverse("portal:account"), ACCOUNT)
    client.post(reverse("portal:profile"), PROFILE)
    client.post(reverse("portal:product"), _product(make_category()))
    Producer.objects.update(story="")  # e.g. a profile drafted without its story
    readiness = client.get(reverse("portal:home")).context["readiness"]
    assert readiness[0].done is False
    response = client.post(readiness[0].fix_url, {**PROFILE, "name": "Hộ Páo – Mật ong đá"})
    assert response.url == reverse("portal:home")
    producer = Producer.objects.get()
    assert producer.name == "Hộ Páo – Mật ong đá" and producer.story == PROFILE["story"]


def test_account_step_states_the_password_rules_the_validators_enforce(client, settings):
    page = client.get(reverse("portal:account")).content.decode()
    assert "12 ký tự" in page  # AUTH_PASSWORD_VALIDATORS' minimum
    assert "8 ký tự" not in page
    # And it follows the validators, not a copy of them.
    settings.AUTH_PASSWORD_VALIDATORS = [
        {
            "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
            "OPTIONS": {"min_length": 14},
        }
    ]
    # (Django's setting_changed handler forgets the validators it had loaded.)
    assert "14 ký tự" in client.get(reverse("portal:account")).content.decode()
