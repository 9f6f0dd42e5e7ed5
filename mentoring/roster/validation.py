"""A row's cells read as member values, each checked (dates, phone numbers, yes/no answers, the
model's limits)."""

import datetime
import functools
import re
import unicodedata
from typing import Any

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator

from accounts.phones import normalise_phone
from core.text import fold_label
from mentoring.models import Evaluation, Member, OrgUnit, TriState
from mentoring.roster.columns import COLUMNS_BY_KEY
from mentoring.roster.errors import _Bad
from mentoring.roster.reading import Table


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
# The Youth Union's four classes (2023–2027 guidance), their usual short forms, and the
# wording used before it (Đoàn viên xuất sắc / khá / trung bình / yếu), folded.
_EVALUATIONS = {
    **dict.fromkeys(
        ["hoan thanh xuat sac nhiem vu", "htxsnv", "xuat sac", "doan vien xuat sac"],
        Evaluation.EXCELLENT,
    ),
    **dict.fromkeys(
        ["hoan thanh tot nhiem vu", "httnv", "tot", "doan vien kha", "kha"], Evaluation.GOOD
    ),
    **dict.fromkeys(
        ["hoan thanh nhiem vu", "htnv", "doan vien trung binh", "trung binh"],
        Evaluation.COMPLETED,
    ),
    **dict.fromkeys(
        ["khong hoan thanh nhiem vu", "khtnv", "doan vien yeu", "yeu", "yeu kem"],
        Evaluation.NOT_COMPLETED,
    ),
    **{value: value for value in Evaluation.values},
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
    folded = fold_label(_text(raw))
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
            return _GENDERS[fold_label(_text(raw))]
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

    def _evaluation(self, key, raw):
        try:
            return _EVALUATIONS[fold_label(_text(raw))]
        except KeyError:
            raise _Bad("bad_evaluation") from None

    def _evaluation_year(self, key, raw):
        text = _text(raw)
        year = int(text) if text.isascii() and text.isdigit() else None
        if year is None or not 2000 <= year <= self.today.year:
            raise _Bad("bad_evaluation_year", max=self.today.year)
        return year

    def _recorded_on(self, key, raw):
        day = _parse_date(raw)
        if day > self.today:
            raise _Bad("future_date", value=day.strftime("%d/%m/%Y"))
        return day
