"""The mentor: import a member list (dry run, then commit) → record attendance at a training →
the district's figure on the dashboard changes → export it to XLSX."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from mentoring.models import Member, OrgUnitRole, Topic, TrainingSession
from tests.browser.helpers import fill, sign_in
from tests.factories.mentoring import make_lao_cai
from tests.mentoring.test_roster_import import HEADER, csv_bytes, row

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _trained_in_district(journey, page, district, step):
    """The dashboard's "trained in e-commerce" count for the district, counted afresh."""
    url = reverse("mentoring_dashboard:index") + f"?unit={district.pk}&fresh=1"
    page.goto(journey.base_url + url)
    journey.check(step, page, admin=True)
    return int(page.locator("li[data-stage=trained] a").inner_text().split()[0])


def test_mentor_imports_records_attendance_and_exports(journey, tmp_path):
    tree = make_lao_cai()
    mentor = User.objects.create_user(email="batxat@example.com", password="x" * 12)
    mentor.groups.add(Group.objects.get(name="Mentors"))
    OrgUnitRole.objects.create(user=mentor, org_unit=tree["bat_xat"])
    training = TrainingSession.objects.create(
        topic=Topic.ECOMMERCE,
        title="Bán hàng trên Chợ Phiên",
        held_on=datetime.date.today() - datetime.timedelta(days=1),
        org_unit=tree["bat_xat"],
    )
    sign_in(journey.context, journey.base_url, User.objects.get(pk=mentor.pk))
    page = journey.page
    roster = tmp_path / "danh-sach-doan-vien.csv"
    roster.write_bytes(
        csv_bytes(
            [
                row("LC-0001", "Lý Thị Mai", unit=tree["y_ty"]),
                row("LC-0002", "Giàng A Páo", unit=tree["y_ty"], **{"Giới tính": "Nam"}),
            ],
            header=HEADER,
        )
    )

    journey.goto(reverse("mentoring_import:upload"))
    journey.check("import: upload", admin=True)
    fill(page, {"file": roster}, scope="form[enctype]")
    page.locator("form[enctype] [type=submit]").click()
    commit = page.locator("form[action*='commit'] [type=submit]")
    expect(commit).to_be_visible()
    journey.check("import: dry run", admin=True)
    assert not Member.objects.exists()  # a dry run writes nothing
    commit.click()
    expect(commit).to_be_hidden()
    journey.check("import: committed", admin=True)
    assert Member.objects.filter(org_unit=tree["y_ty"]).count() == 2

    before = _trained_in_district(journey, page, tree["bat_xat"], "dashboard before")
    journey.goto(reverse("mentoring_trainings:attendance", args=[training.pk]))
    journey.check("training: attendance", admin=True)
    mai = Member.objects.get(full_name="Lý Thị Mai")
    page.locator(f"#member-{mai.pk}").check()
    page.locator("main form [type=submit]").last.click()
    page.wait_for_load_state("load")
    journey.check("training: attendance saved", admin=True)
    assert set(training.attendees.values_list("full_name", flat=True)) == {"Lý Thị Mai"}

    call_command("funnel_recompute")  # the nightly job that stores each member's steps
    after = _trained_in_district(journey, page, tree["bat_xat"], "dashboard after")
    assert after == before + 1

    with page.expect_download() as download_info:
        page.locator("#funnel-title ~ .mdash-export a", has_text="XLSX").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert path.read_bytes()[:2] == b"PK"  # a real workbook (a zip)
    journey.finish()
