"""Roster import: a dry run says what would change, the commit writes all rows or none, and the
same file imported twice changes nothing the second time."""

import codecs
import datetime
import io
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from accounts.models import User
from mentoring import selectors, services
from mentoring.models import Member, MemberTransfer, RosterImport
from mentoring.roster import committing
from mentoring.roster.errors import RosterFileError, row_error_message
from mentoring.roster.reading import read_table
from mentoring.roster.validation import _parse_date, _phone_e164
from mentoring.tasks import roster_import_run
from tests.factories.mentoring import make_member
from tests.support.people import make_mentor, make_union_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_a_temporary_folder")]
Status = RosterImport.Status

HEADER = [
    "Số thẻ đoàn viên",
    "Họ và tên",
    "Năm sinh",
    "Giới tính",
    "Dân tộc",
    "Số điện thoại",
    "Mã đơn vị",
    "Có sản phẩm đặc sản",
    "Sản phẩm đặc sản",
    "Có tài khoản thanh toán điện tử",
    "Dùng dịch vụ công trực tuyến",
    "Ngày ghi nhận",
    "Đồng ý liên hệ",
]


@pytest.fixture(autouse=True)
def _log_action_registered():
    """mentoring's wagtail_hooks registers the import's log action; stand in for it if absent."""
    from wagtail.log_actions import registry

    if registry.action_exists(committing.LOG_ACTION):
        yield
        return
    registry.register_action(committing.LOG_ACTION, "Roster import", "Imported a member list")
    yield
    del registry.formatters[committing.LOG_ACTION]
    registry.choices.remove((committing.LOG_ACTION, "Roster import"))


@pytest.fixture
def staff():
    return make_union_staff("tinhdoan@example.com")


@pytest.fixture
def mentor(tree):
    """A Bát Xát mentor: may import into Bát Xát and Y Tý, not into Sa Pa."""
    return make_mentor(tree["bat_xat"], mentors_group=False, admin_permission=True)


def row(number, name="Lý Thị Mai", *, unit, **overrides):
    values = {
        "Số thẻ đoàn viên": number,
        "Họ và tên": name,
        "Năm sinh": "2001",
        "Giới tính": "Nữ",
        "Dân tộc": "Dao",
        "Số điện thoại": "0912 345 678",
        "Mã đơn vị": unit.code,
        "Có sản phẩm đặc sản": "Có",
        "Sản phẩm đặc sản": "Mật ong bạc hà",
        "Có tài khoản thanh toán điện tử": "Không",
        "Dùng dịch vụ công trực tuyến": "Chưa rõ",
        "Ngày ghi nhận": "15/03/2025",
        "Đồng ý liên hệ": "Có",
    }
    values.update(overrides)
    return [values.get(column, "") for column in HEADER]


