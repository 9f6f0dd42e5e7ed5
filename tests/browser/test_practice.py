"""The practice shop, as its three people see it: the mentor opens it from the training's
page and sees each trainee's join link; a trainee with no account opens the link, creates one
on her phone and joins; a trainee with a shop works in her practice shop and lists a product,
which her fellow trainee then sees on the trainees-only page. (Paying with the test card and
sending the order are tested with localstripe in tests/practice/test_practice_loop.py.)"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from mentoring import practice
from producers.models import Producer
from tests.browser.helpers import fill, sign_in
from tests.practice.world import PRACTICE_TITLE, World

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_trainees_join_and_list_in_their_practice_shop(journey):
    world = World()
    page = journey.page

    # The mentor, in the Mentoring admin.
    mentor = journey.new_context()
    sign_in(mentor, journey.base_url, world.mentor)
    admin = mentor.new_page()
    admin.goto(journey.base_url + reverse("mentoring_trainings:practice", args=[world.training.pk]))
    journey.check("mentor: practice shop not open yet", admin, admin=True)
    admin.locator("main form [type=submit]").last.click()
    expect(admin.locator("body")).to_contain_text("Sùng A Páo")
    journey.check("mentor: practice shop open, join links", admin, admin=True)
    mentor.close()
    world.session = world.training.practice
    world.mai_shop = Producer.objects.get(
        practice_seat__session=world.session, practice_seat__member=world.mai
    )
    pao_shop = Producer.objects.get(
        practice_seat__session=world.session, practice_seat__member=world.pao
    )

    # Mai has a real shop, and linked her account to herself: it runs her practice shop too.
    world.mai_lists_a_product()
    sign_in(journey.context, journey.base_url, world.mai_user)
    journey.goto(reverse("portal:practice", args=[world.session.pk]))
    expect(page.locator("main")).to_contain_text(PRACTICE_TITLE)
    journey.check("trainee: the practice page")
    page.get_by_role("button", name="Vào gian hàng thực hành của tôi").click()
    expect(page.locator("[data-practice-banner]")).to_be_visible()
    journey.check("trainee: portal home in her practice shop")
    journey.context.clear_cookies()

    # Páo has no account: he opens the link his mentor's screen shows, on his phone.
    journey.goto(reverse("portal:practice_join", args=[practice.join_token(pao_shop)]))
    journey.check("new trainee: the join link")
    page.get_by_role("link", name="Tạo tài khoản của tôi").click()
    journey.check("new trainee: create an account")
    fill(page, {"phone": "0987 654 321", "last_name": "Sùng A", "first_name": "Páo",
                "password": "thuc-hanh-ban-hang"})  # fmt: skip
    page.locator("main form [type=submit]").last.click()
    expect(page.locator("main form [type=submit]").last).to_have_text(
        "Tham gia gian hàng thực hành của tôi"
    )
    journey.check("new trainee: back on the join link, signed in")
    page.locator("input[name=i_am_the_member]").check()  # he confirms he is Páo
    page.locator("main form [type=submit]").last.click()
    expect(page.locator("[data-practice-product]")).to_contain_text(PRACTICE_TITLE)
    journey.check("new trainee: a fellow trainee's product to buy")
    assert pao_shop.partner.users.get() == User.objects.get(phone__endswith="987654321")
    journey.finish()
