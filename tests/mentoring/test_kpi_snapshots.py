"""Approved quarterly indicator reports: a district-level union submits its quarter, provincial
staff approve it or send it back with a reason; approved figures, with the ids behind them
and the funnel rules version, stay frozen while later counts show as a difference."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from wagtail.models import ModelLogEntry

from accounts.models import User
from mentoring.models import (
    Activity,
    DashboardCounts,
    Indicator,
    KpiSnapshot,
    Team,
    TriState,
)
from mentoring.reporting import dashboard, funnel, kpi
from tests.factories.mentoring import make_lao_cai
from tests.mentoring.sellers import make_moderator, make_seller_for, place_order, specialty_member
from tests.support.people import make_mentor, make_union_staff

pytestmark = pytest.mark.django_db

YEAR, QUARTER = kpi.ended_quarters()[0]  # the last quarter that has ended
Q_END = kpi.quarter_last_day(YEAR, QUARTER)
Q_START = datetime.date(YEAR, 3 * QUARTER - 2, 1)
DAYS = datetime.timedelta
SELLING = Indicator.SELLING_ONLINE


@pytest.fixture(autouse=True)
def _no_cached_counts():
    cache.clear()


@pytest.fixture
def quarter():
    """Y Tý (Bát Xát): two members with a specialty product since the quarter began, one of
    whom sold in the quarter; the other has a shop but no paid order yet. A core team of
    Bát Xát, an activity held in Y Tý in the quarter, and one held after it."""
    tree = make_lao_cai()
    moderator = make_moderator()
    seller = specialty_member(
        unit=tree["y_ty"],
        name="Lý Thị Mai",
        recorded_on=Q_START,
        has_epayment_account=TriState.YES,
        epayment_recorded_on=Q_START,
    )
    waiting = specialty_member(
        unit=tree["y_ty"],
        name="Vàng A Sử",
        recorded_on=Q_START,
        has_epayment_account=TriState.NO,
        epayment_recorded_on=Q_START,
    )
    seller_product = make_seller_for(seller, moderator=moderator)
    waiting_product = make_seller_for(waiting, moderator=moderator)
    place_order(seller_product, on=Q_END - DAYS(20))
    team = Team.objects.create(kind=Team.Kind.CORE, name="Đội nòng cốt", org_unit=tree["bat_xat"])
    activity = Activity.objects.create(
        kind=Activity.Kind.TRAINING,
        title="Tập huấn",
        held_on=Q_END - DAYS(10),
        org_unit=tree["y_ty"],
    )
    activity.attendees.add(seller)
    Activity.objects.create(
        kind=Activity.Kind.CONTEST, title="Sau quý", held_on=Q_END + DAYS(1), org_unit=tree["y_ty"]
    ).attendees.add(seller)
    funnel.funnel_recompute()
    return {
        **tree,
        "seller": seller,
        "waiting": waiting,
        "waiting_product": waiting_product,
        "seller_product": seller_product,
        "team": team,
        "activity": activity,
        "bat_xat_mentor": make_mentor(tree["bat_xat"], "batxat@example.com"),
        "sa_pa_mentor": make_mentor(tree["sa_pa"], "sapa@example.com"),
        "approver": make_union_staff("duyet@example.com", approve_reports=True),
    }


def _submitted(quarter) -> KpiSnapshot:
    mentor = quarter["bat_xat_mentor"]
    snapshot = kpi.snapshot_prepare(unit=quarter["bat_xat"], year=YEAR, quarter=QUARTER, by=mentor)
    return kpi.snapshot_submit(snapshot=snapshot, by=mentor)


def _denied(response) -> bool:
    """Refused: Wagtail's admin turns PermissionDenied into a redirect to its home page."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def _figure(snapshot, code) -> dict:
    return next(row for row in snapshot.figures if row["code"] == code)


def _actions(snapshot) -> list[str]:
    return list(
        ModelLogEntry.objects.for_instance(snapshot).order_by("pk").values_list("action", flat=True)
    )


# --- Submitting stores the dashboard's figures, the rules version and the ids ---


