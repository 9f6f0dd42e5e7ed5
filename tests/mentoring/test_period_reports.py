"""Indicator reports in the union's own periods (issue 27, item 5): monthly, six-month and annual
reports beside the quarterly one, each through the same prepare → submit → approve / send
back cycle; across a restructure (a report of the period it happened in adds up the
predecessors' part; the year before of a unit formed since is its predecessors' sum); and the
report laid out as the union's table, in XLSX and as a PDF ready to sign.

The dates follow today: the restructure falls in the middle of the last half-year but one, so
the six-month report of that half is the "restructured mid-period" one and the last half's
year before is entirely before it."""

import datetime
import io
import os
import pathlib

import openpyxl
import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from mentoring import restructure
from mentoring.models import Activity, Indicator, KpiSnapshot, Member, TriState
from mentoring.reporting import kpi
from mentoring.reporting.periods import Period, ReportPeriod, ended_periods
from mentoring.reporting.report_export import report_pdf
from mentoring.reporting.report_table import report_build
from tests.factories.mentoring import make_lao_cai, make_member, make_unit
from tests.support.people import make_mentor, make_union_staff

pytestmark = pytest.mark.django_db

HALVES = ended_periods(Period.HALF)
RESTRUCTURED_HALF = HALVES[1]  # the restructure happens in its middle
LAST_HALF = HALVES[0]  # after it; its year before (HALVES[2]) is before it
ON = datetime.date(RESTRUCTURED_HALF.year, RESTRUCTURED_HALF.starts_on.month + 3, 1)
MONTH = datetime.timedelta(days=30)
SAVE_PDF = os.environ.get("SAVE_REPORT_PDF")  # a path: keep the PDF to look at it
ACTIVITIES, EPAYMENT = Indicator.ACTIVITIES, Indicator.EPAYMENT


@pytest.fixture(autouse=True)
def _no_cached_counts():
    cache.clear()


def _answered(unit, answer, on):
    return make_member(
        unit=unit,
        name=f"Đoàn viên {answer}",
        has_epayment_account=answer,
        epayment_recorded_on=on,
    )


def _activity(unit, day, title="Tập huấn"):
    """An activity with one member recorded as having come (only those count toward the
    target): one of the unit's own members, or, for the union formed by the merge, one
    of those it took over."""
    activity = Activity.objects.create(
        kind=Activity.Kind.TRAINING, title=title, held_on=day, org_unit=unit
    )
    activity.attendees.add(Member.objects.filter(org_unit=unit).first() or Member.objects.first())
    return activity


@pytest.fixture
def world():
    """Bắc Hà (two members: an e-payment account, none) and Si Ma Cai (one member, who has
    one) are merged into a new district-level union, Bắc Hà – Si Ma Cai, on ON, in the middle
    of RESTRUCTURED_HALF. Each held an activity in that half before the merge; Si Ma Cai one
    in the half a year before LAST_HALF; the new union one after the merge."""
    tree = make_lao_cai()
    long_ago = HALVES[2].starts_on
    bac_ha = make_unit(name="Huyện đoàn Bắc Hà", kind="district", parent=tree["province"])
    si_ma_cai = make_unit(name="Huyện đoàn Si Ma Cai", kind="district", parent=tree["province"])
    _answered(bac_ha, TriState.YES, long_ago)
    _answered(bac_ha, TriState.NO, long_ago)
    _answered(si_ma_cai, TriState.YES, long_ago)
    early = _activity(si_ma_cai, HALVES[2].ends_on - datetime.timedelta(days=10), "Cùng kỳ")
    before = [_activity(bac_ha, ON - MONTH), _activity(si_ma_cai, ON - 2 * MONTH)]
    merged = make_unit(
        name="Huyện đoàn Bắc Hà – Si Ma Cai",
        kind="district",
        parent=tree["province"],
        opened_on=ON,
    )
    restructure.units_merge(units=[bac_ha, si_ma_cai], into=merged, on=ON)
    after = _activity(merged, ON + MONTH, "Sau sáp nhập")
    return {
        **tree,
        "bac_ha": bac_ha,
        "si_ma_cai": si_ma_cai,
        "merged": merged,
        "early": early,
        "before": before,
        "after": after,
        "mentor": make_mentor(merged, "bacha@example.com"),
        "sa_pa_mentor": make_mentor(tree["sa_pa"], "sapa@example.com"),
        "approver": make_union_staff("duyet@example.com", approve_reports=True),
    }


def _figure(rows, code) -> dict:
    return next(row for row in rows if row["code"] == code)


