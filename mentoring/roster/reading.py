"""A roster file read into rows: an XLSX workbook or a CSV file as Excel saves it (through
core.tabular, as the product import), with the header row found among the first rows."""

import dataclasses
from collections.abc import Iterator
from pathlib import PurePath

from core import tabular
from core.text import fold_label
from mentoring.roster.columns import _HEADER_KEYS, COLUMNS
from mentoring.roster.errors import RosterFileError

MAX_FILE_BYTES = 50 * 1024 * 1024
HEADER_SEARCH_ROWS = 20  # the union's lists often have a title or two above the header row


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


def read_table(data: bytes, name: str = "", *, header_only: bool = False) -> Table:
    """The rows of an XLSX or CSV file, or RosterFileError. The format is told by the content,
    not the name: a photo renamed .xlsx is refused, and so is a CSV that is not UTF-8."""
    try:
        if tabular.upload_is_workbook(data, max_bytes=MAX_FILE_BYTES):
            return _read_xlsx(data, header_only=header_only)
        if PurePath(name.lower()).suffix in {".xlsx", ".xlsm", ".xls", ".ods"}:
            raise RosterFileError("not_spreadsheet")
        return _read_csv(data, header_only=header_only)
    except tabular.SpreadsheetRefused as error:
        raise RosterFileError(error.code, **error.params) from error


def _read_xlsx(data: bytes, *, header_only: bool) -> Table:
    """The first worksheet with a header row. Every cell of a sheet is parsed at once, even for
    the header alone, so the row count is exact."""
    first_problem = None
    with tabular.open_workbook(data) as workbook:
        for name in workbook.sheet_names:  # not a chart sheet, a macro sheet
            cells, last_row = workbook.cells(
                name, nrows=HEADER_SEARCH_ROWS if header_only else None
            )
            try:
                table = _table("xlsx", enumerate(cells, start=1), header_only=header_only)
            except (RosterFileError, tabular.SpreadsheetRefused) as error:
                first_problem = first_problem or error
                continue
            table.estimated_rows = last_row - table.header_row
            return table
        raise first_problem or RosterFileError("missing_column", column="member_number")


def _read_csv(data: bytes, *, header_only: bool) -> Table:
    csv_rows = tabular.csv_rows(data, sniff_lines=HEADER_SEARCH_ROWS)
    table = _table("csv", csv_rows.rows, header_only=header_only)
    table.estimated_rows = csv_rows.newlines - table.header_row
    return table


def _table(fmt: str, rows: Iterator[tuple[int, tuple]], *, header_only: bool) -> Table:
    """Find the header row among the first rows, then collect the non-empty rows under it."""
    rows = tabular.within_limits(rows)
    for number, cells in rows:
        keys = [_HEADER_KEYS.get(fold_label(cell)) if cell is not None else None for cell in cells]
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
