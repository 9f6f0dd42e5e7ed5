"""A district-level union prepares its six-month report in the admin, submits it, provincial
staff approve it, and the union downloads the PDF ready to sign (on a laptop: staff's)."""

import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from mentoring.models import KpiSnapshot
from mentoring.reporting.periods import Period, ended_periods
from tests.browser.helpers import sign_in
from tests.factories.mentoring import make_lao_cai, make_member
from tests.support.people import make_mentor, make_union_staff

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("size", ["desktop"])
def test_a_union_gets_its_six_month_report_approved_and_downloads_the_pdf(journey):
    half = ended_periods(Period.HALF)[0]
    tree = make_lao_cai()
    for _ in range(2):
        make_member(unit=tree["y_ty"])
    mentor = make_mentor(tree["bat_xat"], "batxat@example.com")
    approver = make_union_staff("duyet@example.com", approve_reports=True)
    sign_in(journey.context, journey.base_url, mentor)
    page = journey.page

    journey.goto(reverse("mentoring_kpi:index"))
    page.select_option("#id_unit", str(tree["bat_xat"].pk))
    page.select_option("#id_period", half.key)
    journey.check("union: prepare a six-month report", admin=True)
    page.locator("[aria-labelledby=prepare-title] button[type=submit]").click()
    page.wait_for_url("**/mentoring/quarters/*/", wait_until="load")
    expect(page.locator("main h1")).to_contain_text("6 tháng")
    page.locator("form[action$='/submit/'] button").click()
    page.wait_for_load_state("load")
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "submitted")
    snapshot = KpiSnapshot.objects.get(period=Period.HALF)

    staff = journey.new_context()
    sign_in(staff, journey.base_url, approver)
    staff_page = staff.new_page()
    journey.goto(reverse("mentoring_kpi:detail", args=[snapshot.pk]), page=staff_page)
    staff_page.locator("form[action$='/approve/'] button").click()
    staff_page.wait_for_load_state("load")
    expect(staff_page.locator("[data-status]")).to_have_attribute("data-status", "approved")

    page.reload(wait_until="load")
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "approved")
    journey.check("union: the approved report", admin=True)
    with page.expect_download() as download:
        page.locator("[data-download=pdf]").click()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    # The whole report: its table may push the signature block onto a second page.
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "HUYỆN ĐOÀN BÁT XÁT" in text and half.label.upper() in text
    assert "TM. BAN THƯỜNG VỤ" in text
    journey.finish()