def _submitted(world, period) -> KpiSnapshot:
    snapshot = kpi.snapshot_prepare(unit=world["merged"], period=period, by=world["mentor"])
    return kpi.snapshot_submit(snapshot=snapshot, by=world["mentor"])


# --- Across the restructure ---


def test_the_six_month_report_of_a_unit_restructured_mid_period_adds_up_its_predecessors(world):
    snapshot = _submitted(world, RESTRUCTURED_HALF)
    assert (snapshot.period, snapshot.starts_on, snapshot.day) == (
        Period.HALF,
        RESTRUCTURED_HALF.starts_on,
        RESTRUCTURED_HALF.ends_on,
    )
    # The predecessors' part of the half (their members, now the new union's, and the
    # activities they held before the merge) and the new union's own.
    assert snapshot.members == 3
    activities = _figure(snapshot.figures, ACTIVITIES)
    same_year = HALVES[2].year == RESTRUCTURED_HALF.year  # the year's activities so far
    assert activities["actual"] == str(3 + same_year)
    ids = set(snapshot.record_ids[ACTIVITIES]["done"])
    assert {world["after"].pk, *(a.pk for a in world["before"])} <= ids
    epayment = _figure(snapshot.figures, EPAYMENT)
    assert (epayment["numerator"], epayment["denominator"]) == (2, 3)
    # the report says whose records it holds
    report = report_build(snapshot)
    assert report.merged == ["Huyện đoàn Bắc Hà", "Huyện đoàn Si Ma Cai"]


def test_the_year_before_of_a_unit_formed_since_is_its_predecessors_sum(world):
    snapshot = _submitted(world, LAST_HALF)
    before = snapshot.previous
    earlier = LAST_HALF.year_before()
    assert (before["year"], before["day"]) == (earlier.year, earlier.ends_on.isoformat())
    assert [unit["name"] for unit in before["units"]] == [
        "Huyện đoàn Bắc Hà",
        "Huyện đoàn Si Ma Cai",
    ]
    assert before["members"] == 3
    # A share is added up from its parts: 1 of 2 (Bắc Hà) and 1 of 1 (Si Ma Cai) make 2 of
    # 3 (66.7 %), not the average of 50 % and 100 %.
    epayment = _figure(before["figures"], EPAYMENT)
    assert (epayment["numerator"], epayment["denominator"], epayment["actual"]) == (2, 3, "66.7")
    assert _figure(before["figures"], ACTIVITIES)["actual"] == "1"  # Si Ma Cai's, that half
    # and the report's note shows it beside each indicator
    with translation.override("vi"):
        rows = {row.code: row for row in report_build(snapshot).rows}
        assert "Cùng kỳ năm trước: 66,7 %" in rows[EPAYMENT].note


# --- The cycle, in other periods ---


def test_a_monthly_report_is_sent_back_submitted_again_and_approved(world):
    month = ended_periods(Period.MONTH)[0]
    snapshot = _submitted(world, month)
    assert (snapshot.period, snapshot.number, snapshot.starts_on) == (
        Period.MONTH,
        month.number,
        month.starts_on,
    )
    assert snapshot.status == KpiSnapshot.Status.SUBMITTED
    kpi.snapshot_return(snapshot=snapshot, by=world["approver"], comment="Bổ sung hoạt động")
    snapshot = kpi.snapshot_submit(snapshot=snapshot, by=world["mentor"])
    assert snapshot.status == KpiSnapshot.Status.RESUBMITTED
    snapshot = kpi.snapshot_approve(snapshot=snapshot, by=world["approver"])
    assert snapshot.status == KpiSnapshot.Status.APPROVED
    # one report per unit and period: preparing it again opens the same one
    again = kpi.snapshot_prepare(unit=world["merged"], period=month, by=world["mentor"])
    assert again.pk == snapshot.pk


def test_an_approved_annual_report_keeps_its_figures_when_records_change(client, world):
    year = ended_periods(Period.YEAR)[0]
    snapshot = _submitted(world, year)
    snapshot = kpi.snapshot_approve(snapshot=snapshot, by=world["approver"])
    stored = _figure(snapshot.figures, ACTIVITIES)["actual"]
    stored_pdf_rows = [row.result_text for row in report_build(snapshot).rows]

    _activity(world["merged"], year.ends_on - datetime.timedelta(days=2), "Ghi muộn")
    Member.objects.filter(org_unit=world["merged"]).update(has_epayment_account=TriState.YES)

    snapshot.refresh_from_db()
    assert _figure(snapshot.figures, ACTIVITIES)["actual"] == stored
    assert [row.result_text for row in report_build(snapshot).rows] == stored_pdf_rows
    comparison = {row.code: row for row in kpi.snapshot_compare(snapshot).figures}
    assert comparison[ACTIVITIES].now.actual == int(stored) + 1  # shown beside, not stored
    with pytest.raises(ValidationError):
        kpi.snapshot_submit(snapshot=snapshot, by=world["mentor"])


