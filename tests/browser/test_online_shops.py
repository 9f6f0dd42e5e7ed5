"""A member records her Shopee shop on her phone (360 px), and her mentor verifies it in the
admin: the shop then counts toward the union's "members selling online" (mentoring.selling)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from mentoring.models import OnlineShop
from mentoring.selectors import today
from tests.browser.helpers import fill, sign_in
from tests.factories.mentoring import link_account, make_lao_cai
from tests.mentoring.sellers import specialty_member
from tests.support.people import make_mentor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("size", ["phone"])
def test_a_member_records_her_shopee_shop_and_her_mentor_verifies_it(journey):
    units = make_lao_cai()
    mentor = make_mentor(units["bat_xat"], "mentor-shopee@example.com")
    member = specialty_member(unit=units["y_ty"], name="Lý Thị Hoa")
    user = User.objects.create_user(email="hoa@example.com", password="x" * 12)
    link_account(member=member, user=user)
    page = journey.page

    sign_in(journey.context, journey.base_url, user)
    journey.goto(reverse("portal:online_shops"))
    journey.check("member: where you sell online")
    day = today()
    fill(page, {"url": "shopee.vn/hoa-che-y-ty", "since": f"{day.year - 1}-05-01"})
    page.get_by_role("button", name="Lưu gian hàng").click()
    expect(page.locator("[data-shop-status=recorded]")).to_be_visible()
    journey.check("member: shop recorded")

    admin_context = journey.new_context()
    sign_in(admin_context, journey.base_url, mentor)
    admin = admin_context.new_page()
    admin.goto(journey.base_url + reverse("mentoring_shops:index"))
    shop = OnlineShop.objects.get(member=member)
    expect(admin.locator(f"[data-shop='{shop.pk}']")).to_contain_text("Shopee")
    journey.check("mentor: shops to verify", admin, admin=True)
    admin.locator(f"[data-shop='{shop.pk}'] a.button").click()
    admin.wait_for_url(f"**{reverse('mentoring_shops:check', args=[shop.pk])}", wait_until="load")
    admin.locator("[name=checked]").check()
    admin.locator("[name=link_opened]").check()
    fill(admin, {"sold_count": "25", "last_sale_on": day.isoformat()})
    admin.get_by_role("button", name="Ghi nhận kiểm tra").click()
    admin.wait_for_url(f"**{reverse('mentoring_shops:index')}", wait_until="load")
    expect(admin.locator(f"[data-shop='{shop.pk}']")).to_contain_text(day.strftime("%d/%m/%Y"))
    journey.check("mentor: shop checked", admin, admin=True)

    journey.goto(reverse("portal:online_shops"))
    expect(page.locator("[data-shop-status=checked]")).to_be_visible()
    journey.finish()
