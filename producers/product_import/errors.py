"""Why an upload or a row is refused: stored as a code with its parameters, worded when shown
(in the reader's language)."""

from django.utils.translation import gettext_lazy as _

from core import tabular
from producers import images
from producers.product_import.columns import COLUMNS_BY_KEY

# "empty", "too_large", "old_excel" and the size limits' codes: worded in core.tabular
FILE_MESSAGES = {
    **tabular.MESSAGES,
    "not_spreadsheet": _(
        "This file is not an Excel workbook. Fill in the template and upload it as .xlsx."
    ),
    "missing_column": _(
        "The column “%(column)s” is missing. Put the column names in the header row, as in "
        "the template, and upload the file again."
    ),
    "duplicate_column": _("The column “%(column)s” appears twice in the header row."),
    "no_rows": _("The file has a header row but no products under it."),
    "too_many_rows": _("The file has more than %(limit)s products. Split it into smaller files."),
    "zip_not_zip": _("The photos file is not a ZIP file. Put the photos in a .zip file."),
    "zip_too_large": _(
        "The ZIP file is larger than %(limit)s MB. Use smaller photos or several imports."
    ),
    "zip_too_many": _("The ZIP file holds more than %(limit)s files."),
    "zip_unsafe_name": _(
        "The ZIP file holds a file named “%(value)s”, which points outside the ZIP. Make the "
        "ZIP again from the photos themselves."
    ),
    "zip_bomb": _(
        "The ZIP file was refused: “%(value)s” unpacks to far more than its size, which no "
        "photo does."
    ),
    "zip_encrypted": _("The ZIP file has a password. Make it again without one."),
    "zip_duplicate": _("Two files in the ZIP are named “%(value)s”. Give each photo its own name."),
}

ROW_MESSAGES = {
    "required": _("“%(column)s” is empty."),
    "too_long": _("“%(column)s” is longer than %(max)s characters."),
    "bad_price": _(
        "Price “%(value)s” is not a whole number of đồng. Write it without decimals, e.g. 150000."
    ),
    "price_range": _("The price must be from 1 đồng to 9 999 999 999 đồng, not “%(value)s”."),
    "bad_number": _("“%(column)s” must be a whole number, not “%(value)s”."),
    "negative_number": _("“%(column)s” cannot be below %(min)s."),
    "unknown_category": _(
        "There is no category “%(value)s”. Choose one from the list in the template."
    ),
    "unknown_unit": _("There is no unit “%(value)s”. Choose one from the list in the template."),
    "photo_without_zip": _(
        "The photo “%(value)s” is named, but no ZIP of photos was uploaded with the sheet."
    ),
    "photo_missing": _("The photo “%(value)s” is not in the ZIP file."),
    "bad_photo": _("Photo “%(value)s”: %(reason)s"),
    "duplicate_title": _("The product “%(value)s” appears more than once: rows %(rows)s."),
}


class ImportFileError(Exception):
    """The whole upload is refused: nothing in it is read as products."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params

    def as_dict(self) -> dict:
        return {"code": self.code, **self.params}


def file_error_message(error: dict) -> str:
    return str(FILE_MESSAGES[error["code"]]) % _params(error)


def row_error_message(error: dict) -> str:
    return str(ROW_MESSAGES[error["code"]]) % _params(error)


def _params(params: dict) -> dict:
    params = dict(params)
    if params.get("column") in COLUMNS_BY_KEY:
        params["column"] = COLUMNS_BY_KEY[params["column"]].header
    if "rows" in params:
        params["rows"] = ", ".join(str(row) for row in params["rows"])
    if "reason" in params:
        params["reason"] = str(images.MESSAGES[params["reason"]])
    return params