def test_a_period_not_yet_ended_cannot_be_prepared(world):
    this_year = ReportPeriod(Period.YEAR, kpi.selectors.today().year, 1)
    with pytest.raises(ValidationError):
        kpi.snapshot_prepare(unit=world["merged"], period=this_year, by=world["mentor"])


# --- The screens and the downloads ---


def test_a_unit_prepares_a_six_month_report_from_the_list_and_downloads_it(client, world):
    client.force_login(world["mentor"])
    index = reverse("mentoring_kpi:index")
    page = client.get(index).content.decode()
    assert f'value="{LAST_HALF.key}"' in page  # the period choice, six-month reports included
    response = client.post(index, {"unit": world["merged"].pk, "period": LAST_HALF.key})
    snapshot = KpiSnapshot.objects.get(org_unit=world["merged"], period=Period.HALF)
    assert response["Location"] == reverse("mentoring_kpi:detail", args=[snapshot.pk])
    detail = client.get(response["Location"]).content.decode()
    pdf_url = reverse("mentoring_kpi:download", args=[snapshot.pk, "pdf"])
    xlsx_url = reverse("mentoring_kpi:download", args=[snapshot.pk, "xlsx"])
    assert pdf_url in detail and xlsx_url in detail
    assert "data-year-before=" in detail  # the same period of the year before, beside

    workbook = openpyxl.load_workbook(io.BytesIO(client.get(xlsx_url).content))
    sheet = workbook.active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    heading = rows.index(["Chỉ tiêu", "Mục tiêu", "Kết quả", "% so với mục tiêu", "Ghi chú"])
    table = {row[0]: row for row in rows[heading + 1 :]}
    assert len(table) == 6
    with translation.override("vi"):
        activities = table[str(Indicator(ACTIVITIES).label)]
        epayment = table[str(Indicator(EPAYMENT).label)]
    # counted now (a draft): the year's activities up to the half's last day, the merged
    # unions' included
    held = Activity.objects.filter(
        org_unit__in=[world["merged"], world["bac_ha"], world["si_ma_cai"]],
        held_on__year=LAST_HALF.year,
        held_on__lte=LAST_HALF.ends_on,
    )
    assert activities[2] == held.count()
    assert epayment[1:4] == [80, pytest.approx(66.7), pytest.approx(83.4)]  # 2 of 3; 80 % target
    assert rows[1][0] == "HUYỆN ĐOÀN BẮC HÀ – SI MA CAI"

    response = client.get(pdf_url)
    if SAVE_PDF:
        pathlib.Path(SAVE_PDF).write_bytes(response.content)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for line in (
        "ĐOÀN TNCS HỒ CHÍ MINH",
        "HUYỆN ĐOÀN BẮC HÀ – SI MA CAI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BÁO CÁO KẾT QUẢ",
        "TM. BAN THƯỜNG VỤ",
        "BÍ THƯ",
        "Chỉ tiêu",
        "Ghi chú",
    ):
        assert line in text
    with translation.override("vi"):
        assert ReportPeriod.of(snapshot).label.upper() in text
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert any("NotoSerif" in str(font.get_object()["/BaseFont"]) for font in fonts.values())


def test_another_units_staff_get_404_for_the_downloads(client, world):
    snapshot = kpi.snapshot_prepare(unit=world["merged"], period=LAST_HALF, by=world["mentor"])
    client.force_login(world["sa_pa_mentor"])
    for fmt in ("pdf", "xlsx"):
        url = reverse("mentoring_kpi:download", args=[snapshot.pk, fmt])
        assert client.get(url).status_code == 404
    # provincial staff see every unit's
    client.force_login(world["approver"])
    url = reverse("mentoring_kpi:download", args=[snapshot.pk, "pdf"])
    assert client.get(url).status_code == 200


def test_the_pdf_of_a_unit_of_a_commune_is_headed_by_its_committee(world):
    snapshot = KpiSnapshot(
        org_unit=world["y_ty"],
        period=Period.HALF,
        year=LAST_HALF.year,
        number=LAST_HALF.number,
        starts_on=LAST_HALF.starts_on,
        day=LAST_HALF.ends_on,
    )
    with translation.override("vi"):
        report = report_build(snapshot)
        assert report.committee == "BCH ĐOÀN XÃ Y TÝ"
        text = PdfReader(io.BytesIO(report_pdf(report))).pages[0].extract_text()
    assert "BCH ĐOÀN XÃ Y TÝ" in text
