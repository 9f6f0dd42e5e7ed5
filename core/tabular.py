"""Reading an uploaded table (the roster, attendance and product imports): an XLSX workbook or
a CSV file into rows, within the same limits, refused with the same reasons.

`upload_is_workbook` tells a workbook from the rest by its first bytes (never by its name) and
refuses an empty, too large or old Excel file; `open_workbook` checks a workbook's size and
opens it with python-calamine; `csv_rows` reads a CSV file as Excel saves it; `within_limits`
stops a CSV file at the sheet limits as it is read. Each refusal is a `SpreadsheetRefused`
with a code the reader words from `MESSAGES`, plus its own "not_spreadsheet" (which says what
that reader accepts).

The size check every uploaded workbook passes before python-calamine reads it:

calamine (Rust) keeps a sheet as one dense block from its first to its last cell, and copies
a shared string into every cell that refers to it. A 5 KB workbook with one cell in A1 and one
in XFD1048576 asks for 549,755,813,888 bytes, 2,000 cells pointing at one 1 MB shared string ask
for 2 GB, and an OpenDocument row repeated a million times asks for 2 GB: Rust aborts the whole
process on a failed allocation, which no ``try`` catches. By the time ``get_sheet_by_name`` returns,
it is too late to look at ``sheet.end``; so the workbook's XML is read here first, with plain
regular expressions, for how far its cells reach and how much text they would hold, and a
workbook past the limits (settings ``CHOPHIEN_SPREADSHEET_MAX_*``) is refused with a reason the
uploader can act on.

The estimate is never below what calamine builds: every ``<c>`` element counts, empty or not,
and a cell without an ``r`` address is placed at least as far as calamine would place it. Only
Office Open XML workbooks (.xlsx, .xlsm) pass: calamine would also read an OpenDocument or a
binary (.xlsb) workbook from the same kind of ZIP, and neither is checked here.
"""

import codecs
import contextlib
import csv
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # a 200,000-row list unpacks to about 120 MB of XML
MAX_TEXT_BYTES = 100 * 1024 * 1024  # text copied into cells from the shared strings
MAX_MEMBERS = 10_000

