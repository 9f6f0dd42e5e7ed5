"""Roster import: a member list from the union's Excel files (XLSX, or CSV as Excel saves it)
is read, checked row by row (the dry run) and then committed all at once.

Rows match existing members on the member number, so importing the same file twice changes
nothing the second time. A file with any rejected row writes nothing. Errors are stored as a
code with its parameters (row, column, value) and worded when shown, in the reader's language;
the Vietnamese wording is also stored under "message" for anyone reading the summary directly.

Large files are checked and committed by `mentoring.tasks.roster_import_run` in the background;
both phases report progress in `RosterImport.processed_rows`.
"""

import codecs
import contextlib
import csv
import dataclasses
import datetime
import fcntl
import functools
import gzip
import hashlib
import io
import json
import logging
import os
import re
import tempfile
import unicodedata
import uuid
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from pathlib import PurePath
from typing import Any

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.phones import normalise_phone
from marketplace import spreadsheets
from mentoring import selectors
from mentoring.models import Member, OrgUnit, RosterImport, TriState
from mentoring.services import member_transfer

logger = logging.getLogger(__name__)

LOG_ACTION = "mentoring.roster_import"
# Files with more rows than this are checked and committed by a background task.
BACKGROUND_ROWS = 2000
MAX_FILE_BYTES = 50 * 1024 * 1024
HEADER_SEARCH_ROWS = 20  # the union's lists often have a title or two above the header row
BATCH = 1000  # members per bulk_create / bulk_update, and rows between progress reports
MAX_STORED_ERRORS = 1000  # the summary keeps the first ones; the count is always complete
MAX_STORED_SAMPLES = 500  # created and updated members listed on the dry-run page


# ---------------------------------------------------------------------------------------------
# Columns


@dataclasses.dataclass(frozen=True)
class Column:
    key: str
    header: str  # as the union's Excel lists write it; the file's language, never translated
    aliases: tuple[str, ...]
    help: Any  # what goes in it, for the upload page and the template's instructions
    required: bool = False  # the whole file is rejected without this column
    example: Any = ""


COLUMNS = [
    Column(
        "member_number",
        "Số thẻ đoàn viên",
        ("so the", "ma doan vien", "member number", "member no", "number"),
        _("Required. Rows are matched to members on this number."),
        required=True,
        example="DV-000123",
    ),
    Column(
        "full_name",
        "Họ và tên",
        ("ho ten", "ho va ten doan vien", "full name", "name"),
        _("Required."),
        required=True,
        example="Lý Thị Mai",
    ),
    Column(
        "birth_year",
        "Năm sinh",
        ("birth year", "year of birth"),
        _("A year from 1940 to 2020 (a full date of birth also works)."),
        example=2001,
    ),
    Column("gender", "Giới tính", ("gender", "sex"), _("Nam, Nữ or Khác."), example="Nữ"),
    Column(
        "ethnicity", "Dân tộc", ("ethnicity",), _("For example Kinh, Dao, H'Mông."), example="Dao"
    ),
    Column(
        "phone",
        "Số điện thoại",
        ("dien thoai", "sdt", "phone", "phone number"),
        _("A Vietnamese phone number, for example 0912 345 678."),
        example="0912 345 678",
    ),
    Column(
        "org_unit",
        "Mã đơn vị",
        ("org unit", "org unit code", "unit code", "unit"),
        _("The code of an open org unit you manage."),
    ),
    Column(
        "has_specialty_product",
        "Có sản phẩm đặc sản",
        ("has specialty product",),
        _("Có, Không or Chưa rõ."),
        example="Có",
    ),
    Column(
        "specialty_product",
        "Sản phẩm đặc sản",
        ("specialty product",),
        _("Which specialty product, in a few words."),
        example="Mật ong bạc hà",
    ),
    Column(
        "has_epayment_account",
        "Có tài khoản thanh toán điện tử",
        ("has epayment account", "has e payment account"),
        _("Có, Không or Chưa rõ."),
        example="Không",
    ),
    Column(
        "uses_public_services",
        "Dùng dịch vụ công trực tuyến",
        ("uses public services", "uses online public services"),
        _("Có, Không or Chưa rõ."),
        example="Có",
    ),
    Column(
        "recorded_on",
        "Ngày ghi nhận",
        ("recorded on", "date recorded", "survey date"),
        _(
            "The day the three answers above were collected (dd/mm/yyyy). Empty means today. "
            "Only answers that change get this date."
        ),
    ),
    Column(
        "consent_to_contact",
        "Đồng ý liên hệ",
        ("consent to contact", "agrees to be contacted", "consent"),
        _("Có or Không."),
        example="Có",
    ),
]
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
TRI_STATE_FIELDS = {
    "has_specialty_product": "specialty_recorded_on",
    "has_epayment_account": "epayment_recorded_on",
    "uses_public_services": "public_services_recorded_on",
}
NEEDED_FOR_NEW = ["birth_year", "gender", "org_unit"]


@functools.lru_cache(maxsize=4096)  # the same few answers ("Có", "Nữ") on every row
def fold(text: str) -> str:
    """Lower case, no diacritics (đ → d), words separated by one space: "Số thẻ (*)" → "so the"."""
    text = re.sub(r"\(.*?\)", " ", str(text))
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


_HEADER_KEYS = {
    fold(name): column.key
    for column in COLUMNS
    for name in (column.header, column.key, *column.aliases)
}


