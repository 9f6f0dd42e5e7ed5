"""Seller identification in the browser: a producer sends who they are from their phone, staff
approve it in the admin, and the public page says the seller is identified."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from accounts.models import User
from producers.models import SellerIdentity
from tests.browser.helpers import fill, jpeg, sign_in
from tests.factories.producers import TEST_CITIZEN_ID, make_producer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("size", ["phone"])
def test_a_producer_is_identified_on_their_phone_and_approved_by_staff(journey, tmp_path):
    producer = make_producer(name="Hợp tác xã Mật ong Si Ma Cai", identified=False)
    owner = User.objects.create_user(email="pao@example.com", password="x" * 12)
    producer.partner.users.add(owner)
    sign_in(journey.context, journey.base_url, owner)
    page = journey.page

    journey.goto("/producer/home/")
    page.locator("[data-identify-notice] a").click()
    page.wait_for_url("**/producer/identity/", wait_until="load")
    journey.check("producer: the identification step")
    fill(
        page,
        {
            "full_name": "Giàng A Páo",
            "citizen_id": "0100 9500 0123",
            "registration_number": "5301000123",
            "tax_code": "0101243150",
            "id_front": str(jpeg(tmp_path / "truoc.jpg")),
            "id_back": str(jpeg(tmp_path / "sau.jpg", colour=(40, 90, 200))),
            "registration": str(jpeg(tmp_path / "dkkd.jpg", colour=(200, 200, 200))),
        },
    )
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/producer/identity/", wait_until="load")
    expect(page.locator("[data-identity-status=submitted]")).to_be_visible()
    journey.check("producer: waiting for staff")

    staff = User.objects.create_user(
        email="kiemduyet@example.com", password="x" * 12, is_staff=True
    )
    staff.groups.add(Group.objects.get(name="Producer moderators"))
    staff_context = journey.new_context()
    sign_in(staff_context, journey.base_url, staff)
    desk = staff_context.new_page()
    identity = SellerIdentity.objects.get(producer=producer)
    journey.goto(f"/cms-admin/seller-identity/review/{identity.pk}/", page=desk)
    expect(desk.locator("main")).to_contain_text(TEST_CITIZEN_ID)
    desk.locator("[name=decision][value=approve]").check()
    desk.locator("main button[type=submit]").click()
    desk.wait_for_url("**/cms-admin/seller-identity/?status=submitted", wait_until="load")
    journey.check("staff: identification approved", page=desk, admin=True)

    page.reload(wait_until="load")
    expect(page.locator("[data-identity-status=approved]")).to_be_visible()
    journey.check("producer: identified")
    journey.goto(producer.get_absolute_url())
    expect(page.locator("[data-seller-identified]")).to_contain_text(
        "Đã xác minh danh tính người bán"
    )
    expect(page.locator("main")).not_to_contain_text(TEST_CITIZEN_ID)
    journey.finish()
