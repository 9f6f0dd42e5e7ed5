"""Provincial staff restructure the union's tree from the admin: two communes' unions merged
from a past date (1 July 2025), previewed first, then saved; the change is in the history,
and the dashboard counts the closed union's members under the one it was merged into."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from mentoring import selectors
from mentoring.models import MemberTransfer, OrgUnit
from tests.browser.helpers import sign_in
from tests.factories.mentoring import make_lao_cai, make_member, make_unit
from tests.support.people import make_union_staff

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REFORM = datetime.date(2025, 7, 1)


def test_staff_merge_two_commune_unions_from_a_past_date(journey):
    tree = make_lao_cai()
    a_mu_sung = make_unit(name="Đoàn xã A Mú Sung", parent=tree["bat_xat"])
    for _ in range(3):
        make_member(unit=a_mu_sung)
    for _ in range(2):
        make_member(unit=tree["y_ty"])
    staff = make_union_staff("tinhdoan@example.com")
    sign_in(journey.context, journey.base_url, staff)
    page = journey.page

    journey.goto(reverse("mentoring_restructure:index"))
    journey.check("restructure: the screens", admin=True)
    page.locator("main a", has_text="Hợp nhất đơn vị").click()
    page.wait_for_url("**/mentoring/restructure/merge/", wait_until="load")
    journey.check("restructure: merge form", admin=True)
    page.select_option("#id_units", str(a_mu_sung.pk))
    page.select_option("#id_into", str(tree["y_ty"].pk))
    page.fill("#id_on", REFORM.isoformat())
    page.locator("main form [type=submit]").click()

    preview = page.locator("table.restructure-preview")
    expect(preview).to_be_visible()
    expect(preview).to_contain_text("Đoàn xã A Mú Sung")
    expect(preview).to_contain_text("Đoàn xã Y Tý")
    journey.check("restructure: dry run", admin=True)
    assert OrgUnit.objects.get(pk=a_mu_sung.pk).closed_on is None  # nothing saved yet

    page.locator("main form [type=submit]", has_text="Xác nhận và lưu").click()
    page.wait_for_url("**/mentoring/restructure/", wait_until="load")
    expect(page.locator("main table")).to_contain_text("Đoàn xã A Mú Sung")
    journey.check("restructure: saved", admin=True)

    closed = OrgUnit.objects.get(pk=a_mu_sung.pk)
    assert (closed.closed_on, closed.successor_id) == (REFORM, tree["y_ty"].pk)
    assert MemberTransfer.objects.filter(on=REFORM).count() == 3
    # From the date, Y Tý counts the members of both; the day before, each its own.
    after = selectors.org_tree_on(REFORM)
    assert selectors.members_in_units_on({tree["y_ty"].pk}, REFORM).count() == 5
    before = REFORM - datetime.timedelta(days=1)
    assert selectors.members_in_units_on({a_mu_sung.pk}, before).count() == 3
    assert a_mu_sung.pk not in after

    # The dashboard of the district carries A Mú Sung's members into Y Tý, and no longer
    # lists the closed union.
    url = reverse("mentoring_dashboard:index") + f"?unit={tree['bat_xat'].pk}&fresh=1"
    journey.goto(url)
    y_ty_row = page.locator(f"main tr[data-unit='{tree['y_ty'].pk}']")
    expect(y_ty_row.locator("td.mdash-num").first).to_have_text("5")
    expect(page.locator(f"main tr[data-unit='{a_mu_sung.pk}']")).to_have_count(0)
    journey.check("restructure: the dashboard carries the figures", admin=True)
    journey.finish()
