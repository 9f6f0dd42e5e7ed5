"""Fuzzed member lists: whatever the bytes or the cells, the importer answers with a file error
or rejected rows, never another exception, and a rejected file writes nothing.

Tested through the public functions only (read_table, roster_parse, roster_plan and the
create/check/commit services), so the XLSX reader underneath may change."""

import datetime
import hashlib
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from mentoring.models import Member, RosterImport
from mentoring.roster import committing
from mentoring.roster.columns import COLUMNS
from mentoring.roster.errors import RosterFileError, row_error_message
from mentoring.roster.planning import roster_parse, roster_plan
from mentoring.roster.reading import read_table
from tests.support import spreadsheet_bombs
from tests.support.people import make_mentor

pytestmark = pytest.mark.django_db
Status = RosterImport.Status
FUZZ = hypothesis_settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

HEADER = [column.header for column in COLUMNS]
SAMPLE_VALUES = {
    # Values the union's files really hold, mixed with random text below: random text alone
    # would almost never make a row that is accepted, and the commit would go untested.
    "member_number": ["DV-000123", "DV-000124", "dv 000125", "", "123"],
    "full_name": ["Lý Thị Mai", "Giàng A Páo", "", "  Sùng   Seo  Chứ "],
    "birth_year": ["2001", "1990", 2003, 2001.0, "19xx", "", -5, 1e20],
    "gender": ["Nữ", "Nam", "nu", "Khác", "?"],
    "ethnicity": ["Dao", "H'Mông", "Kinh", ""],
    "phone": ["0912 345 678", "+84912345678", "912345678", "0000", "abc", 912345678.0],
    "org_unit": [],  # filled with the tree's codes
    "recorded_on": ["15/03/2025", "2025-03-15", "31/02/2025", datetime.date(2025, 1, 2), ""],
}
TEXT = st.text(
    # openpyxl refuses control characters in cells; everything else goes
    alphabet=st.characters(blacklist_categories=["Cs", "Cc"]),
    max_size=30,
)
XLSX_CELL = st.one_of(
    st.none(),
    TEXT,
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=datetime.date(1900, 3, 1), max_value=datetime.date(2100, 1, 1)),
    st.datetimes(min_value=datetime.datetime(1900, 3, 1), max_value=datetime.datetime(2100, 1, 1)),
)


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


@pytest.fixture(autouse=True)
def _files_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def mentor(tree):
    """A Bát Xát mentor: Sa Pa's rows must be rejected, not written."""
    return make_mentor(tree["bat_xat"], mentors_group=False, admin_permission=True)


def _members_fingerprint() -> str:
    """Every member's every field: any write at all changes it."""
    rows = Member.objects.order_by("pk").values_list()
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def _csv(rows) -> bytes:
    buffer = io.StringIO(newline="")
    import csv

    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in rows:
        sheet.append(list(line))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Made once: a workbook carries its creation time, and hypothesis needs the same bytes each run.
REAL_WORKBOOK = _xlsx([HEADER, ["DV-1", "Lý Thị Mai", 2001, "Nữ", "Dao", "0", "x"]])


def _read_parse_plan(data: bytes, name: str, user) -> None:
    """The dry run's steps one by one: each either answers or raises RosterFileError."""
    try:
        table = read_table(data, name)
    except RosterFileError as error:
        assert error.message  # worded, in Vietnamese
        return
    parsed = roster_parse(table=table)
    plan = roster_plan(parsed=parsed, user=user)
    for error in plan.errors:
        assert row_error_message(error)


