"""A producer with only a phone signs in with a code sent to it (issue 26 item 1), at 360 px,
under the site's real CSP: from the portal to the sign-in page, "sign in with a code", the
number as people type it, the code from the message, and back in the portal."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from tests.checkout.helpers import make_seller
from tests.support.phone_codes import code_sent_to, codes_forget

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("size", ["phone"])
def test_producer_signs_in_with_a_code(journey):
    codes_forget()
    producer, _product = make_seller(name="Hộ kinh doanh Giàng A Páo")
    owner = User.objects.create_user(phone="0912 345 678", password=None, first_name="Páo")
    producer.partner.users.add(owner)
    page = journey.page

    journey.goto("/producer/")  # the wizard's first step, for someone not signed in
    # "Already have an account? Sign in"
    page.locator("main").get_by_role("link", name="Đăng nhập", exact=True).click()
    page.wait_for_url("**/shop/accounts/login/**", wait_until="load")
    journey.check("sign-in page")
    page.locator("#sign_in_by_code").click()
    expect(page.locator("main h1")).to_have_text("Đăng nhập bằng mã")
    journey.check("ask for a code")
    page.locator("main [name=phone]").fill("0912 345 678")
    page.locator("main form [type=submit]").click()
    expect(page.locator("main h1")).to_have_text("Nhập mã")
    journey.check("type the code")

    page.locator("main [name=code]").fill(code_sent_to("+84912345678"))
    page.locator("main form [type=submit]").click()
    page.wait_for_url("**/producer/**", wait_until="load")
    expect(page.locator("main")).to_contain_text("Hộ kinh doanh Giàng A Páo")
    journey.check("in the portal")
    journey.finish()