def test_submitting_stores_the_dashboards_figures_on_the_quarters_last_day(quarter):
    snapshot = _submitted(quarter)
    assert snapshot.status == KpiSnapshot.Status.SUBMITTED
    assert snapshot.day == Q_END
    assert snapshot.rules_version == funnel.FUNNEL_RULES_VERSION
    assert snapshot.members == 2
    selling = _figure(snapshot, SELLING)
    assert (selling["actual"], selling["numerator"], selling["denominator"]) == ("50.0", 1, 2)
    epay = _figure(snapshot, Indicator.EPAYMENT)
    assert (epay["actual"], epay["numerator"], epay["denominator"]) == ("50.0", 1, 2)
    assert _figure(snapshot, Indicator.CORE_TEAMS)["numerator"] == 1
    assert _figure(snapshot, Indicator.ACTIVITIES)["numerator"] == 1  # not the one after

    # The same figures as the dashboard's own selector for that unit and day
    tree_day = kpi.selectors.org_tree_on(Q_END)
    report = dashboard.dashboard_build(
        tree=tree_day, unit_id=quarter["bat_xat"].pk, year=YEAR, day=Q_END
    )
    for figure in report.figures:
        stored = _figure(snapshot, figure.code)
        assert stored["actual"] == (None if figure.actual is None else str(figure.actual))
        assert (stored["numerator"], stored["denominator"]) == (
            figure.numerator,
            figure.denominator,
        )
    assert _actions(snapshot) == ["mentoring.kpi_submit"]


def test_the_ids_behind_each_figure_are_stored(quarter):
    snapshot = _submitted(quarter)
    ids = snapshot.record_ids
    assert ids[SELLING] == {
        "done": [quarter["seller"].pk],
        "base": sorted([quarter["seller"].pk, quarter["waiting"].pk]),
    }
    assert ids[Indicator.EPAYMENT]["done"] == [quarter["seller"].pk]
    assert ids[Indicator.CORE_TEAMS] == {"done": [quarter["team"].pk]}
    assert ids[Indicator.ACTIVITIES] == {"done": [quarter["activity"].pk]}
    for row in snapshot.figures:  # as many ids as the figure counts
        assert len(ids[row["code"]]["done"]) == row["numerator"]
        if row["denominator"] is not None:
            assert len(ids[row["code"]]["base"]) == row["denominator"]


def test_counting_a_quarter_leaves_the_dashboards_stored_counts_alone(quarter):
    dashboard.unit_counts_cached(day=dashboard.report_day(YEAR), year=YEAR)
    before = list(DashboardCounts.objects.values_list("year", "day", "counted_at"))
    _submitted(quarter)
    assert list(DashboardCounts.objects.values_list("year", "day", "counted_at")) == before


# --- Who may submit, approve and send back ---