_PREFIX = rb"(?:[A-Za-z_][\w.\-]*:)?"
_ATTRS = rb"(?:[^>\"']|\"[^\"]*\"|'[^']*')*"  # attribute values may hold ">"
_C_OPEN = re.compile(rb"<c[\s/>]")
_PREFIXED_MARK = re.compile(rb":c[\s/>]")  # a quick look before the slower pattern
_C_PREFIXED = re.compile(rb"<[A-Za-z_][\w.\-]*:c[\s/>]")
# Excel, LibreOffice, openpyxl and Google Sheets all write the address first, as "A1": the
# fast path, when every cell has one. (Unprefixed patterns: the regex engine then skips ahead.)
_C_ROW = re.compile(rb'<c r="[A-Z]{1,3}([1-9][0-9]{0,6})"')
_C_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})[1-9]')
_TOKEN = re.compile(
    rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>"
    rb"|<(/)?" + _PREFIX + rb"(row|c)(?=[\s/>])(" + _ATTRS + rb")>",
    re.DOTALL,
)
_R_ATTR = re.compile(rb"(?:^|\s)r\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_CELL_ADDRESS = re.compile(rb"([A-Za-z]{1,3})([0-9]{1,7})")
_SI_OPEN = re.compile(rb"<" + _PREFIX + rb"si(?=[\s/>])")
_T_ELEMENT = re.compile(rb"[<:]t[\s/>]")
# A cell typed as a shared string ("s"; an escaped value is counted too, to be safe) …
_S_TYPE = rb"(?<=\s)t\s*=\s*[\"'](?:s|&[^\"']*)[\"']"
_S_CELL = re.compile(rb"<" + _PREFIX + rb"c\s" + _ATTRS + rb"?" + _S_TYPE)
# … and the index in its <v>, when written as Excel writes it (a match of this is always a
# match of the one above, so the cells whose index was not found are the difference).
_S_CELL_INDEX = re.compile(
    rb"<"
    + _PREFIX
    + rb"c\s"
    + _ATTRS
    + rb"?(?<=\s)t\s*=\s*[\"']s[\"']"
    + _ATTRS
    + rb">\s*<"
    + _PREFIX
    + rb"v>\s*(\d{1,9})\s*<"
)


# Worded once for every reader (each adds them to its own file messages, with its own
# "not_spreadsheet").
MESSAGES = {
    "empty": _("The file is empty."),
    "too_large": _("The file is larger than %(limit)s MB. Split it into smaller files."),
    "old_excel": _(
        "This is an old Excel file (.xls) or a workbook with a password. In Excel, save it as "
        "“Excel Workbook (*.xlsx)” without a password and upload it again."
    ),
    "encoding": _(
        "This CSV file is not in UTF-8 (first problem on line %(line)s), so Vietnamese letters "
        "would be garbled. In Excel, save it as “CSV UTF-8 (Comma delimited) (*.csv)” and upload "
        "it again."
    ),
    "sheet_too_big": _(
        "The sheet reaches %(height)s rows and %(width)s columns (empty cells with formatting "
        "count too); at most %(max_rows)s rows, %(max_columns)s columns and %(max_cells)s cells "
        "can be read. Delete the unused rows and columns below and to the right of the list, or "
        "split it into smaller files, and upload it again."
    ),
    "sheet_too_much_data": _(
        "Once unpacked, this workbook holds more than %(limit)s MB, far more than a list "
        "holds. Copy just the list into a new workbook and upload that."
    ),
}


class SpreadsheetRefused(Exception):
    """The file is not read. ``code`` is one of "empty", "too_large" (param limit, MB),
    "old_excel", "encoding" (param line), "not_spreadsheet", "sheet_too_big" (params height,
    width, max_rows, max_columns, max_cells) and "sheet_too_much_data" (param limit, MB)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


@dataclass(frozen=True)
class Limits:
    rows: int
    columns: int
    cells: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            rows=settings.CHOPHIEN_SPREADSHEET_MAX_ROWS,
            columns=settings.CHOPHIEN_SPREADSHEET_MAX_COLUMNS,
            cells=settings.CHOPHIEN_SPREADSHEET_MAX_CELLS,
        )


def xlsx_check(data: bytes, *, limits: Limits | None = None) -> None:
    """Refuse (SpreadsheetRefused) a workbook calamine could not read within the limits.
    Counted from A1, as the readers read (``skip_empty_area=False``)."""
    limits = limits or Limits.from_settings()
    # Two end-of-archive records: another reader could find another archive in the same bytes.
    if data[-(65535 + 22) :].count(b"PK\x05\x06") != 1:
        raise SpreadsheetRefused("not_spreadsheet")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,  # a header claiming a zip version Python cannot read (fuzzed bytes)
        struct.error,
    ) as error:
        raise SpreadsheetRefused("not_spreadsheet") from error
    names = {info.filename.lower() for info in infos}
    if (
        "xl/workbook.xml" not in names
        or "xl/workbook.bin" in names  # binary workbook (.xlsb)
        or "content.xml" in names  # OpenDocument (.ods)
        or len(infos) > MAX_MEMBERS
    ):
        raise SpreadsheetRefused("not_spreadsheet")
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise _too_much_data()

    unpacked = cells = 0
    string_lengths: list[int] = []
    sheets: list[bytes] = []
    for info in infos:
        if info.is_dir():
            continue
        part = _read_member(archive, info, MAX_UNPACKED_BYTES - unpacked)
        unpacked += len(part)
        head = part[:4]
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (b"\x00" in head and b"<" in head):
            raise SpreadsheetRefused("not_spreadsheet")  # UTF-16 XML: invisible to the scan
        if b"sheetData" in part:  # a worksheet: calamine builds one block per sheet
            extent = _Extent(limits)
            extent.scan(part)
            extent.check()
            cells += extent.cells
            sheets.append(part)
        if info.filename.lower() == "xl/sharedstrings.xml":  # the name calamine reads
            string_lengths = _longest(string_lengths, _shared_string_lengths(part))
    _check_text(string_lengths, sheets, cells=cells)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, allowance: int) -> bytes:
    """The member's bytes, never more than the allowance, whatever its header says; a part
    longer than its header says fails its checksum here."""
    try:
        with archive.open(info) as member:
            part = member.read(allowance + 1)
            if len(part) > allowance:
                raise _too_much_data()
            member.read(1)  # reach the end, so the checksum is verified
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise SpreadsheetRefused("not_spreadsheet") from error  # encrypted, damaged, bad CRC
    return part


def _too_much_data() -> SpreadsheetRefused:
    return SpreadsheetRefused("sheet_too_much_data", limit=MAX_UNPACKED_BYTES // (1024 * 1024))


class _Extent:
    """How far the cells of a sheet reach, as (last row, last column) counted from 0."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.row = self.column = -1
        self.cells = 0  # <c> elements seen, empty or not

    def scan(self, xml: bytes) -> None:
        self.cells += (cells := len(_C_OPEN.findall(xml)))
        prefixed = _PREFIXED_MARK.search(xml) and _C_PREFIXED.search(xml)
        rows = None if prefixed else _C_ROW.findall(xml)
        if rows is None or len(rows) != cells:
            self.cells += len(_C_PREFIXED.findall(xml))
            self._scan_slowly(xml)
        elif rows:
            self._reach(
                max(map(int, set(rows))) - 1,
                max(map(_column_index, set(_C_COLUMN.findall(xml)))),
            )

    def _scan_slowly(self, xml: bytes) -> None:
        """Follow calamine's own placing of cells without an address (the row's ``r``, else
        one past the last row; one column past the last cell), keeping a bound that is never
        behind it: a self-closing row or cell, which calamine skips, still moves the bound."""
        row = column = 0
        for match in _TOKEN.finditer(xml):
            closing, name, attrs = match.groups()
            if name is None:
                continue  # a comment, CDATA, a processing instruction
            self_closing = attrs.endswith(b"/")
            if name == b"row":
                if closing:
                    row, column = row + 1, 0
                    continue
                address = _address(attrs)
                if address is not None:
                    if not address.isdigit():
                        raise SpreadsheetRefused("not_spreadsheet")
                    row = max(row, int(address) - 1)
                    self._reach(row, -1)
                if self_closing:
                    row += 1
            elif not closing:
                address = _address(attrs)
                if address is None:
                    here = (row, column)
                    column += 1
                else:
                    parsed = _CELL_ADDRESS.fullmatch(address)
                    if parsed is None:
                        raise SpreadsheetRefused("not_spreadsheet")
                    here = (int(parsed[2]) - 1, _column_index(parsed[1]))
                    column = max(column, here[1] + 1)
                self._reach(*here)
                if self._beyond():
                    return  # refused anyway: no need to read a million more rows

    def _reach(self, row: int, column: int) -> None:
        self.row, self.column = max(self.row, row), max(self.column, column)

    def _size(self) -> tuple[int, int]:
        return self.row + 1, self.column + 1

    def _beyond(self) -> bool:
        rows, columns = self._size()
        limits = self.limits
        return rows > limits.rows or columns > limits.columns or rows * columns > limits.cells

    def check(self) -> None:
        if self._beyond():
            rows, columns = self._size()
            raise SpreadsheetRefused(
                "sheet_too_big",
                height=rows,
                width=columns,
                max_rows=self.limits.rows,
                max_columns=self.limits.columns,
                max_cells=self.limits.cells,
            )


def _address(attrs: bytes) -> bytes | None:
    found = _R_ATTR.search(attrs)
    if found is None:
        return None
    return found[1] if found[1] is not None else found[2]


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + letter - 64
    return index - 1


def _shared_string_lengths(xml: bytes) -> list[int]:
    """An upper bound on each shared string's length: the bytes up to the next <si>."""
    starts = [match.start() for match in _SI_OPEN.finditer(xml)]
    if not starts:
        return []
    ends = [*starts[1:], len(xml)]
    lengths = [end - start for start, end in zip(starts, ends, strict=True)]
    if not all(_T_ELEMENT.search(xml, start, end) for start, end in zip(starts, ends, strict=True)):
        # calamine skips a string without text, and numbers the strings after it one lower:
        # a string's bound is then the longest of it and those after it.
        for index in range(len(lengths) - 2, -1, -1):
            lengths[index] = max(lengths[index], lengths[index + 1])
    return lengths


def _longest(first: list[int], second: list[int]) -> list[int]:
    if len(first) < len(second):
        first, second = second, first
    return [max(a, b) for a, b in zip(first, second, strict=False)] + first[len(second) :]


def _check_text(lengths: list[int], sheets: list[bytes], *, cells: int) -> None:
    """Refuse when the text calamine would copy out of the shared strings, one copy per cell
    that refers to one, passes MAX_TEXT_BYTES. Counted cell by cell only when every cell
    holding the longest string could pass it."""
    if not lengths or cells * max(lengths) <= MAX_TEXT_BYTES:
        return
    longest = max(lengths)
    total = 0
    for xml in sheets:
        indices = [int(index) for index in _S_CELL_INDEX.findall(xml)]
        unknown = len(_S_CELL.findall(xml)) - len(indices)  # typed "s", index not found
        total += sum(lengths[i] for i in indices if i < len(lengths)) + unknown * longest
        if total > MAX_TEXT_BYTES:
            raise SpreadsheetRefused("sheet_too_much_data", limit=MAX_TEXT_BYTES // (1024 * 1024))


# ---------------------------------------------------------------------------------------------
# Reading an upload into rows

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and password-protected .xlsx
_ZIP = b"PK\x03\x04"


def upload_is_workbook(data: bytes, *, max_bytes: int) -> bool:
    """True for a workbook to open (a ZIP: open_workbook checks it is one), False for anything
    else; an empty file, one over `max_bytes` and an old Excel file (.xls, or a workbook with a
    password) are refused. Told by the content, not the name."""
    if not data:
        raise SpreadsheetRefused("empty")
    if len(data) > max_bytes:
        raise SpreadsheetRefused("too_large", limit=max_bytes // (1024 * 1024))
    if data.startswith(_OLE):
        raise SpreadsheetRefused("old_excel")
    return data.startswith(_ZIP)


class Workbook:
    """An open workbook's worksheets (chart and macro sheets left out)."""

    def __init__(self, book):
        from python_calamine import SheetTypeEnum

        self._book = book
        self.sheet_names = [
            sheet.name for sheet in book.sheets_metadata if sheet.typ == SheetTypeEnum.WorkSheet
        ]

    def cells(self, name: str, *, nrows: int | None = None) -> tuple[list[list], int]:
        """The sheet's rows from A1, empty rows and columns included, so a row's index is its
        number in the sheet (empty cells are ""), and the number of its last row. Every cell
        is parsed at once, even for `nrows` rows: a sheet of 100,000 rows takes about a second.
        The stated size (<dimension>) is not trusted."""
        sheet = self._book.get_sheet_by_name(name)
        cells = sheet.to_python(skip_empty_area=False, nrows=nrows)
        return cells, sheet.end[0] + 1 if sheet.end else 0  # end: (row, column) from 0


@contextlib.contextmanager
def open_workbook(data: bytes) -> Iterator[Workbook]:
    """The workbook, checked (xlsx_check) and opened with python-calamine (Rust: about ten
    times faster than openpyxl, which still writes the templates and the exports). A workbook
    that cannot be read, then or while its sheets are read in the block, is refused as
    "not_spreadsheet"."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        # Before calamine: a far cell or a shared-string bomb would abort the whole process.
        xlsx_check(data)
    except zlib.error as error:  # a damaged workbook's compressed part (found by fuzzing)
        raise SpreadsheetRefused("not_spreadsheet") from error
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, OSError, ValueError) as error:  # "Cannot detect file format"
        raise SpreadsheetRefused("not_spreadsheet") from error
    try:
        yield Workbook(book)
    except (CalamineError, ValueError, TypeError, OverflowError, zlib.error) as error:
        raise SpreadsheetRefused("not_spreadsheet") from error  # broken sheet XML, bad cell
    finally:
        book.close()


@dataclass
class CsvRows:
    rows: Iterator[tuple[int, list[str]]]  # (line number from 1, cells)
    newlines: int  # in the whole file: an estimate of its rows before they are read


def csv_rows(data: bytes, *, sniff_lines: int) -> CsvRows:
    """The rows of a CSV file as Excel saves it: UTF-8 with or without its mark, separated by
    "," or ";" or a tab (whichever the first `sniff_lines` lines hold most). UTF-16 and other
    encodings are refused ("encoding", with the first bad line), and so is a binary file."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SpreadsheetRefused("encoding", line=1)  # Excel's "Unicode Text" (UTF-16)
    sample = data[:4096]
    if b"\x00" in sample:
        even, odd = sample[0::2], sample[1::2]
        if _mostly_zero(odd) and not even.count(0) or _mostly_zero(even) and not odd.count(0):
            raise SpreadsheetRefused("encoding", line=1)  # UTF-16 text without its mark
        raise SpreadsheetRefused("not_spreadsheet")  # a picture, a PDF, …
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SpreadsheetRefused("encoding", line=data[: error.start].count(b"\n") + 1) from error
    if not text.strip():
        raise SpreadsheetRefused("empty")
    head = "\n".join(text.splitlines()[:sniff_lines])
    # Excel writes ";" instead of "," where the decimal mark is a comma, as in Vietnamese.
    delimiter = max([",", ";", "\t"], key=head.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return CsvRows(_numbered(reader), text.count("\n"))


def _numbered(reader) -> Iterator[tuple[int, list[str]]]:
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        raise SpreadsheetRefused("not_spreadsheet") from error


def _mostly_zero(data: bytes) -> bool:
    return data.count(0) > len(data) * 0.8


def within_limits(rows: Iterator[tuple[int, tuple]]) -> Iterator[tuple[int, tuple]]:
    """The rows, until one passes the spreadsheet limits: a workbook is checked before it is
    read (xlsx_check), a CSV file as it is read (50 MB of empty lines would otherwise be
    millions of rows in memory)."""
    limits = Limits.from_settings()
    for number, cells in rows:
        if number > limits.rows or len(cells) > limits.columns:
            raise SpreadsheetRefused(
                "sheet_too_big",
                height=number,
                width=len(cells),
                max_rows=limits.rows,
                max_columns=limits.columns,
                max_cells=limits.cells,
            )
        yield number, cells