def csv_bytes(rows, *, header=HEADER, bom=True, delimiter=",") -> bytes:
    lines = [header, *rows]
    text = "\r\n".join(delimiter.join(str(cell) for cell in line) for line in lines) + "\r\n"
    return (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")


def xlsx_bytes(rows, *, header=HEADER, above=()) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in [*above, header, *rows]:
        sheet.append(list(line))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def check(data, user, name="danh-sach.csv") -> RosterImport:
    roster_import = committing.roster_import_create(
        upload=SimpleUploadedFile(name, data), user=user
    )
    return committing.roster_import_check(roster_import=roster_import, user=user)


def commit(roster_import, user) -> RosterImport:
    assert committing.roster_import_claim_commit(roster_import=roster_import)
    return committing.roster_import_commit(roster_import=roster_import, user=user)


def codes(roster_import):
    return [(error["row"], error["code"]) for error in roster_import.summary["errors"]]


def file_error(data, name="danh-sach.csv"):
    with pytest.raises(RosterFileError) as caught:
        read_table(data, name)
    return caught.value


# --- dry run and commit ---------------------------------------------------------------------


def test_dry_run_counts_what_would_change_and_writes_nothing(tree, staff):
    known = make_member(unit=tree["y_ty"], name="Giàng A Sùng", birth_year=1999)
    same = make_member(unit=tree["y_ty"], name="Lò Văn Pao", birth_year=1998)
    blank = dict.fromkeys(HEADER[2:], "")  # empty cells leave values as they are
    unchanged = row(same.member_number, "Lò Văn Pao", unit=tree["y_ty"], **blank)
    data = csv_bytes(
        [
            row("DV-1", unit=tree["y_ty"]),
            row("DV-2", "Thào Thị Dợ", unit=tree["ta_phin"]),
            row(known.member_number, "Giàng A Sùng", unit=tree["y_ty"], **{"Năm sinh": "2000"}),
            unchanged,
        ]
    )
    roster_import = check(data, staff)
    assert roster_import.status == Status.CHECKED, roster_import.summary["errors"]
    summary = roster_import.summary
    assert (summary["total"], summary["create"], summary["update"], summary["unchanged"]) == (
        4,
        2,
        1,
        1,
    )
    assert summary["rejected"] == 0
    changed = {c["field"] for c in summary["updated"][0]["changes"]}
    assert {"birth_year", "phone", "has_specialty_product", "specialty_recorded_on"} <= changed
    assert summary["field_changes"]["birth_year"] == 1
    assert Member.objects.count() == 2  # nothing written yet
    assert roster_import.processed_rows == roster_import.total_rows == 4


def test_commit_creates_members_with_every_column_read(tree, staff):
    roster_import = commit(check(csv_bytes([row("DV-1", unit=tree["y_ty"])]), staff), staff)
    assert roster_import.status == Status.DONE
    assert roster_import.summary["create"] == 1
    member = Member.objects.get(member_number="DV-1")
    assert member.full_name == "Lý Thị Mai"
    assert (member.birth_year, member.gender, member.ethnicity) == (2001, "female", "Dao")
    assert member.sensitive_basis == "union_record"  # held on the union's record (privacy)
    assert member.phone == "+84912345678"
    assert member.org_unit == tree["y_ty"]
    assert (member.has_specialty_product, member.specialty_product) == ("yes", "Mật ong bạc hà")
    assert member.specialty_recorded_on == datetime.date(2025, 3, 15)
    assert (member.has_epayment_account, member.epayment_recorded_on) == (
        "no",
        datetime.date(2025, 3, 15),
    )
    assert (member.uses_public_services, member.public_services_recorded_on) == ("unknown", None)
    assert member.consent_to_contact is True
    assert roster_import.created_by == staff


def test_reimporting_the_same_file_changes_nothing(tree, staff):
    data = csv_bytes([row("DV-1", unit=tree["y_ty"]), row("DV-2", "Hầu A Chử", unit=tree["sa_pa"])])
    commit(check(data, staff), staff)
    before = list(Member.objects.order_by("pk").values())

    again = commit(check(data, staff), staff)

    assert again.status == Status.DONE
    assert (again.summary["create"], again.summary["update"], again.summary["unchanged"]) == (
        0,
        0,
        2,
    )
    assert list(Member.objects.order_by("pk").values()) == before


def test_one_bad_row_rejects_the_whole_file(tree, staff):
    data = csv_bytes(
        [row("DV-1", unit=tree["y_ty"]), row("DV-2", unit=tree["y_ty"], **{"Năm sinh": "1890"})]
    )
    roster_import = check(data, staff)
    assert roster_import.status == Status.REJECTED
    assert codes(roster_import) == [(3, "bad_birth_year")]
    assert roster_import.summary["rejected"] == 1
    assert not committing.roster_import_claim_commit(roster_import=roster_import)
    assert not Member.objects.exists()


def test_a_row_gone_bad_since_the_dry_run_rejects_the_commit(tree, staff):
    roster_import = check(
        csv_bytes([row("DV-1", unit=tree["y_ty"]), row("DV-2", unit=tree["ta_phin"])]), staff
    )
    assert roster_import.status == Status.CHECKED
    services.org_unit_merge(units=[tree["ta_phin"]], into=tree["y_ty"], on=selectors.today())

    roster_import = commit(roster_import, staff)

    assert roster_import.status == Status.REJECTED
    assert codes(roster_import) == [(3, "closed_unit")]
    assert not Member.objects.exists()


def test_a_failure_half_way_through_the_commit_writes_nothing(tree, staff, monkeypatch):
    moving = make_member(unit=tree["y_ty"])
    data = csv_bytes(
        [
            row("DV-1", unit=tree["y_ty"]),
            row(moving.member_number, moving.full_name, unit=tree["ta_phin"]),
        ]
    )
    roster_import = check(data, staff)
    assert committing.roster_import_claim_commit(roster_import=roster_import)

    def broken_transfer(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(committing, "member_transfer", broken_transfer)
    with pytest.raises(RuntimeError):
        roster_import_run.call(roster_import.pk, staff.pk, True)

    assert not Member.objects.filter(member_number="DV-1").exists()  # created, then rolled back
    assert Member.objects.get(pk=moving.pk).phone == moving.phone
    assert RosterImport.objects.get(pk=roster_import.pk).status == Status.FAILED


def test_a_member_moving_unit_is_transferred_from_today(tree, staff):
    moving = make_member(unit=tree["y_ty"], name="Giàng A Sùng")
    data = csv_bytes([row(moving.member_number, "Giàng A Sùng", unit=tree["ta_phin"])])
    roster_import = commit(check(data, staff), staff)
    assert roster_import.summary["transfer"] == 1
    moving.refresh_from_db()
    assert moving.org_unit == tree["ta_phin"]
    transfer = MemberTransfer.objects.get(member=moving)
    assert (transfer.from_unit, transfer.to_unit, transfer.on) == (
        tree["y_ty"],
        tree["ta_phin"],
        selectors.today(),
    )


def test_recorded_on_dates_move_only_with_the_answers(tree, staff):
    member = make_member(
        unit=tree["y_ty"],
        has_epayment_account="no",
        epayment_recorded_on=datetime.date(2024, 6, 1),
        uses_public_services="no",
        public_services_recorded_on=datetime.date(2024, 6, 1),
    )
    answers = {
        "Có sản phẩm đặc sản": "",
        "Sản phẩm đặc sản": "",
        "Có tài khoản thanh toán điện tử": "Không",  # as before: keeps its date
        "Dùng dịch vụ công trực tuyến": "Có",  # changed: dated
        "Ngày ghi nhận": "",  # empty: today
    }
    commit(
        check(csv_bytes([row(member.member_number, unit=tree["y_ty"], **answers)]), staff), staff
    )
    member.refresh_from_db()
    assert member.epayment_recorded_on == datetime.date(2024, 6, 1)
    assert (member.uses_public_services, member.public_services_recorded_on) == (
        "yes",
        selectors.today(),
    )


def test_the_import_is_logged_with_its_counts(tree, staff):
    roster_import = commit(check(csv_bytes([row("DV-1", unit=tree["y_ty"])]), staff), staff)
    entry = ModelLogEntry.objects.get(action=committing.LOG_ACTION, object_id=str(roster_import.pk))
    assert entry.user == staff
    assert entry.data == {"total": 1, "create": 1, "update": 0, "unchanged": 0, "transfer": 0}


# --- files ----------------------------------------------------------------------------------


def test_csv_with_and_without_bom_and_with_semicolons(tree, staff):
    rows = [row("DV-1", unit=tree["y_ty"])]
    for data in (
        csv_bytes(rows, bom=True),
        csv_bytes(rows, bom=False),
        csv_bytes(rows, delimiter=";"),
    ):
        table = read_table(data, "danh-sach.csv")
        assert table.columns["member_number"] == 0  # the BOM is not part of the first header
        assert check(data, staff).summary["create"] == 1


def test_xlsx_with_a_title_above_the_header_dates_and_numbers(tree, staff):
    cells = row("DV-1", unit=tree["y_ty"])
    cells[2] = 2001  # a number cell
    cells[5] = 912345678  # Excel dropped the leading zero
    cells[11] = datetime.datetime(2025, 3, 15)  # a date cell
    data = xlsx_bytes([cells], above=[["DANH SÁCH ĐOÀN VIÊN XÃ Y TÝ"], []])
    roster_import = commit(check(data, staff, name="danh-sach.xlsx"), staff)
    assert roster_import.status == Status.DONE
    member = Member.objects.get(member_number="DV-1")
    assert (member.phone, member.specialty_recorded_on) == (
        "+84912345678",
        datetime.date(2025, 3, 15),
    )


def test_xlsx_number_cells_come_back_without_a_decimal_point(tree, staff):
    """calamine gives every number cell as a float (2001 as 2001.0): numbers without a fraction
    are read as whole numbers, so no member number, phone or birth year ends in ".0"."""
    cells = row(123456, unit=tree["y_ty"])
    cells[2] = 2001.0
    cells[5] = 84912345678.0  # the phone with its country code, as a number
    data = xlsx_bytes([cells, row("DV-2", unit=tree["y_ty"], **{"Năm sinh": 2001.5})])
    table = read_table(data, "ds.xlsx")
    assert [type(cell) for cell in table.rows[0][1][:3]] == [float, str, float]
    roster_import = check(data, staff, name="ds.xlsx")
    assert codes(roster_import) == [(3, "bad_birth_year")]
    assert roster_import.summary["errors"][0]["value"] == "2001.5"

    data = xlsx_bytes([cells])
    assert commit(check(data, staff, name="ds.xlsx"), staff).status == Status.DONE
    member = Member.objects.get()
    assert (member.member_number, member.birth_year, member.phone) == (
        "123456",
        2001,
        "+84912345678",
    )


def test_xlsx_dates_as_date_cells_day_numbers_and_text(tree, staff):
    recorded = [
        datetime.date(2025, 3, 15),  # a date cell
        datetime.datetime(2025, 3, 16, 14, 30),  # a date and time cell
        45733,  # 17/03/2025 in a cell formatted as a number
        45734.75,  # 18/03/2025 at 18:00, formatted as a number
        "19/03/2025",  # text
        "2025-03-20 00:00:00",  # text, as some exports write it
    ]
    rows = [
        row(f"DV-{n}", unit=tree["y_ty"], **{"Ngày ghi nhận": day})
        for n, day in enumerate(recorded)
    ]
    roster_import = commit(check(xlsx_bytes(rows), staff, name="ds.xlsx"), staff)
    assert roster_import.status == Status.DONE
    assert [
        member.specialty_recorded_on.day for member in Member.objects.order_by("member_number")
    ] == [15, 16, 17, 18, 19, 20]

    bad = [0, -3, 0.5, 3e6, True]  # before 1900, a time of day alone, after 9999, a tick box
    rows = [
        row(f"DV-{n}", unit=tree["y_ty"], **{"Ngày ghi nhận": day}) for n, day in enumerate(bad)
    ]
    assert codes(check(xlsx_bytes(rows), staff, name="ds.xlsx")) == [
        (row_number, "bad_date") for row_number in range(2, 7)
    ]


def test_excel_day_numbers_agree_with_openpyxl():
    from openpyxl.utils.datetime import from_excel

    for serial in (1, 59, 60, 61, 25569, 45731, 45731.999, 2958465):
        assert _parse_date(serial) == from_excel(serial).date(), serial


def test_xlsx_yes_no_tick_boxes_are_read(tree, staff):
    cells = row("DV-1", unit=tree["y_ty"])
    cells[7], cells[9], cells[12] = True, False, True  # TRUE / FALSE cells
    assert commit(check(xlsx_bytes([cells]), staff, name="ds.xlsx"), staff).status == Status.DONE
    member = Member.objects.get()
    assert (member.has_specialty_product, member.has_epayment_account) == ("yes", "no")
    assert member.consent_to_contact is True


def test_xlsx_row_numbers_are_the_sheets_with_blank_rows_and_columns_around(tree, staff):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    lines = {
        3: HEADER,
        4: row("DV-1", unit=tree["y_ty"]),
        # row 5 left empty, row 6 holds only spaces
        6: [" "] * len(HEADER),
        7: row("DV-2", unit=tree["y_ty"], **{"Giới tính": "?"}),
    }
    for number, cells in lines.items():
        for column, value in enumerate(cells, start=3):  # from column C
            sheet.cell(number, column, value if value != "" else None)
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "ds.xlsx")
    assert (table.header_row, table.columns["member_number"]) == (3, 2)
    assert [number for number, _cells in table.rows] == [4, 7]
    assert codes(check(buffer.getvalue(), staff, name="ds.xlsx")) == [(7, "bad_gender")]


def test_xlsx_chart_sheets_are_skipped(tree, staff):
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([row("DV-1", unit=tree["y_ty"])])))
    workbook.create_chartsheet("Biểu đồ", 0)  # the first sheet: a chart
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert check(buffer.getvalue(), staff, name="ds.xlsx").summary["create"] == 1