def test_a_bat_xat_mentor_cannot_submit_for_sa_pa(client, quarter):
    mentor = quarter["bat_xat_mentor"]
    with pytest.raises(PermissionDenied):
        kpi.snapshot_prepare(unit=quarter["sa_pa"], year=YEAR, quarter=QUARTER, by=mentor)

    client.force_login(mentor)
    response = client.post(
        reverse("mentoring_kpi:index"),
        {"unit": quarter["sa_pa"].pk, "period": f"quarter-{YEAR}-{QUARTER}"},
    )
    assert response.status_code == 200
    assert not KpiSnapshot.objects.exists()
    assert "lựa chọn hợp lệ" in response.content.decode()  # not a valid choice

    # Sa Pa's own report: Bát Xát's mentor can neither see nor submit it
    sa_pa = kpi.snapshot_prepare(
        unit=quarter["sa_pa"], year=YEAR, quarter=QUARTER, by=quarter["sa_pa_mentor"]
    )
    assert client.get(reverse("mentoring_kpi:detail", args=[sa_pa.pk])).status_code == 404
    for fmt in ("csv", "xlsx"):
        url = reverse("mentoring_kpi:detail", args=[sa_pa.pk]) + f"?export={fmt}"
        assert client.get(url).status_code == 404
    assert client.post(reverse("mentoring_kpi:submit", args=[sa_pa.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        kpi.snapshot_submit(snapshot=sa_pa, by=mentor)
    sa_pa.refresh_from_db()
    assert sa_pa.status == KpiSnapshot.Status.DRAFT


def test_a_mentor_prepares_and_submits_through_the_screens(client, quarter):
    client.force_login(quarter["bat_xat_mentor"])
    response = client.post(
        reverse("mentoring_kpi:index"),
        {"unit": quarter["bat_xat"].pk, "period": f"quarter-{YEAR}-{QUARTER}"},
    )
    snapshot = KpiSnapshot.objects.get()
    assert response.url == reverse("mentoring_kpi:detail", args=[snapshot.pk])
    page = client.get(response.url).content.decode()
    assert "Gửi lên Tỉnh đoàn" in page  # submit button
    assert "Phê duyệt số liệu này" not in page  # no approval for a mentor

    response = client.post(reverse("mentoring_kpi:submit", args=[snapshot.pk]), follow=True)
    snapshot.refresh_from_db()
    assert snapshot.status == KpiSnapshot.Status.SUBMITTED
    assert snapshot.submitted_by == quarter["bat_xat_mentor"]
    assert "Đã gửi số liệu của kỳ báo cáo lên Tỉnh đoàn." in response.content.decode()


def test_a_quarter_not_yet_ended_cannot_be_prepared(quarter):
    this_year, this_quarter = kpi.quarter_of(kpi.selectors.today())
    with pytest.raises(ValidationError):
        kpi.snapshot_prepare(
            unit=quarter["bat_xat"],
            year=this_year,
            quarter=this_quarter,
            by=quarter["bat_xat_mentor"],
        )


def test_a_mentor_cannot_approve_nor_can_staff_without_the_permission(client, quarter):
    snapshot = _submitted(quarter)
    client.force_login(quarter["bat_xat_mentor"])
    assert _denied(client.post(reverse("mentoring_kpi:approve", args=[snapshot.pk])))
    assert _denied(
        client.post(reverse("mentoring_kpi:return", args=[snapshot.pk]), {"comment": "x"})
    )
    viewer = make_union_staff("xem@example.com")
    client.force_login(viewer)
    assert client.get(reverse("mentoring_kpi:detail", args=[snapshot.pk])).status_code == 200
    assert _denied(client.post(reverse("mentoring_kpi:approve", args=[snapshot.pk])))
    snapshot.refresh_from_db()
    assert snapshot.status == KpiSnapshot.Status.SUBMITTED
    assert _actions(snapshot) == ["mentoring.kpi_submit"]


def test_nobody_approves_their_own_submission(quarter):
    mentor = quarter["bat_xat_mentor"]
    mentor.user_permissions.add(Permission.objects.get(codename="approve_kpisnapshot"))
    mentor = User.objects.get(pk=mentor.pk)
    snapshot = _submitted(quarter)
    with pytest.raises(PermissionDenied):
        kpi.snapshot_approve(snapshot=snapshot, by=mentor)


def test_provincial_staff_do_not_submit(client, quarter):
    approver = quarter["approver"]
    assert kpi.submittable_unit_ids(approver) == set()
    client.force_login(approver)
    page = client.get(reverse("mentoring_kpi:index")).content.decode()
    assert "prepare-title" not in page  # no "prepare" form


def test_the_staff_group_gets_the_approve_permission():
    staff = Group.objects.get(name="Provincial staff (mentoring)")
    assert staff.permissions.filter(codename="approve_kpisnapshot").exists()
    mentors = Group.objects.get(name="Mentors")
    assert not mentors.permissions.filter(codename="approve_kpisnapshot").exists()


def test_send_back_needs_a_reason_then_the_union_submits_again_and_staff_approve(client, quarter):
    snapshot = _submitted(quarter)
    client.force_login(quarter["approver"])
    page = client.get(reverse("mentoring_kpi:detail", args=[snapshot.pk])).content.decode()
    assert "Phê duyệt số liệu này" in page

    response = client.post(
        reverse("mentoring_kpi:return", args=[snapshot.pk]), {"comment": "   "}, follow=True
    )
    assert escape("Hãy nêu lý do trả lại") in response.content.decode()
    snapshot.refresh_from_db()
    assert snapshot.status == KpiSnapshot.Status.SUBMITTED

    reason = "Thiếu hoạt động tháng cuối quý, đề nghị bổ sung."
    client.post(reverse("mentoring_kpi:return", args=[snapshot.pk]), {"comment": reason})
    snapshot.refresh_from_db()
    assert snapshot.status == KpiSnapshot.Status.RETURNED
    assert snapshot.return_comment == reason
    entry = ModelLogEntry.objects.for_instance(snapshot).get(action="mentoring.kpi_return")
    assert entry.data["comment"] == reason and entry.user == quarter["approver"]

    client.force_login(quarter["bat_xat_mentor"])
    page = client.get(reverse("mentoring_kpi:detail", args=[snapshot.pk])).content.decode()
    assert escape(reason) in page and "Gửi lại" in page
    client.post(reverse("mentoring_kpi:submit", args=[snapshot.pk]))
    snapshot.refresh_from_db()
    assert snapshot.status == KpiSnapshot.Status.RESUBMITTED
    page = client.get(reverse("mentoring_kpi:detail", args=[snapshot.pk])).content.decode()
    assert "Đã gửi lại số liệu báo cáo" in page  # the history says it came back

    client.force_login(quarter["approver"])
    client.post(reverse("mentoring_kpi:approve", args=[snapshot.pk]))
    snapshot.refresh_from_db()
    assert snapshot.status == KpiSnapshot.Status.APPROVED
    assert snapshot.decided_by == quarter["approver"]
    assert _actions(snapshot) == [
        "mentoring.kpi_submit",
        "mentoring.kpi_return",
        "mentoring.kpi_submit",
        "mentoring.kpi_approve",
    ]
    # Approved: nobody submits, approves or sends it back again
    with pytest.raises(ValidationError):
        kpi.snapshot_submit(snapshot=snapshot, by=quarter["bat_xat_mentor"])
    with pytest.raises(ValidationError):
        kpi.snapshot_return(snapshot=snapshot, by=quarter["approver"], comment="Sai")


def test_approving_rereads_the_row_under_a_lock_so_a_quarter_is_approved_once(quarter):
    snapshot = _submitted(quarter)
    stale = KpiSnapshot.objects.get(pk=snapshot.pk)  # a second member of staff's copy
    other = make_union_staff("duyet2@example.com", approve_reports=True)
    with CaptureQueriesContext(connection) as queries:
        kpi.snapshot_approve(snapshot=snapshot, by=quarter["approver"])
    if connection.features.has_select_for_update:
        assert any("FOR UPDATE" in query["sql"] for query in queries.captured_queries)
    with pytest.raises(ValidationError, match="đã được phê duyệt"):
        kpi.snapshot_approve(snapshot=stale, by=other)
    stale.refresh_from_db()
    assert stale.decided_by == quarter["approver"]
    assert _actions(snapshot).count("mentoring.kpi_approve") == 1
    # and a second report for the same unit and quarter cannot exist
    again = kpi.snapshot_prepare(
        unit=quarter["bat_xat"], year=YEAR, quarter=QUARTER, by=quarter["bat_xat_mentor"]
    )
    assert again.pk == snapshot.pk and KpiSnapshot.objects.count() == 1


# --- Frozen figures and the difference beside them ---


def test_approved_figures_stay_and_the_difference_shows_after_new_paid_orders(client, quarter):
    snapshot = _submitted(quarter)
    kpi.snapshot_approve(snapshot=snapshot, by=quarter["approver"])
    approved = KpiSnapshot.objects.get(pk=snapshot.pk)
    frozen = (approved.figures, approved.record_ids, approved.members, approved.rules_version)

    # An order of the other member, paid within the quarter but recorded only now, and
    # another order today; the nightly recompute runs.
    place_order(quarter["waiting_product"], on=Q_END - DAYS(5))
    place_order(quarter["seller_product"])
    funnel.funnel_recompute()

    approved.refresh_from_db()
    assert (
        approved.figures,
        approved.record_ids,
        approved.members,
        approved.rules_version,
    ) == frozen
    selling = _figure(approved, SELLING)
    assert (selling["actual"], selling["numerator"], selling["denominator"]) == ("50.0", 1, 2)

    comparison = kpi.snapshot_compare(approved)
    row = next(r for r in comparison.figures if r.code == SELLING)
    assert row.stored_actual == dashboard.Decimal("50.0")
    assert row.now.actual == dashboard.Decimal("100.0")
    assert (row.now.numerator, row.now.denominator) == (2, 2)
    assert row.difference == dashboard.Decimal("50.0")
    assert (row.added, row.removed) == (1, 0)
    unchanged = next(r for r in comparison.figures if r.code == Indicator.EPAYMENT)
    assert not unchanged.changed and unchanged.difference is None

    client.force_login(quarter["approver"])
    response = client.get(reverse("mentoring_kpi:detail", args=[approved.pk]))
    page = response.content.decode()
    start = page.index(f'data-indicator="{SELLING}"')
    selling_row = page[start : page.index("</tr>", start)]
    assert 'data-changed="1"' in selling_row
    assert 'data-stored="50.0"' in selling_row and "50,0%" in selling_row  # approved
    assert "1 / 2" in selling_row
    assert 'data-now="100.0"' in selling_row and "100,0%" in selling_row  # counted now
    assert "2 / 2" in selling_row
    assert 'data-difference="50.0"' in selling_row and "+50,0 điểm %" in selling_row
    assert "+1 / −0" in selling_row
    assert "Số liệu đã duyệt" in page  # the column says which figure is approved
    start = page.index(f'data-indicator="{Indicator.EPAYMENT}"')
    epay_row = page[start : page.index("</tr>", start)]
    assert "data-changed" not in epay_row

    # The same table downloads: stored beside now, the difference and the records in / out.
    detail = reverse("mentoring_kpi:detail", args=[approved.pk])
    csv_rows = list(csv.reader(io.StringIO(client.get(f"{detail}?export=csv").content.decode())))
    label = str(Indicator(SELLING).label)
    assert csv_rows[0][0] == "\ufeffChỉ tiêu"
    assert next(row for row in csv_rows if row[0] == label) == [
        label,
        "50.0",
        "1",
        "2",
        "100.0",
        "2",
        "2",
        "50.0",
        "1",
        "0",
    ]
    xlsx = client.get(f"{detail}?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    cells = next(row for row in sheet.iter_rows(values_only=True) if row[0] == label)
    assert cells[1:4] == (50.0, 1, 2) and cells[4] == 100.0 and cells[8:] == (1, 0)


def test_a_draft_shows_the_figures_counted_now(client, quarter):
    mentor = quarter["bat_xat_mentor"]
    snapshot = kpi.snapshot_prepare(unit=quarter["bat_xat"], year=YEAR, quarter=QUARTER, by=mentor)
    client.force_login(mentor)
    page = client.get(reverse("mentoring_kpi:detail", args=[snapshot.pk])).content.decode()
    start = page.index(f'data-indicator="{SELLING}"')
    row = page[start : page.index("</tr>", start)]
    assert 'data-now="50.0"' in row and "1 / 2" in row
    assert "data-stored" not in row


# --- The list ---


def test_the_list_shows_only_the_persons_units_in_a_fixed_number_of_queries(
    client, quarter, django_assert_num_queries
):
    _submitted(quarter)
    kpi.snapshot_prepare(
        unit=quarter["sa_pa"], year=YEAR, quarter=QUARTER, by=quarter["sa_pa_mentor"]
    )
    client.force_login(quarter["bat_xat_mentor"])
    page = client.get(reverse("mentoring_kpi:index")).content.decode()
    assert "Huyện đoàn Bát Xát" in page and "Thị đoàn Sa Pa" not in page

    client.force_login(quarter["approver"])
    url = reverse("mentoring_kpi:index")
    client.get(url)  # warm the session and permission caches
    with CaptureQueriesContext(connection) as two:
        page = client.get(url).content.decode()
    assert "Huyện đoàn Bát Xát" in page and "Thị đoàn Sa Pa" in page
    earlier_year, earlier_quarter = kpi.ended_quarters()[1]
    kpi.snapshot_prepare(
        unit=quarter["sa_pa"],
        year=earlier_year,
        quarter=earlier_quarter,
        by=quarter["sa_pa_mentor"],
    )
    with django_assert_num_queries(len(two.captured_queries)):  # three rows: as many queries
        page = client.get(url).content.decode()
    assert page.count("data-snapshot=") == 3


def test_the_report_page_reads_in_a_fixed_number_of_queries_however_long_its_history(
    client, quarter
):
    snapshot = _submitted(quarter)
    client.force_login(quarter["approver"])
    url = reverse("mentoring_kpi:detail", args=[snapshot.pk])
    client.get(url)  # warm the session and permission caches
    with CaptureQueriesContext(connection) as short:
        client.get(url)
    for _round in range(2):
        kpi.snapshot_return(snapshot=snapshot, by=quarter["approver"], comment="Bổ sung")
        kpi.snapshot_submit(snapshot=snapshot, by=quarter["bat_xat_mentor"])
    with CaptureQueriesContext(connection) as long:
        page = client.get(url).content.decode()
    assert page.count("Số liệu báo cáo bị trả lại: Bổ sung") == 2
    assert len(long.captured_queries) == len(short.captured_queries)