def template_workbook(*, unit_code: str) -> bytes:
    """An XLSX with the header row, one example row and a sheet explaining each column."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách đoàn viên"
    sheet.append([column.header for column in COLUMNS])
    examples = {"org_unit": unit_code, "recorded_on": selectors.today()}
    sheet.append([examples.get(column.key, column.example) for column in COLUMNS])
    sheet.freeze_panes = "A2"
    lists = {
        "gender": '"Nam,Nữ,Khác"',
        "has_specialty_product": '"Có,Không,Chưa rõ"',
        "has_epayment_account": '"Có,Không,Chưa rõ"',
        "uses_public_services": '"Có,Không,Chưa rõ"',
        "consent_to_contact": '"Có,Không"',
    }
    for index, column in enumerate(COLUMNS, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 4)
        sheet[f"{letter}1"].font = Font(bold=True)
        if column.key in lists:
            validation = DataValidation(type="list", formula1=lists[column.key], allow_blank=True)
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}100000")
        if column.key in {"member_number", "phone", "org_unit"}:
            # Text, so Excel keeps leading zeros (0912…) instead of turning them into numbers.
            for cell in sheet[letter][1:]:
                cell.number_format = "@"
        if column.key == "recorded_on":
            sheet[f"{letter}2"].number_format = "DD/MM/YYYY"

    guide = workbook.create_sheet("Hướng dẫn")
    guide.append([str(_("Column")), str(_("What to write"))])
    guide["A1"].font = guide["B1"].font = Font(bold=True)
    for column in COLUMNS:
        guide.append([column.header, str(column.help)])
    guide.column_dimensions["A"].width = 34
    guide.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Errors

FILE_MESSAGES = {
    "empty": _("The file is empty."),
    "too_large": _("The file is larger than %(limit)s MB. Split it into smaller files."),
    "not_spreadsheet": _(
        "This file is not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file."
    ),
    "old_excel": _(
        "This is an old Excel file (.xls) or a workbook with a password. In Excel, save it as "
        "“Excel Workbook (*.xlsx)” without a password and upload it again."
    ),
    "encoding": _(
        "This CSV file is not in UTF-8 (first problem on line %(line)s), so Vietnamese letters "
        "would be garbled. In Excel, save it as “CSV UTF-8 (Comma delimited) (*.csv)” and upload "
        "it again."
    ),
    "missing_column": _(
        "The column “%(column)s” is missing. Put the column names in the header row, as in "
        "the template, and upload the file again."
    ),
    "duplicate_column": _("The column “%(column)s” appears twice in the header row."),
    "no_rows": _("The file has a header row but no members under it."),
    **spreadsheets.MESSAGES,
}

ROW_MESSAGES = {
    "required": _("“%(column)s” is empty."),
    "required_for_new": _("“%(column)s” is needed for a new member."),
    "too_long": _("“%(column)s” is longer than %(max)s characters."),
    "bad_birth_year": _("Birth year “%(value)s” must be a year from %(min)s to %(max)s."),
    "bad_gender": _("Gender “%(value)s” must be Nam, Nữ or Khác."),
    "bad_choice": _("“%(column)s” must be Có, Không or Chưa rõ, not “%(value)s”."),
    "bad_yes_no": _("“%(column)s” must be Có or Không, not “%(value)s”."),
    "bad_phone": _("Phone number “%(value)s” is not a valid Vietnamese phone number."),
    "bad_date": _("“%(value)s” is not a date. Write dates as dd/mm/yyyy, e.g. 25/03/2025."),
    "future_date": _("The date %(value)s is in the future."),
    "unknown_unit": _("There is no org unit with the code “%(value)s”."),
    "closed_unit": _("The org unit “%(value)s” is closed (merged into “%(successor)s”)."),
    "not_open_unit": _("The org unit “%(value)s” is not open today."),
    # One refusal, worded the same for a unit code and a member number outside the importer's
    # units: the words never confirm that a member number exists, or where.
    "not_allowed": _("Not allowed: “%(value)s” is outside the org units you manage."),
    "duplicate_number": _("Member number “%(value)s” appears more than once: rows %(rows)s."),
    "invalid": _("%(value)s"),  # a model validation message, already worded
}


class RosterFileError(Exception):
    """The whole file is rejected: nothing in it was read as members."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params

    def as_dict(self) -> dict:
        return {"code": self.code, **self.params, "message": str(file_error_message(self))}

    @property
    def message(self) -> str:
        return file_error_message(self)


def file_error_message(error: "RosterFileError | dict") -> str:
    if isinstance(error, RosterFileError):
        code, params = error.code, error.params
    else:
        code, params = error["code"], error
    return str(FILE_MESSAGES[code]) % _params(params)


def row_error_message(error: dict) -> str:
    """The reason a row was rejected, worded in the active language."""
    return str(ROW_MESSAGES[error["code"]]) % _params(error)


def _params(params: dict) -> dict:
    params = dict(params)
    if params.get("column") in COLUMNS_BY_KEY:
        params["column"] = COLUMNS_BY_KEY[params["column"]].header
    if "rows" in params:
        params["rows"] = ", ".join(str(row) for row in params["rows"])
    return params