def test_xlsx_header_only_counts_the_rows_whatever_size_the_file_states(tree):
    data = xlsx_bytes([row(f"DV-{n}", unit=tree["y_ty"]) for n in range(30)], above=[["Danh sách"]])
    table = read_table(data, "ds.xlsx", header_only=True)
    assert (table.header_row, table.rows, table.estimated_rows) == (2, [], 30)

    # Some programs write a wrong size (A1:A1) at the top of the sheet.
    wrong = _rewrite_sheet(
        data, lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:A1"', xml)
    )
    assert b'ref="A1:A1"' in wrong
    assert read_table(wrong, "ds.xlsx", header_only=True).estimated_rows == 30
    assert len(read_table(wrong, "ds.xlsx").rows) == 30


def test_a_workbook_with_a_broken_sheet_is_not_a_spreadsheet(tree):
    data = xlsx_bytes([row("DV-1", unit=tree["y_ty"])])
    broken = _rewrite_sheet(data, lambda xml: xml[: len(xml) // 2])
    assert file_error(broken, "ds.xlsx").code == "not_spreadsheet"


def _rewrite_sheet(data: bytes, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                content = change(content)
            target.writestr(name, content)
    return buffer.getvalue()


def test_english_column_names_are_accepted(tree, staff):
    header = ["member_number", "Full name", "birth year", "Gender", "Org unit"]
    data = csv_bytes([["DV-1", "Lý Thị Mai", "2001", "female", tree["y_ty"].code]], header=header)
    assert check(data, staff).summary["create"] == 1


def test_a_missing_required_column_rejects_the_file_and_names_it(tree, staff):
    header = [column for column in HEADER if column != "Họ và tên"]
    data = csv_bytes([["DV-1", "2001"]], header=header)
    error = file_error(data)
    assert (error.code, error.params) == ("missing_column", {"column": "full_name"})
    assert "Họ và tên" in error.message

    roster_import = check(data, staff)
    assert roster_import.status == Status.REJECTED
    assert roster_import.summary["file_error"]["code"] == "missing_column"
    assert not Member.objects.exists()


def test_a_bad_date_is_rejected_with_its_row(tree, staff):
    data = csv_bytes(
        [
            row("DV-1", unit=tree["y_ty"]),
            row("DV-2", unit=tree["y_ty"], **{"Ngày ghi nhận": "31/02/2025"}),
            row("DV-3", unit=tree["y_ty"], **{"Ngày ghi nhận": "01/01/2999"}),
        ]
    )
    roster_import = check(data, staff)
    assert codes(roster_import) == [(3, "bad_date"), (4, "future_date")]
    with translation.override("en"):
        assert "31/02/2025" in row_error_message(roster_import.summary["errors"][0])


def test_an_unknown_org_unit_is_rejected(tree, staff):
    roster_import = check(
        csv_bytes([row("DV-1", unit=tree["y_ty"], **{"Mã đơn vị": "nowhere"})]), staff
    )
    assert codes(roster_import) == [(2, "unknown_unit")]


def test_a_member_number_twice_in_the_file_rejects_both_rows(tree, staff):
    data = csv_bytes(
        [
            row("DV-1", unit=tree["y_ty"]),
            row("DV-2", unit=tree["y_ty"]),
            row("DV-1", "Lý Thị Mai (bis)", unit=tree["y_ty"]),
        ]
    )
    roster_import = check(data, staff)
    assert codes(roster_import) == [(2, "duplicate_number"), (4, "duplicate_number")]
    assert all(error["rows"] == [2, 4] for error in roster_import.summary["errors"])
    with translation.override("en"):
        assert "2, 4" in row_error_message(roster_import.summary["errors"][0])


def test_bad_values_are_each_named(tree, staff):
    data = csv_bytes(
        [
            row("DV-1", unit=tree["y_ty"], **{"Giới tính": "?"}),
            row("DV-2", unit=tree["y_ty"], **{"Số điện thoại": "12345"}),
            row("DV-3", unit=tree["y_ty"], **{"Có sản phẩm đặc sản": "Có lẽ"}),
            row("DV-4", unit=tree["y_ty"], **{"Đồng ý liên hệ": "Chưa rõ"}),
            row("DV-5", "", unit=tree["y_ty"]),
            row("DV-6", unit=tree["y_ty"], **{"Năm sinh": "", "Giới tính": ""}),
        ]
    )
    assert codes(check(data, staff)) == [
        (2, "bad_gender"),
        (3, "bad_phone"),
        (4, "bad_choice"),
        (5, "bad_yes_no"),
        (6, "required"),
        (7, "required_for_new"),
        (7, "required_for_new"),
    ]


def test_a_csv_in_another_encoding_is_refused(tree):
    text = "\r\n".join([",".join(HEADER), "DV-1,Lý Thị Mai,2001"])
    for data in (text.encode("cp1258", errors="replace"), text.encode("utf-16")):
        error = file_error(data)
        assert error.code == "encoding"
    with translation.override("en"):
        assert "UTF-8" in file_error(text.encode("cp1258", errors="replace")).message


def test_a_picture_renamed_xlsx_is_not_a_spreadsheet():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
    assert file_error(png, "danh-sach.xlsx").code == "not_spreadsheet"
    assert file_error(png, "danh-sach.csv").code == "not_spreadsheet"
    assert file_error(b"PK\x03\x04broken zip", "danh-sach.xlsx").code == "not_spreadsheet"
    assert (
        file_error(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "old.xls").code == "old_excel"
    )


def test_an_empty_file_is_refused():
    assert file_error(b"").code == "empty"
    assert file_error(codecs.BOM_UTF8 + b"\r\n").code == "empty"
    assert file_error(csv_bytes([])).code == "no_rows"


# --- who may import where -------------------------------------------------------------------


def test_a_mentor_cannot_import_outside_their_subtree(tree, mentor):
    elsewhere = make_member(unit=tree["ta_phin"])
    data = csv_bytes(
        [
            row("DV-1", unit=tree["y_ty"]),
            row("DV-2", unit=tree["ta_phin"]),
            row(elsewhere.member_number, unit=tree["y_ty"]),
        ]
    )
    roster_import = check(data, mentor)
    assert codes(roster_import) == [(3, "not_allowed"), (4, "not_allowed")]
    assert Member.objects.count() == 1


def test_a_member_number_of_another_unit_is_refused_in_the_same_words_as_a_unit(tree, mentor):
    """Refusing a member number must not confirm that it exists, nor where: the words are
    those of any value outside the mentor's units."""
    elsewhere = make_member(unit=tree["ta_phin"])
    data = csv_bytes(
        [row("DV-2", unit=tree["ta_phin"]), row(elsewhere.member_number, unit=tree["y_ty"])]
    )
    errors = check(data, mentor).summary["errors"]
    unit_refusal, member_refusal = (row_error_message(error) for error in errors)
    template = "Không được phép: “{}” nằm ngoài các đơn vị bạn quản lý."
    assert unit_refusal == template.format(tree["ta_phin"].code)
    assert member_refusal == template.format(elsewhere.member_number)
    assert {error["code"] for error in errors} == {"not_allowed"}


# --- screens --------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, staff):
    client.force_login(staff)
    return client


pages = override_settings(ROOT_URLCONF="tests.mentoring.import_urls")


@pages
def test_upload_dry_run_commit_and_done_pages(tree, staff, admin_client, settings):
    data = csv_bytes([row("DV-1", unit=tree["y_ty"])])
    response = admin_client.get(reverse("mentoring_import:upload"))
    assert response.status_code == 200
    assert "Số thẻ đoàn viên" in response.content.decode()

    response = admin_client.post(
        reverse("mentoring_import:upload"), {"file": SimpleUploadedFile("ds.csv", data)}
    )
    roster_import = RosterImport.objects.get()
    assert response.url == reverse("mentoring_import:detail", args=[roster_import.pk])
    # Members' personal data is kept where no URL serves it, not under MEDIA_ROOT.
    stored = Path(roster_import.file.path)
    assert stored.read_bytes() == data
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT))
    page = admin_client.get(response.url)
    commit_url = reverse("mentoring_import:commit", args=[roster_import.pk])
    assert commit_url in page.content.decode()
    assert not Member.objects.exists()

    response = admin_client.post(commit_url)
    assert response.url == reverse("mentoring_import:detail", args=[roster_import.pk])
    assert Member.objects.filter(member_number="DV-1").exists()
    page = admin_client.get(response.url)
    assert page.templates[0].name == "mentoring/import/done.html"


@pages
def test_rejected_rows_are_listed_without_an_import_button(tree, admin_client):
    data = csv_bytes([row("DV-1", unit=tree["y_ty"], **{"Ngày ghi nhận": "hôm qua"})])
    admin_client.post(
        reverse("mentoring_import:upload"), {"file": SimpleUploadedFile("ds.csv", data)}
    )
    roster_import = RosterImport.objects.get()
    page = admin_client.get(reverse("mentoring_import:detail", args=[roster_import.pk]))
    html = page.content.decode()
    assert 'data-row="2" data-code="bad_date"' in html
    assert reverse("mentoring_import:commit", args=[roster_import.pk]) not in html
    assert admin_client.post(reverse("mentoring_import:commit", args=[roster_import.pk]))
    assert not Member.objects.exists()


@pages
def test_a_bad_file_is_refused_on_the_upload_form(admin_client):
    response = admin_client.post(
        reverse("mentoring_import:upload"),
        {"file": SimpleUploadedFile("ds.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(32))},
    )
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["file"][0].code == "not_spreadsheet"
    assert not RosterImport.objects.exists()


@pages
def test_the_template_downloads_and_imports_cleanly(tree, mentor, client):
    client.force_login(mentor)
    response = client.get(reverse("mentoring_import:template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    table = read_table(response.content, "mau.xlsx")
    assert len(table.rows) == 1
    roster_import = check(response.content, mentor, name="mau.xlsx")
    assert roster_import.status == Status.CHECKED, roster_import.summary
    assert roster_import.summary["create"] == 1


@pages
def test_only_admin_users_with_a_unit_may_import(tree, client):
    url = reverse("mentoring_import:upload")
    assert client.get(url).status_code == 302  # to the login page
    nobody = User.objects.create_user(email="nobody@example.com", password="x" * 12)
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(nobody)
    response = client.get(url)
    # 403 from the view; mounted in the Wagtail admin, its decorator turns that into a
    # redirect to the admin's home page with a message.
    assert response.status_code in {302, 403}
    assert response.status_code == 403 or response.url == reverse("wagtailadmin_home")


@pages
def test_someone_elses_import_is_not_found(tree, staff, mentor, client):
    roster_import = check(csv_bytes([row("DV-1", unit=tree["y_ty"])]), staff)
    client.force_login(mentor)
    assert (
        client.get(reverse("mentoring_import:detail", args=[roster_import.pk])).status_code == 404
    )


@pages
def test_a_large_file_runs_as_a_task_and_shows_progress(
    tree, staff, admin_client, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(committing, "BACKGROUND_ROWS", 2)
    data = csv_bytes([row(f"DV-{n}", unit=tree["y_ty"]) for n in range(5)])
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy), django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("mentoring_import:upload"), {"file": SimpleUploadedFile("ds.csv", data)}
        )
    roster_import = RosterImport.objects.get()
    page = admin_client.get(reverse("mentoring_import:detail", args=[roster_import.pk]))
    assert page.templates[0].name == "mentoring/import/progress.html"
    assert '<meta http-equiv="refresh"' in page.content.decode()

    # The default backend (ImmediateBackend) runs the task as soon as the upload is saved.
    RosterImport.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("mentoring_import:upload"), {"file": SimpleUploadedFile("ds.csv", data)}
        )
    roster_import = RosterImport.objects.get()
    assert (roster_import.status, roster_import.processed_rows) == (Status.CHECKED, 5)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("mentoring_import:commit", args=[roster_import.pk]))
    roster_import.refresh_from_db()
    assert roster_import.status == Status.DONE
    assert Member.objects.count() == 5


def test_the_phone_shortcut_agrees_with_normalise_phone():
    import random

    from django.core.exceptions import ValidationError

    from accounts.phones import normalise_phone

    def outcome(function, text):
        try:
            return function(text)
        except ValidationError:
            return "invalid"

    chance = random.Random(7)
    samples = ["0912 345 678", "912345678", "0203.3812.345", "(024) 3825 1234", "00912345678"]
    for _ in range(3000):
        digits = "".join(chance.choice("0123456789") for _ in range(chance.choice([8, 9, 10, 11])))
        samples += [digits, "0" + digits, f"0{digits[:3]} {digits[3:6]} {digits[6:]}"]
    for text in samples:
        assert outcome(_phone_e164, text) == outcome(normalise_phone, text), text


def test_the_commit_uses_the_rows_read_by_the_dry_run(tree, staff):
    roster_import = check(csv_bytes([row("DV-1", unit=tree["y_ty"])]), staff)
    parsed = committing._parsed_name(roster_import)
    assert roster_import.file.storage.exists(parsed)
    roster_import.file.storage.delete(roster_import.file.name)  # the upload is not read again

    roster_import = commit(roster_import, staff)

    assert roster_import.status == Status.DONE
    assert Member.objects.filter(member_number="DV-1").exists()
    assert not roster_import.file.storage.exists(parsed)


# --- a run that died with its process -------------------------------------------------------


def _claimed_then_killed(tree, staff, *, minutes_ago=60) -> RosterImport:
    """A checked import whose commit was claimed, and whose process then died: the database
    still says "Importing" and nothing was written (the commit is one transaction)."""
    roster_import = check(csv_bytes([row("DV-1", unit=tree["y_ty"])]), staff)
    assert committing.roster_import_claim_commit(roster_import=roster_import)
    RosterImport.objects.filter(pk=roster_import.pk).update(
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    roster_import.refresh_from_db()
    return roster_import


def _lock_holder(roster_import: RosterImport) -> subprocess.Popen:
    """Another process taking the import's run lock, as a worker checking or committing it
    does, then working on (sleeping) until it is killed."""
    if connection.vendor == "postgresql":
        settings_dict = connection.settings_dict
        code = (
            "import sys, time, psycopg\n"
            "db = psycopg.connect(host=sys.argv[2], port=sys.argv[3], dbname=sys.argv[4],"
            " user=sys.argv[5], password=sys.argv[6], autocommit=True)\n"
            f"db.execute('SELECT pg_advisory_lock({committing._LOCK_CLASS}, %s)',"
            " [int(sys.argv[1])])\n"
            "print('working', flush=True)\n"
            "time.sleep(120)\n"
        )
        args = [
            str(roster_import.pk),
            settings_dict["HOST"] or "localhost",
            str(settings_dict["PORT"] or 5432),
            settings_dict["NAME"],
            settings_dict["USER"],
            settings_dict["PASSWORD"],
        ]
    else:
        code = (
            "import fcntl, os, sys, time\n"
            "fd = os.open(sys.argv[1], os.O_CREAT | os.O_RDWR)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "print('working', flush=True)\n"
            "time.sleep(120)\n"
        )
        args = [committing._lock_path(roster_import.pk)]
    return subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True)


def test_an_import_is_stale_once_the_process_holding_its_lock_is_killed(tree, staff):
    roster_import = _claimed_then_killed(tree, staff)
    holder = _lock_holder(roster_import)
    try:
        assert holder.stdout.readline() == "working\n"
        # Silent for an hour, but its process still works on it: not stale, not taken back.
        assert not committing.roster_import_is_stale(roster_import)
        with pytest.raises(ValidationError):
            committing.roster_import_recover(roster_import=roster_import, user=staff, abandon=True)
    finally:
        holder.kill()
        holder.wait()
    # PostgreSQL ends the dead client's session (and its locks) as soon as it sees the socket
    # closed: a moment after the kill, not at once.
    deadline = time.monotonic() + 10
    while not committing.roster_import_is_stale(roster_import) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert committing.roster_import_is_stale(roster_import)


def test_a_recent_run_is_not_stale(tree, staff):
    roster_import = _claimed_then_killed(tree, staff, minutes_ago=1)
    assert not committing.roster_import_is_stale(roster_import)
    with pytest.raises(ValidationError):
        committing.roster_import_recover(roster_import=roster_import, user=staff, abandon=False)


@pages
def test_a_commit_killed_half_way_can_be_committed_again(tree, staff, admin_client):
    roster_import = _claimed_then_killed(tree, staff)
    detail = reverse("mentoring_import:detail", args=[roster_import.pk])
    page = admin_client.get(detail)
    recover_url = reverse("mentoring_import:recover", args=[roster_import.pk])
    assert recover_url in page.content.decode()
    assert roster_import.status == Status.IMPORTING

    assert admin_client.post(recover_url, {"action": "retry"}).url == detail
    roster_import.refresh_from_db()
    assert roster_import.status == Status.CHECKED
    admin_client.post(reverse("mentoring_import:commit", args=[roster_import.pk]))
    roster_import.refresh_from_db()
    assert roster_import.status == Status.DONE
    assert Member.objects.filter(member_number="DV-1").count() == 1


@pages
def test_a_check_killed_half_way_is_checked_again_or_abandoned(tree, staff, admin_client):
    data = csv_bytes([row("DV-1", unit=tree["y_ty"])])
    first = committing.roster_import_create(upload=SimpleUploadedFile("ds.csv", data), user=staff)
    second = committing.roster_import_create(upload=SimpleUploadedFile("ds.csv", data), user=staff)
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    RosterImport.objects.filter(pk__in=[first.pk, second.pk]).update(
        status=Status.CHECKING, heartbeat_at=long_ago
    )
    admin_client.post(reverse("mentoring_import:recover", args=[first.pk]), {"action": "retry"})
    first.refresh_from_db()
    assert first.status == Status.CHECKED
    admin_client.post(reverse("mentoring_import:recover", args=[second.pk]), {"action": "abandon"})
    second.refresh_from_db()
    assert second.status == Status.FAILED
    assert second.summary["failure"] == "abandoned"
    assert not Member.objects.exists()


def test_the_import_records_its_answers_as_evidence_and_keeps_a_newer_one(tree, staff):
    """New members' known answers and changed answers become MemberAnswer rows from the
    roster (dated as the row says); a roster dated before a member's own survey keeps the
    survey's answer as the current one."""
    from mentoring.answers import answer_record
    from mentoring.models import AnswerSource, MemberAnswer, Question

    surveyed = make_member(unit=tree["y_ty"], uses_public_services="unknown")
    answer_record(
        member=surveyed,
        question=Question.PUBLIC_SERVICES,
        answer="yes",
        source=AnswerSource.SURVEY,
        on=datetime.date(2025, 6, 1),
    )
    rows = [
        row("DV-NEW", unit=tree["y_ty"]),  # e-payment "Không", public services "Chưa rõ"
        row(
            surveyed.member_number,
            unit=tree["y_ty"],
            **{"Dùng dịch vụ công trực tuyến": "Không", "Ngày ghi nhận": "15/03/2025"},
        ),
    ]
    commit(check(csv_bytes(rows), staff), staff)
    new = Member.objects.get(member_number="DV-NEW")
    assert list(
        MemberAnswer.objects.filter(member=new).values_list(
            "question", "answer", "source", "answered_on", "recorded_by"
        )
    ) == [("epayment", "no", "roster", datetime.date(2025, 3, 15), staff.pk)]
    assert list(
        MemberAnswer.objects.filter(member=surveyed, question="public_services")
        .order_by("answered_on")
        .values_list("answer", "source")
    ) == [("no", "roster"), ("yes", "survey")]
    surveyed.refresh_from_db()  # the survey of June is later than the roster's March
    assert (surveyed.uses_public_services, surveyed.public_services_recorded_on) == (
        "yes",
        datetime.date(2025, 6, 1),
    )


# --- lawful basis (Personal Data Protection Law) ----------------------------------------------


def test_commit_records_the_importing_unions_lawful_basis_for_each_new_member(tree, staff):
    from mentoring.models import LawfulBasis, MemberDataBasis

    known = make_member(unit=tree["y_ty"], name="Giàng A Sùng", birth_year=1999)
    MemberDataBasis.objects.create(
        member=known, basis=LawfulBasis.UNION_TASKS, org_unit=tree["y_ty"], recorded_by=staff
    )
    data = csv_bytes(
        [
            row("DV-1", unit=tree["y_ty"]),
            row(known.member_number, "Giàng A Sùng", unit=tree["y_ty"], **{"Năm sinh": "2000"}),
        ]
    )
    roster_import = committing.roster_import_create(
        upload=SimpleUploadedFile("ds.csv", data), user=staff, lawful_basis=LawfulBasis.CONSENT
    )
    roster_import = commit(
        committing.roster_import_check(roster_import=roster_import, user=staff), staff
    )
    assert roster_import.status == Status.DONE
    basis = MemberDataBasis.objects.get(member__member_number="DV-1")
    assert (basis.basis, basis.recorded_by, basis.org_unit, basis.roster_import) == (
        LawfulBasis.CONSENT,
        staff,
        tree["y_ty"],
        roster_import,
    )
    assert basis.recorded_at is not None
    # A member who already had a basis keeps it: one row, the first union's.
    assert list(known.data_bases.values_list("basis", flat=True)) == [LawfulBasis.UNION_TASKS]
    # The member, signed in to the account they linked, sees it with their consents.
    from legal.selectors import consents_of
    from mentoring.models import MemberAccount

    account = User.objects.create_user(email="dv1@example.com", password="x" * 12)
    MemberAccount.objects.create(member=basis.member, user=account, via="link")
    rows = [row for row in consents_of(account) if row["kind"] == "member_data"]
    assert len(rows) == 1
    assert rows[0]["basis"] == LawfulBasis.CONSENT.label
    assert rows[0]["recorded_by"] == staff.get_full_name()
    assert consents_of(staff) == []  # nobody else's
