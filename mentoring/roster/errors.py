"""Why a roster file or row is refused: stored as a code with its parameters, worded when shown
(in the reader's language)."""

from django.utils.translation import gettext_lazy as _

from core import tabular
from mentoring.roster.columns import COLUMNS_BY_KEY

# "empty", "too_large", "old_excel", "encoding" and the size limits' codes: worded in core.tabular
FILE_MESSAGES = {
    **tabular.MESSAGES,
    "not_spreadsheet": _(
        "This file is not a spreadsheet. Upload an Excel workbook (.xlsx) or a CSV file."
    ),
    "missing_column": _(
        "The column “%(column)s” is missing. Put the column names in the header row, as in "
        "the template, and upload the file again."
    ),
    "duplicate_column": _("The column “%(column)s” appears twice in the header row."),
    "no_rows": _("The file has a header row but no members under it."),
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
    "bad_evaluation": _(
        "Classification “%(value)s” must be Hoàn thành xuất sắc nhiệm vụ, Hoàn thành tốt nhiệm "
        "vụ, Hoàn thành nhiệm vụ or Không hoàn thành nhiệm vụ."
    ),
    "bad_evaluation_year": _("“%(value)s” is not a year from 2000 to %(max)s."),
    "evaluation_year_needed": _("A classification needs its year in “Năm xếp loại”."),
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