def _import_all_or_nothing(data: bytes, name: str, user) -> None:
    """Upload, check and commit: rejected means not a single member row changed."""
    before_count, before = Member.objects.count(), _members_fingerprint()
    upload = SimpleUploadedFile(name, data)
    checked = committing.roster_import_check(
        roster_import=committing.roster_import_create(upload=upload, user=user), user=user
    )
    assert checked.status in {Status.CHECKED, Status.REJECTED}
    assert _members_fingerprint() == before  # the dry run writes nothing
    if checked.status == Status.REJECTED:
        assert checked.summary["errors"] or checked.summary.get("file_error")
        return
    assert committing.roster_import_claim_commit(roster_import=checked)
    done = committing.roster_import_commit(roster_import=checked, user=user)
    assert done.status in {Status.DONE, Status.REJECTED}
    if done.status == Status.REJECTED:
        assert _members_fingerprint() == before
    else:
        assert Member.objects.count() == before_count + done.summary["create"]


@FUZZ
@given(data=st.binary(max_size=2048), name=st.sampled_from(["a.csv", "a.xlsx", "a.txt", "a"]))
def test_random_bytes_are_a_file_error_or_rows(tree, mentor, data, name):
    _read_parse_plan(data, name, mentor)


@FUZZ
@given(data=st.binary(max_size=512))
def test_random_bytes_behind_a_zip_signature_are_refused_cleanly(tree, mentor, data):
    _read_parse_plan(b"PK\x03\x04" + data, "a.xlsx", mentor)


@FUZZ
@given(st.data())
def test_a_real_workbook_with_bytes_changed_is_refused_cleanly(tree, mentor, data):
    workbook = bytearray(REAL_WORKBOOK)
    for _ in range(data.draw(st.integers(min_value=1, max_value=8))):
        at = data.draw(st.integers(min_value=0, max_value=len(workbook) - 1))
        workbook[at] = data.draw(st.integers(min_value=0, max_value=255))
    _read_parse_plan(bytes(workbook), "a.xlsx", mentor)


def _rows_strategy(tree, cell):
    codes = [unit.code for unit in tree.values()] + ["KHONG-CO", ""]

    def column_cell(key):
        samples = SAMPLE_VALUES.get(key) or (codes if key == "org_unit" else [])
        return st.one_of(cell, st.sampled_from(samples)) if samples else cell

    row = st.tuples(*(column_cell(column.key) for column in COLUMNS))
    return st.lists(row, min_size=1, max_size=6)


@FUZZ
@given(st.data())
def test_random_csv_cells_are_imported_whole_or_not_at_all(tree, mentor, data):
    cell = st.one_of(TEXT, st.text(max_size=10))  # control characters too, in a CSV
    rows = data.draw(_rows_strategy(tree, cell))
    payload = _csv([HEADER, *rows])
    assume(b"\x00" not in payload)  # a NUL byte makes it "not a spreadsheet": covered above
    _read_parse_plan(payload, "danh-sach.csv", mentor)
    _import_all_or_nothing(payload, "danh-sach.csv", mentor)


@FUZZ
@given(st.data())
def test_random_xlsx_cells_are_imported_whole_or_not_at_all(tree, mentor, data):
    rows = data.draw(_rows_strategy(tree, XLSX_CELL))
    above = data.draw(st.lists(st.lists(XLSX_CELL, max_size=4), max_size=2))
    payload = _xlsx([*above, HEADER, *rows])
    _read_parse_plan(payload, "danh-sach.xlsx", mentor)
    _import_all_or_nothing(payload, "danh-sach.xlsx", mentor)


@FUZZ
@given(header=st.lists(st.one_of(TEXT, st.sampled_from(HEADER)), max_size=8))
def test_random_header_rows_are_a_file_error_or_rows(tree, mentor, header):
    rows = [header, ["DV-1"] * len(header)]
    _read_parse_plan(_csv(rows), "a.csv", mentor)
    _read_parse_plan(_xlsx(rows), "a.xlsx", mentor)


def test_the_fuzzed_imports_can_succeed(tree, mentor):
    """The sample values above make rows that are accepted: the commit path is exercised."""
    row = ["DV-000123", "Lý Thị Mai", "2001", "Nữ", "Dao", "0912 345 678", tree["y_ty"].code]
    payload = _csv([HEADER[:7], row])
    _import_all_or_nothing(payload, "danh-sach.csv", mentor)
    assert Member.objects.filter(member_number="DV-000123").exists()