class _Bad(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


# ---------------------------------------------------------------------------------------------
# Reading a file into rows


@dataclasses.dataclass
class Table:
    """The member rows of a file: `rows` holds (spreadsheet row number, cells by column key)."""

    format: str  # "xlsx" or "csv"
    header_row: int
    columns: dict[str, int]  # column key -> index in each row
    ignored_columns: list[str]
    rows: list[tuple[int, tuple]]
    # From the file's own size (a header-only read): to choose between now and the background.
    estimated_rows: int = 0


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and password-protected .xlsx
_ZIP = b"PK\x03\x04"


def read_table(data: bytes, name: str = "", *, header_only: bool = False) -> Table:
    """The rows of an XLSX or CSV file, or RosterFileError. The format is told by the content,
    not the name: a photo renamed .xlsx is refused, and so is a CSV that is not UTF-8."""
    if not data:
        raise RosterFileError("empty")
    if len(data) > MAX_FILE_BYTES:
        raise RosterFileError("too_large", limit=MAX_FILE_BYTES // (1024 * 1024))
    if data.startswith(_ZIP):
        try:
            return _read_xlsx(data, header_only=header_only)
        except zlib.error as error:  # a damaged workbook's compressed part (found by fuzzing)
            raise RosterFileError("not_spreadsheet") from error
    if data.startswith(_OLE):
        raise RosterFileError("old_excel")
    if PurePath(name.lower()).suffix in {".xlsx", ".xlsm", ".xls", ".ods"}:
        raise RosterFileError("not_spreadsheet")
    return _read_csv(data, header_only=header_only)


def _read_xlsx(data: bytes, *, header_only: bool) -> Table:
    """Read with calamine (Rust): about ten times faster than openpyxl, which still writes the
    template and the exports. Every cell of the sheet is parsed at once, even for the header
    alone, so the row count is exact; a sheet of 100,000 rows takes about a second."""
    from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum

    try:
        # Before calamine: a far cell or a shared-string bomb would abort the whole process.
        spreadsheets.xlsx_check(data)
    except spreadsheets.SpreadsheetRefused as error:
        raise RosterFileError(error.code, **error.params) from error
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, OSError, ValueError) as error:  # "Cannot detect file format"
        raise RosterFileError("not_spreadsheet") from error
    try:
        first_problem = None
        for sheet_info in workbook.sheets_metadata:
            if sheet_info.typ != SheetTypeEnum.WorkSheet:
                continue  # a chart sheet, a macro sheet
            sheet = workbook.get_sheet_by_name(sheet_info.name)
            # From A1, empty rows and columns included, so a row's index is its number in the
            # sheet. Empty cells come as "". The stated size (<dimension>) is not trusted.
            cells = sheet.to_python(
                skip_empty_area=False, nrows=HEADER_SEARCH_ROWS if header_only else None
            )
            try:
                table = _table("xlsx", enumerate(cells, start=1), header_only=header_only)
            except RosterFileError as error:
                first_problem = first_problem or error
                continue
            last_row = sheet.end[0] + 1 if sheet.end else 0  # end: (row, column) from 0
            table.estimated_rows = last_row - table.header_row
            return table
        raise first_problem or RosterFileError("missing_column", column="member_number")
    except (CalamineError, ValueError, TypeError, OverflowError) as error:
        raise RosterFileError("not_spreadsheet") from error  # broken sheet XML, bad cell
    finally:
        workbook.close()


def _read_csv(data: bytes, *, header_only: bool) -> Table:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise RosterFileError("encoding", line=1)  # Excel's "Unicode Text" (UTF-16)
    sample = data[:4096]
    if b"\x00" in sample:
        even, odd = sample[0::2], sample[1::2]
        if _mostly_zero(odd) and not even.count(0) or _mostly_zero(even) and not odd.count(0):
            raise RosterFileError("encoding", line=1)  # UTF-16 text without its mark
        raise RosterFileError("not_spreadsheet")  # a picture, a PDF, …
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RosterFileError("encoding", line=data[: error.start].count(b"\n") + 1) from error
    if not text.strip():
        raise RosterFileError("empty")
    head = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    # Excel writes ";" instead of "," where the decimal mark is a comma, as in Vietnamese.
    delimiter = max([",", ";", "\t"], key=head.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        table = _table("csv", enumerate(reader, start=1), header_only=header_only)
    except csv.Error as error:
        raise RosterFileError("not_spreadsheet") from error
    table.estimated_rows = text.count("\n") - table.header_row
    return table


def _within_limits(rows: Iterator[tuple[int, tuple]]) -> Iterator[tuple[int, tuple]]:
    """The rows, until one passes the spreadsheet limits: a workbook is checked before it is
    read (marketplace.spreadsheets), a CSV file as it is read (50 MB of empty lines would
    otherwise be millions of rows in memory)."""
    limits = spreadsheets.Limits.from_settings()
    for number, cells in rows:
        if number > limits.rows or len(cells) > limits.columns:
            raise RosterFileError(
                "sheet_too_big",
                height=number,
                width=len(cells),
                max_rows=limits.rows,
                max_columns=limits.columns,
                max_cells=limits.cells,
            )
        yield number, cells


def _mostly_zero(data: bytes) -> bool:
    return data.count(0) > len(data) * 0.8


def _table(fmt: str, rows: Iterator[tuple[int, tuple]], *, header_only: bool) -> Table:
    """Find the header row among the first rows, then collect the non-empty rows under it."""
    rows = _within_limits(rows)
    for number, cells in rows:
        keys = [_HEADER_KEYS.get(fold(cell)) if cell is not None else None for cell in cells]
        if sum(1 for key in keys if key) >= 2 or "member_number" in keys:
            break
        if number >= HEADER_SEARCH_ROWS:
            raise RosterFileError("missing_column", column="member_number")
    else:
        raise RosterFileError("missing_column", column="member_number")

    columns: dict[str, int] = {}
    ignored = []
    for index, (key, cell) in enumerate(zip(keys, cells, strict=True)):
        if key is None:
            if cell is not None and str(cell).strip():
                ignored.append(str(cell).strip())
        elif key in columns:
            raise RosterFileError("duplicate_column", column=key)
        else:
            columns[key] = index
    for column in COLUMNS:
        if column.required and column.key not in columns:
            raise RosterFileError("missing_column", column=column.key)
    table = Table(fmt, number, columns, ignored, [])
    if header_only:
        return table
    for row_number, cells in rows:
        if any(cell is not None and (not isinstance(cell, str) or cell.strip()) for cell in cells):
            table.rows.append((row_number, tuple(cells)))
    if not table.rows:
        raise RosterFileError("no_rows")
    return table


# ---------------------------------------------------------------------------------------------
# Cell values


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores 0912345678 and 2001 as floats: 912345678.0
    elif isinstance(value, datetime.datetime | datetime.date):
        value = value.strftime("%d/%m/%Y")
    # One space between words, and one form of each Vietnamese letter (NFC): typed with
    # different keyboards, "Thị" may come as one letter or as "i" plus two marks.
    text = " ".join(str(value).split())
    return text if text.isascii() else unicodedata.normalize("NFC", text)


_GENDERS = {
    "nam": Member.Gender.MALE,
    "male": Member.Gender.MALE,
    "nu": Member.Gender.FEMALE,
    "female": Member.Gender.FEMALE,
    "khac": Member.Gender.OTHER,
    "other": Member.Gender.OTHER,
}
_YES = {"co", "yes", "y", "x", "1", "true", "dong y"}
_NO = {"khong", "no", "n", "0", "false", "khong dong y"}
_UNKNOWN = {"chua ro", "khong ro", "unknown", "chua biet"}
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YEAR_MONTH_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _parse_date(raw) -> datetime.date:
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return _excel_date(raw)  # a date typed in a cell formatted as a number
    return _date_from_text(_text(raw).split(" ")[0])  # "25/03/2025 00:00:00" from some exports


_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_EXCEL_LAST_DAY = 2958465  # 31/12/9999


def _excel_date(serial: float) -> datetime.date:
    """Excel's day number (1 is 01/01/1900); a time of day after it is dropped. As openpyxl's
    from_excel did: the days before 01/03/1900 are shifted by the 29/02/1900 Excel believes in."""
    if not 1 <= serial < _EXCEL_LAST_DAY + 1:
        raise _Bad("bad_date")
    day = int(serial)
    if day < 60:
        day += 1
    return _EXCEL_EPOCH + datetime.timedelta(days=day)


@functools.lru_cache(maxsize=4096)  # a list has few distinct dates
def _date_from_text(text: str) -> datetime.date:
    """dd/mm/yyyy (also with - or .), or yyyy-mm-dd."""
    if match := _DAY_MONTH_YEAR.fullmatch(text):
        day, month, year = match.groups()
    elif match := _YEAR_MONTH_DAY.fullmatch(text):
        year, month, day = match.groups()
    else:
        raise _Bad("bad_date")
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise _Bad("bad_date") from None


def _choice(raw, *, unknown_allowed: bool):
    if isinstance(raw, bool):
        return TriState.YES if raw else TriState.NO
    folded = fold(_text(raw))
    if folded in _YES:
        return TriState.YES
    if folded in _NO:
        return TriState.NO
    if unknown_allowed and folded in _UNKNOWN:
        return TriState.UNKNOWN
    raise _Bad("bad_choice" if unknown_allowed else "bad_yes_no")


_PHONE_PUNCTUATION = re.compile(r"[\s.\-()]")


def _phone_e164(text: str) -> str:
    """accounts.phones.normalise_phone, with a shortcut for the usual national forms
    (0912 345 678, or 912345678 when Excel dropped the 0): parsing each number in full is most
    of the time a large import spends on a row."""
    digits = _PHONE_PUNCTUATION.sub("", text)
    national = None
    # ASCII digits only: "²" is a digit to isdigit() but not to int(). A lone "0" leaves no
    # national number at all: both go to the full parser, which words the error.
    if digits.isascii() and digits.isdigit():
        if digits[0] == "0" and digits[1:2] != "0":
            national = digits[1:]
        elif len(digits) == 9:
            national = digits
    if national:
        number = phonenumbers.PhoneNumber(country_code=84, national_number=int(national))
        if phonenumbers.is_valid_number(number):
            return f"+84{national}"
    return normalise_phone(text)  # anything else, and the wording of the error


def _limits(field: str) -> tuple[int, int]:
    validators = Member._meta.get_field(field).validators
    low = next(v.limit_value for v in validators if isinstance(v, MinValueValidator))
    high = next(v.limit_value for v in validators if isinstance(v, MaxValueValidator))
    return low, high


BIRTH_YEARS = _limits("birth_year")
_MAX_LENGTHS = {
    "member_number": Member._meta.get_field("member_number").max_length,
    "full_name": Member._meta.get_field("full_name").max_length,
    "ethnicity": Member._meta.get_field("ethnicity").max_length,
    "specialty_product": Member._meta.get_field("specialty_product").max_length,
    "org_unit": OrgUnit._meta.get_field("code").max_length,
}


class _RowReader:
    """Turns one row's cells into member field values, or errors with their codes. It reads
    the file only: what depends on the database (units, existing members) comes later."""

    def __init__(self, table: Table, *, today: datetime.date):
        self.today = today
        self.cells = [
            (key, index, COLUMNS_BY_KEY[key].required, getattr(self, f"_{key}", self._plain))
            for key, index in table.columns.items()
        ]

    def read(self, row: int, cells: tuple) -> tuple[dict, list[dict]]:
        values: dict[str, Any] = {}
        errors: list[dict] = []
        width = len(cells)
        for key, index, required, parse in self.cells:
            raw = cells[index] if index < width else None
            if raw is None or raw == "" or (isinstance(raw, str) and raw.isspace()):
                if required:
                    errors.append({"row": row, "code": "required", "column": key, "value": ""})
                continue  # an empty cell leaves the member's value as it is
            try:
                values[key] = parse(key, raw)
            except _Bad as bad:
                errors.append(
                    {"row": row, "code": bad.code, "column": key, "value": _text(raw)} | bad.params
                )
        return values, errors

    def _plain(self, key, raw):
        text = _text(raw)
        limit = _MAX_LENGTHS[key]
        if len(text) > limit:
            raise _Bad("too_long", max=limit)
        return text

    _org_unit = _plain  # a code, looked up in _resolve_units

    def _birth_year(self, key, raw):
        low, high = BIRTH_YEARS
        year = None
        if isinstance(raw, datetime.date):
            year = raw.year
        else:
            text = _text(raw)
            if text.isascii() and text.isdigit():  # "²" is a digit to isdigit(), not to int()
                year = int(text)
            else:
                try:
                    year = _parse_date(text).year  # a full date of birth
                except _Bad:
                    year = None
        if year is None or not low <= year <= high:
            raise _Bad("bad_birth_year", min=low, max=high)
        return year

    def _gender(self, key, raw):
        try:
            return _GENDERS[fold(_text(raw))]
        except KeyError:
            raise _Bad("bad_gender") from None

    def _phone(self, key, raw):
        try:
            return _phone_e164(_text(raw))
        except ValidationError:
            raise _Bad("bad_phone") from None

    def _has_specialty_product(self, key, raw):
        return _choice(raw, unknown_allowed=True)

    _has_epayment_account = _uses_public_services = _has_specialty_product

    def _consent_to_contact(self, key, raw):
        return _choice(raw, unknown_allowed=False) == TriState.YES

    def _recorded_on(self, key, raw):
        day = _parse_date(raw)
        if day > self.today:
            raise _Bad("future_date", value=day.strftime("%d/%m/%Y"))
        return day


# ---------------------------------------------------------------------------------------------
# The plan: what a file would create, update and reject


@dataclasses.dataclass
class Parsed:
    """A file's rows as member values, before any look-up in the database."""

    rows: list[tuple[int, dict]]  # (row number, {column key: value})
    errors: list[dict]
    ignored_columns: list[str]


@dataclasses.dataclass
class Plan:
    total: int = 0
    creates: list[tuple[int, Member]] = dataclasses.field(default_factory=list)
    # (row, member as it is now, {field: new value})
    updates: list[tuple[int, Member, dict]] = dataclasses.field(default_factory=list)
    unchanged: int = 0
    errors: list[dict] = dataclasses.field(default_factory=list)
    ignored_columns: list[str] = dataclasses.field(default_factory=list)
    units: dict = dataclasses.field(default_factory=dict)  # id -> OrgUnit

    @property
    def rejected_rows(self) -> set[int]:
        return {error["row"] for error in self.errors}


def roster_parse(
    *,
    table: Table,
    today: datetime.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> Parsed:
    """Read every row's values and reject what is wrong in the file itself: bad values,
    missing ones, a member number on two rows."""
    reader = _RowReader(table, today=today or selectors.today())
    parsed = Parsed(rows=[], errors=[], ignored_columns=table.ignored_columns)
    numbers: dict[str, list[int]] = defaultdict(list)
    for done, (row, cells) in enumerate(table.rows, start=1):
        values, errors = reader.read(row, cells)
        parsed.errors.extend(errors)
        parsed.rows.append((row, values))
        if values.get("member_number"):
            numbers[values["member_number"]].append(row)
        if progress and done % BATCH == 0:
            progress(done * 2 // 3)  # reading is most of the work of a check
    for number, rows in numbers.items():
        if len(rows) > 1:
            parsed.errors.extend(
                {"row": row, "code": "duplicate_number", "column": "member_number"}
                | {"value": number, "rows": rows}
                for row in rows
            )
    return parsed


def roster_plan(
    *,
    parsed: Parsed,
    user,
    today: datetime.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> Plan:
    """What importing the rows would do for `user`, writing nothing: each row's unit must be
    open and the user's, each member known or complete enough to be created."""
    today = today or selectors.today()
    total = len(parsed.rows)
    plan = Plan(total=total, ignored_columns=parsed.ignored_columns, errors=list(parsed.errors))
    plan.units = {unit.pk: unit for unit in OrgUnit.objects.all()}
    visible = selectors.visible_unit_ids(user)
    rejected = plan.rejected_rows
    rows = [(row, values) for row, values in parsed.rows if row not in rejected]
    rows = _resolve_units(rows, plan, visible=visible, today=today)

    existing = _existing_members([values["member_number"] for _row, values in rows])
    for done, (row, values) in enumerate(rows, start=1):
        if progress and done % BATCH == 0:
            progress(total * 2 // 3 + done // 3)
        member = existing.get(values["member_number"])
        if member is None:
            missing = [key for key in NEEDED_FOR_NEW if key not in values]
            if missing:
                plan.errors.extend(
                    {"row": row, "code": "required_for_new", "column": key, "value": ""}
                    for key in missing
                )
                continue
            plan.creates.append((row, _new_member(values, today)))
            continue
        if visible is not None and member.org_unit_id not in visible:
            plan.errors.append(
                {"row": row, "code": "not_allowed", "column": "member_number"}
                | {"value": member.member_number}
            )
            continue
        changes = _changes(member, values, today)
        if changes:
            plan.updates.append((row, member, changes))
        else:
            plan.unchanged += 1
    number_of = {row: values.get("member_number", "") for row, values in parsed.rows}
    for error in plan.errors:
        error.setdefault("member_number", number_of.get(error["row"], ""))
    plan.errors.sort(key=lambda error: error["row"])
    if progress:
        progress(total)
    return plan


def _resolve_units(rows, plan: Plan, *, visible, today) -> list[tuple[int, dict]]:
    """Turn each row's unit code into the unit's id, rejecting rows whose unit is unknown,
    closed or not the user's."""
    by_code = {unit.code.lower(): unit for unit in plan.units.values()}
    kept = []
    for row, values in rows:
        code = values.get("org_unit")
        if code is None:
            kept.append((row, values))
            continue
        unit = by_code.get(code.lower())
        error = {"row": row, "column": "org_unit", "value": code}
        if unit is None:
            plan.errors.append(error | {"code": "unknown_unit"})
        elif not unit.is_open_on(today):
            if unit.closed_on is not None and unit.successor_id in plan.units:
                successor = plan.units[unit.successor_id].code
                plan.errors.append(error | {"code": "closed_unit", "successor": successor})
            else:
                plan.errors.append(error | {"code": "not_open_unit"})
        elif visible is not None and unit.pk not in visible:
            plan.errors.append(error | {"code": "not_allowed"})
        else:
            kept.append((row, values | {"org_unit": unit.pk}))
    return kept


def _existing_members(numbers: list[str]) -> dict[str, Member]:
    found = {}
    for start in range(0, len(numbers), 900):  # SQLite takes up to 999 parameters a query
        chunk = numbers[start : start + 900]
        for member in Member.objects.filter(member_number__in=chunk):
            found[member.member_number] = member
    return found


def _field_values(values: dict) -> dict:
    fields = {key: value for key, value in values.items() if key != "recorded_on"}
    if "org_unit" in fields:
        fields["org_unit_id"] = fields.pop("org_unit")
    return fields


def _new_member(values: dict, today: datetime.date) -> Member:
    member = Member(**_field_values(values))
    day = values.get("recorded_on", today)
    for field, recorded_on in TRI_STATE_FIELDS.items():
        if getattr(member, field) != TriState.UNKNOWN or (
            field == "has_specialty_product" and member.specialty_product
        ):
            setattr(member, recorded_on, day)
    return member


def _changes(member: Member, values: dict, today: datetime.date) -> dict:
    """{field: new value} for every field the row changes, recorded-on dates included."""
    changes = {}
    for key, value in _field_values(values).items():
        if getattr(member, key) != value:
            changes[key] = value
    day = values.get("recorded_on", today)
    for field, recorded_on in TRI_STATE_FIELDS.items():
        touched = field in changes or (
            field == "has_specialty_product" and "specialty_product" in changes
        )
        if touched and getattr(member, recorded_on) != day:
            changes[recorded_on] = day
    return changes


# ---------------------------------------------------------------------------------------------
# The summary shown on the dry-run and done pages


def _file_summary(error: RosterFileError) -> dict:
    counts = dict.fromkeys(["total", "create", "update", "unchanged", "rejected", "transfer"], 0)
    return counts | {"errors": [], "file_error": error.as_dict()}


def _summary(plan: Plan) -> dict:
    field_changes = Counter(field for _row, _member, changes in plan.updates for field in changes)
    units = plan.units
    with translation.override(settings.LANGUAGE_CODE):
        errors = [
            error | {"message": row_error_message(error)}
            for error in plan.errors[:MAX_STORED_ERRORS]
        ]
    return {
        "total": plan.total,
        "create": len(plan.creates),
        "update": len(plan.updates),
        "unchanged": plan.unchanged,
        "rejected": len(plan.rejected_rows),
        "transfer": field_changes.get("org_unit_id", 0),
        "error_count": len(plan.errors),
        "errors": errors,
        "field_changes": {_public_field(f): n for f, n in field_changes.most_common()},
        "ignored_columns": plan.ignored_columns,
        "created": [
            {"row": row, "member_number": m.member_number, "full_name": m.full_name}
            for row, m in plan.creates[:MAX_STORED_SAMPLES]
        ],
        "updated": [
            {
                "row": row,
                "member_number": member.member_number,
                "full_name": member.full_name,
                "changes": [
                    {
                        "field": _public_field(field),
                        "old": _shown(field, getattr(member, field), units),
                        "new": _shown(field, new, units),
                    }
                    for field, new in changes.items()
                ],
            }
            for row, member, changes in plan.updates[:MAX_STORED_SAMPLES]
        ],
    }


def _public_field(field: str) -> str:
    return "org_unit" if field == "org_unit_id" else field


def _shown(field: str, value, units: dict):
    """A JSON-friendly value for the dry-run table: unit codes, dates as dd/mm/yyyy."""
    if field == "org_unit_id":
        return units[value].code if value in units else value
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return value


def field_label(field: str) -> str:
    """The name of a member field as the file's header writes it."""
    if field in COLUMNS_BY_KEY:
        return COLUMNS_BY_KEY[field].header
    for answer, recorded_on in TRI_STATE_FIELDS.items():
        if field == recorded_on:  # "Ngày ghi nhận (Có sản phẩm đặc sản)"
            return f"{COLUMNS_BY_KEY['recorded_on'].header} ({COLUMNS_BY_KEY[answer].header})"
    return str(Member._meta.get_field(field).verbose_name)


def value_label(field: str, value) -> str:
    """A stored value worded for the reader: "Nữ" rather than "female"."""
    if value in (None, ""):
        return "—"
    if field == "consent_to_contact":
        return str(_("Yes") if value else _("No"))
    if field == "gender":
        return str(Member.Gender(value).label)
    if field in TRI_STATE_FIELDS:
        return str(TriState(value).label)
    return str(value)


# ---------------------------------------------------------------------------------------------
# Services: upload, check (the dry run), commit


@transaction.atomic
def roster_import_create(*, upload, user) -> RosterImport:
    """Keep an uploaded file for checking. It is stored under a random name: the list holds
    members' phone numbers."""
    suffix = PurePath(upload.name).suffix.lower()[:10]
    roster_import = RosterImport(original_name=upload.name[:255], created_by=user)
    roster_import.file.save(f"{uuid.uuid4().hex}{suffix}", upload, save=False)
    roster_import.save()
    return roster_import


def runs_in_background(rows: int) -> bool:
    return rows > BACKGROUND_ROWS


def _read(roster_import: RosterImport) -> bytes:
    with roster_import.file.open("rb") as stored:
        return stored.read()


def roster_import_check(*, roster_import: RosterImport, user) -> RosterImport:
    """The dry run: read and check every row, store what would change and what is rejected."""
    with _run_lock(roster_import) as ours:
        if not ours:  # another process is checking or committing it
            roster_import.refresh_from_db()
            return roster_import
        return _check(roster_import, user=user)


def _check(roster_import: RosterImport, *, user) -> RosterImport:
    claimed = RosterImport.objects.filter(
        pk=roster_import.pk, status__in=[RosterImport.Status.PENDING, RosterImport.Status.CHECKING]
    ).update(status=RosterImport.Status.CHECKING, processed_rows=0, heartbeat_at=timezone.now())
    roster_import.refresh_from_db()
    if not claimed:
        return roster_import  # already checked (a task run twice)
    try:
        table = read_table(_read(roster_import), roster_import.original_name)
    except RosterFileError as error:
        return _finish(roster_import, RosterImport.Status.REJECTED, _file_summary(error))
    RosterImport.objects.filter(pk=roster_import.pk).update(total_rows=len(table.rows))
    roster_import.total_rows = len(table.rows)
    progress = _Progress(roster_import)
    parsed = roster_parse(table=table, progress=progress)
    del table  # a large file's cells take a lot of memory
    plan = roster_plan(parsed=parsed, user=user, progress=progress)
    if plan.errors:
        return _finish(roster_import, RosterImport.Status.REJECTED, _summary(plan))
    _save_parsed(roster_import, parsed)
    return _finish(roster_import, RosterImport.Status.CHECKED, _summary(plan))


def roster_import_claim_commit(*, roster_import: RosterImport) -> bool:
    """Mark a checked import as being imported; False if it was not waiting (a double click)."""
    claimed = RosterImport.objects.filter(
        pk=roster_import.pk, status=RosterImport.Status.CHECKED
    ).update(status=RosterImport.Status.IMPORTING, processed_rows=0, heartbeat_at=timezone.now())
    roster_import.refresh_from_db()
    return bool(claimed)


def roster_import_commit(*, roster_import: RosterImport, user) -> RosterImport:
    """Write a claimed import all at once, in one transaction. The rows are checked again
    against the database (units and members may have changed since the dry run): any rejected
    row means nothing is written. Logged as LOG_ACTION with the counts."""
    with _run_lock(roster_import) as ours:
        roster_import.refresh_from_db()
        if not ours:  # another process is committing it
            return roster_import
        return _commit(roster_import, user=user)


def _commit(roster_import: RosterImport, *, user) -> RosterImport:
    if roster_import.status != RosterImport.Status.IMPORTING:
        return roster_import
    parsed = _load_parsed(roster_import)
    if parsed is None:  # checked by an older version, or the copy is gone: read the file again
        try:
            table = read_table(_read(roster_import), roster_import.original_name)
        except RosterFileError as error:
            return _finish(roster_import, RosterImport.Status.REJECTED, _file_summary(error))
        parsed = roster_parse(table=table)
        del table
    progress = _Progress(roster_import, outside_transaction=True)
    try:
        with transaction.atomic():
            plan = roster_plan(parsed=parsed, user=user)
            if plan.errors:
                raise _Rejected(plan)
            progress(plan.unchanged)
            _write(plan, progress=progress, done=plan.unchanged)
            summary = _summary(plan)
            summary["committed_by"] = user.pk
            roster_import = _finish(roster_import, RosterImport.Status.DONE, summary)
            _log(roster_import, user=user, summary=summary)
    except _Rejected as rejected:
        roster_import = _finish(
            roster_import, RosterImport.Status.REJECTED, _summary(rejected.plan)
        )
    finally:
        progress.close()
    _drop_parsed(roster_import)
    return roster_import


# The dry run keeps the rows it read (values, before any database look-up) beside the upload,
# so the commit need not parse the file again: for a large workbook, reading the XLSX is most
# of the time. The commit still checks units and members again, as they may have changed.
_PARSED_VERSION = 1


def _parsed_name(roster_import: RosterImport) -> str:
    return f"{roster_import.file.name}.rows.json.gz"


def _save_parsed(roster_import: RosterImport, parsed: Parsed) -> None:
    keys = [column.key for column in COLUMNS]
    rows = [[row, *(values.get(key) for key in keys)] for row, values in parsed.rows]
    document = {
        "version": _PARSED_VERSION,
        "keys": keys,
        "ignored": parsed.ignored_columns,
        "rows": rows,
    }
    data = gzip.compress(
        json.dumps(document, default=_json_date, separators=(",", ":")).encode(), compresslevel=1
    )
    storage, name = roster_import.file.storage, _parsed_name(roster_import)
    storage.delete(name)
    storage.save(name, ContentFile(data))


def _json_date(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(type(value))


def _load_parsed(roster_import: RosterImport) -> Parsed | None:
    storage, name = roster_import.file.storage, _parsed_name(roster_import)
    try:
        with storage.open(name, "rb") as stored:
            document = json.loads(gzip.decompress(stored.read()))
    except (OSError, ValueError):
        return None
    if document.get("version") != _PARSED_VERSION:
        return None
    keys = document["keys"]
    rows = []
    for row, *cells in document["rows"]:
        values = {key: value for key, value in zip(keys, cells, strict=True) if value is not None}
        if "recorded_on" in values:
            values["recorded_on"] = datetime.date.fromisoformat(values["recorded_on"])
        rows.append((row, values))
    return Parsed(rows=rows, errors=[], ignored_columns=document["ignored"])


def _drop_parsed(roster_import: RosterImport) -> None:
    roster_import.file.storage.delete(_parsed_name(roster_import))


class _Rejected(Exception):
    def __init__(self, plan: Plan):
        super().__init__("rejected")
        self.plan = plan


def roster_import_fail(*, roster_import: RosterImport, error: BaseException) -> None:
    """Record that a check or commit broke off; its transaction left nothing written."""
    summary = dict(roster_import.summary or {})
    summary["failure"] = type(error).__name__
    _finish(roster_import, RosterImport.Status.FAILED, summary)
    _drop_parsed(roster_import)


def _finish(roster_import: RosterImport, status: str, summary: dict) -> RosterImport:
    roster_import.status = status
    roster_import.summary = summary
    roster_import.processed_rows = roster_import.total_rows
    roster_import.finished_at = timezone.now()
    roster_import.save(update_fields=["status", "summary", "processed_rows", "finished_at"])
    return roster_import


def _write(plan: Plan, *, progress: "_Progress", done: int) -> None:
    for start in range(0, len(plan.creates), BATCH):
        batch = [member for _row, member in plan.creates[start : start + BATCH]]
        _insert_members(batch)
        done += len(batch)
        progress(done)

    now = timezone.now()
    by_fields: dict[tuple, list[Member]] = defaultdict(list)
    transfers = []
    for _row, member, changes in plan.updates:
        for field, value in changes.items():
            if field != "org_unit_id":  # a move is a dated transfer, below
                setattr(member, field, value)
        fields = tuple(sorted(field for field in changes if field != "org_unit_id"))
        if fields:
            member.updated_at = now  # bulk_update does not touch auto_now fields
            by_fields[(*fields, "updated_at")].append(member)
        if "org_unit_id" in changes:
            transfers.append((member, changes["org_unit_id"]))
    for fields, members in by_fields.items():
        for start in range(0, len(members), BATCH):
            batch = members[start : start + BATCH]
            _update_members(batch, fields)
            done += len(batch)
            progress(done)

    today = selectors.today()
    for member, unit_id in transfers:
        member_transfer(member=member, to_unit=plan.units[unit_id], on=today)
    progress(plan.total)


def _insert_members(members: list[Member]) -> None:
    """Member.objects.bulk_create(members). On SQLite, which takes at most 999 parameters a
    statement, bulk_create sends 52 members at a time and spends most of its time building
    SQL; one INSERT per member through executemany is three times faster there (the database
    is in the process: no round trips). On PostgreSQL bulk_create's multi-row INSERT wins."""
    if connection.vendor != "sqlite":
        Member.objects.bulk_create(members)
        return
    fields = [field for field in Member._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(Member._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    params = [
        [field.get_db_prep_save(field.pre_save(member, True), connection) for field in fields]
        for member in members
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _update_members(members: list[Member], fields: tuple[str, ...]) -> None:
    """Member.objects.bulk_update(members, fields), faster: Django's builds a CASE WHEN per
    row and field in Python (about 0.7 ms a row, over a minute for 100,000 members); one plain
    UPDATE per row sent with executemany takes a fifth of that on PostgreSQL and a twentieth on
    SQLite. Values go through each field's own conversion, as the ORM's would."""
    model_fields = [Member._meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(Member._meta.db_table),
        ", ".join(f"{quote(field.column)} = %s" for field in model_fields),
        quote(Member._meta.pk.column),
    )
    prepare = [(field.attname, field.get_db_prep_save) for field in model_fields]
    params = [
        [to_db(getattr(member, attname), connection) for attname, to_db in prepare] + [member.pk]
        for member in members
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _log(roster_import: RosterImport, *, user, summary: dict) -> None:
    from wagtail.log_actions import log, registry

    if not registry.action_exists(LOG_ACTION):
        # Wagtail refuses log entries of unregistered actions; mentoring's wagtail_hooks
        # registers this one. Without it the import must still go through.
        logger.warning(
            "Log action %s is not registered: import %s not logged", LOG_ACTION, roster_import.pk
        )
        return
    counts = {key: summary[key] for key in ("total", "create", "update", "unchanged", "transfer")}
    log(instance=roster_import, action=LOG_ACTION, user=user, data=counts)


class _Progress:
    """Writes `processed_rows` now and then. The commit runs in one transaction, whose writes
    nobody sees before the end: on PostgreSQL its progress goes through a second connection;
    on SQLite, whose single writer that would block, only the check's progress is shown."""

    def __init__(self, roster_import: RosterImport, *, outside_transaction: bool = False):
        self.pk = roster_import.pk
        self.last = -1
        self.side = None
        if outside_transaction:
            if connection.vendor == "postgresql" and not connection.in_atomic_block:
                self.side = connections.create_connection(DEFAULT_DB_ALIAS)
            else:
                self.pk = None  # progress inside an open transaction would be invisible anyway

    def __call__(self, done: int) -> None:
        if self.pk is None or done == self.last:
            return
        self.last = done
        if self.side is None:
            RosterImport.objects.filter(pk=self.pk).update(
                processed_rows=done, heartbeat_at=timezone.now()
            )
            return
        try:
            with self.side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {RosterImport._meta.db_table} SET processed_rows = %s, "
                    "heartbeat_at = %s WHERE id = %s",
                    [done, timezone.now(), self.pk],
                )
        except Exception:  # progress is a nicety: never let it break an import
            self.close()
            self.pk = None

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None


# ---------------------------------------------------------------------------------------------
# Runs that died with their process (a server killed or restarted mid-import)

RUNNING = (RosterImport.Status.PENDING, RosterImport.Status.CHECKING, RosterImport.Status.IMPORTING)
_LOCK_CLASS = (
    0x524F  # first key of the PostgreSQL advisory locks taken here; the import's id is the second
)


@contextlib.contextmanager
def _run_lock(roster_import: RosterImport) -> Iterator[bool]:
    """Held by the process checking or committing an import, for as long as it works; yields
    False if another process holds it. PostgreSQL (an advisory lock of the session) or the
    operating system (a file lock, on SQLite's one machine) lets go of it when the process
    dies, so a free lock on an import still marked running means its run is gone."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [_LOCK_CLASS, roster_import.pk])
            ours = cursor.fetchone()[0]
        try:
            yield ours
        finally:
            if ours:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT pg_advisory_unlock(%s, %s)", [_LOCK_CLASS, roster_import.pk]
                    )
        return
    descriptor = os.open(_lock_path(roster_import.pk), os.O_CREAT | os.O_RDWR, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            ours = True
        except BlockingIOError:
            ours = False
        yield ours
    finally:
        os.close(descriptor)  # and the lock with it


def _lock_path(pk: int) -> str:
    """One file per import and database (several sites or test runs may share the machine)."""
    database = str(connection.settings_dict["NAME"]).encode()
    folder = os.path.join(tempfile.gettempdir(), "chophien-roster-imports")
    os.makedirs(folder, mode=0o700, exist_ok=True)
    return os.path.join(folder, f"{hashlib.sha256(database).hexdigest()[:16]}-{pk}.lock")


def _lock_held(roster_import: RosterImport) -> bool:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND "
                "database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                "AND classid = %s AND objid = %s AND objsubid = 2)",
                [_LOCK_CLASS, roster_import.pk],
            )
            return cursor.fetchone()[0]
    with _run_lock(roster_import) as free:
        return not free


def roster_import_is_stale(roster_import: RosterImport) -> bool:
    """Marked as running, but no process has been working on it for a while (its lock is free,
    and no row has been processed for CHOPHIEN_IMPORT_STALE_MINUTES): it can be retried or
    abandoned. The wait covers a background task still queued, which holds no lock yet."""
    return _overdue(roster_import) and not _lock_held(roster_import)


def _overdue(roster_import: RosterImport) -> bool:
    if roster_import.status not in RUNNING:
        return False
    since = roster_import.heartbeat_at or roster_import.created_at
    return timezone.now() - since >= datetime.timedelta(
        minutes=settings.CHOPHIEN_IMPORT_STALE_MINUTES
    )


def roster_import_recover(*, roster_import: RosterImport, user, abandon: bool) -> RosterImport:
    """Take back an import whose run died. Nothing of it was written (the commit is one
    transaction). Retrying a commit makes it ready to commit again (the commit checks every
    row again); retrying a check sets it waiting, for the caller to run the check again.
    Abandoning marks it failed. Refused (ValidationError) while a process still works on it."""
    with _run_lock(roster_import) as free:  # and no run starts while this decides
        roster_import.refresh_from_db()
        if not free or not _overdue(roster_import):
            raise ValidationError(
                _("This import is still running. Wait for it to finish."), code="running"
            )
        was = roster_import.status
        if abandon:
            summary = dict(roster_import.summary or {})
            summary["failure"] = "abandoned"
            roster_import = _finish(roster_import, RosterImport.Status.FAILED, summary)
            _drop_parsed(roster_import)
        else:
            roster_import.status = (
                RosterImport.Status.CHECKED
                if was == RosterImport.Status.IMPORTING
                else RosterImport.Status.PENDING
            )
            roster_import.processed_rows = 0
            roster_import.heartbeat_at = None
            roster_import.save(update_fields=["status", "processed_rows", "heartbeat_at"])
    logger.warning(
        "Roster import %s was %s after its run died (%s) by user %s",
        roster_import.pk,
        "abandoned" if abandon else "retried",
        was,
        user.pk,
    )
    return roster_import


def visible_imports(user) -> QuerySet:
    """The imports a person may look at: their own, or every one for provincial staff."""
    if selectors.can_see_everything(user):
        return RosterImport.objects.all()
    return RosterImport.objects.filter(created_by=user)
