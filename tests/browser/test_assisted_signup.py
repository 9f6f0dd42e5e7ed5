"""A volunteer of a commune's digital technology team logs, on their phone, that they helped a
member create a VNeID level-2 account: the entry is in the log and the member's answer to
"uses online public services" is now "yes", from the assisted sign-up."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from mentoring import services
from mentoring.models import AssistedSignup, MemberAnswer, OrgUnitRole
from places.selectors import communes_of, home_province
from tests.browser.helpers import fill, sign_in
from tests.factories.mentoring import make_lao_cai, make_member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("size", ["phone"])
def test_a_volunteer_logs_an_assisted_vneid_sign_up(journey, admin_units):
    tree = make_lao_cai()
    member = make_member(unit=tree["y_ty"], name="Giàng Thị Dua")
    volunteer = User.objects.create_user(email="tinhnguyen@example.com", password="x" * 12)
    role = OrgUnitRole.objects.create(
        user=volunteer, org_unit=tree["y_ty"], role=OrgUnitRole.Role.VOLUNTEER
    )
    services.org_unit_role_grant(role=role)
    commune = communes_of(home_province()).first()
    sign_in(journey.context, journey.base_url, User.objects.get(pk=volunteer.pk))
    page = journey.page

    journey.goto(reverse("mentoring_assisted_signups:add"))
    journey.check("assisted sign-up: new entry", admin=True)
    fill(
        page,
        {
            "task": AssistedSignup.Task.VNEID,
            "done_on": "2026-03-14",
            "member_number": member.member_number,
            "place": commune.pk,
            "note": "Tại nhà văn hóa thôn",
        },
        scope="form",
    )
    page.locator("form [type=submit]").last.click()
    page.wait_for_url(f"**{reverse('mentoring_assisted_signups:index')}", wait_until="load")
    expect(page.locator("main")).to_contain_text("Giàng Thị Dua")
    journey.check("assisted sign-up: the log", admin=True)

    evidence = MemberAnswer.objects.get(member=member)
    assert (evidence.question, evidence.answer, evidence.source) == (
        "public_services",
        "yes",
        "assisted",
    )
    member.refresh_from_db()
    assert member.uses_public_services == "yes"
    journey.finish()