@pytest.mark.parametrize("phone", ["0", 0, "0²", "²³⁴", "０"])
def test_a_phone_of_a_lone_zero_or_odd_digits_is_a_rejected_row(tree, mentor, phone):
    """Found by the fuzzing above: "0" and "²" made the importer fail instead of naming
    the row."""
    row = ["DV-000123", "Lý Thị Mai", "2001", "Nữ", "Dao", phone, tree["y_ty"].code]
    table = read_table(_csv([HEADER[:7], row]), "a.csv")
    parsed = roster_parse(table=table)
    assert [(error["row"], error["code"]) for error in parsed.errors] == [(2, "bad_phone")]


# ---------------------------------------------------------------------------------------------
# Spreadsheet bombs: a few KB that ask the reader for gigabytes. Before the size check, each of
# far_cell, repeated_shared_string and ods_repeated_cells aborted the whole process (pytest
# too): they are only ever handed to the reader with the check in front of it.


@pytest.mark.parametrize("bomb", sorted(spreadsheet_bombs.BOMBS))
def test_spreadsheet_bombs_are_refused_with_a_reason(tree, mentor, bomb):
    make, code = spreadsheet_bombs.BOMBS[bomb]
    data = make(HEADER)
    assert len(data) < 5 * 1024 * 1024  # under both imports' size limits
    with pytest.raises(RosterFileError) as refused:
        read_table(data, "danh-sach.xlsx")
    assert refused.value.code == code
    with translation.override("vi"):
        assert refused.value.message.startswith(VIETNAMESE_REFUSALS[code])


VIETNAMESE_REFUSALS = {
    "sheet_too_big": "Trang tính trải tới ",
    "sheet_too_much_data": "Khi giải nén, tệp Excel này chứa hơn ",
    "not_spreadsheet": "Tệp này không phải bảng tính.",
}


def test_a_far_cell_rejects_the_import_and_writes_nothing(tree, mentor):
    data = spreadsheet_bombs.far_cell(HEADER)
    before = _members_fingerprint()
    checked = committing.roster_import_check(
        roster_import=committing.roster_import_create(
            upload=SimpleUploadedFile("danh-sach.xlsx", data), user=mentor
        ),
        user=mentor,
    )
    assert checked.status == Status.REJECTED
    assert checked.summary["file_error"]["code"] == "sheet_too_big"
    assert checked.summary["file_error"]["height"] == 1_048_576
    assert _members_fingerprint() == before


def test_a_huge_merged_range_is_read_as_the_cells_it_has(tree, mentor):
    """calamine keeps a merge as its two corners: nothing to refuse, and nothing blows up."""
    with pytest.raises(RosterFileError) as refused:
        read_table(spreadsheet_bombs.huge_merge(HEADER), "danh-sach.xlsx")
    assert refused.value.code == "no_rows"


def test_the_bomb_builder_makes_workbooks_the_reader_reads(tree, mentor):
    """The bombs are refused for their size, not for being malformed."""
    row = '<row r="2"><c r="A2" t="inlineStr"><is><t>DV-1</t></is></c></row>'
    table = read_table(spreadsheet_bombs.workbook(HEADER, rows=row), "danh-sach.xlsx")
    assert [number for number, _cells in table.rows] == [2]


@pytest.mark.parametrize(
    "data",
    [
        ",".join(HEADER[:2]).encode() + b"\n" + b"DV-1,Mai\n" * 200_000,  # 200,001 rows
        HEADER[0].encode() + b"," * 100 + b"\n",  # 101 columns
    ],
)
def test_a_csv_past_the_spreadsheet_limits_is_refused_as_it_is_read(tree, mentor, data):
    with pytest.raises(RosterFileError) as refused:
        read_table(data, "danh-sach.csv")
    assert refused.value.code == "sheet_too_big"
