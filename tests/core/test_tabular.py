"""The size check in front of python-calamine (core.tabular): how far a sheet's
cells reach, counted never short of where calamine puts them, however the XML is written.
Only the check runs here: none of these workbooks is handed to calamine."""

import io

import openpyxl
import pytest

from core.tabular import Limits, SpreadsheetRefused, xlsx_check
from tests.support.spreadsheet_bombs import workbook

SMALL = Limits(rows=100, columns=100, cells=5000)
HEADER = ["Số thẻ đoàn viên", "Họ và tên"]


def _refusal(data: bytes, limits: Limits = SMALL) -> tuple[str, dict] | None:
    try:
        xlsx_check(data, limits=limits)
    except SpreadsheetRefused as refused:
        return refused.code, refused.params
    return None


def _extent(data: bytes, limits: Limits = SMALL) -> tuple[int, int] | None:
    refused = _refusal(data, limits)
    assert refused is not None and refused[0] == "sheet_too_big", refused
    return refused[1]["height"], refused[1]["width"]


def test_a_workbook_as_excel_writes_it_passes():
    book = openpyxl.Workbook()
    for n in range(99):
        book.active.append([f"DV-{n}", "Lý Thị Mai", 2001, None, "Dao"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert _refusal(buffer.getvalue()) is None


@pytest.mark.parametrize(
    ("rows", "refused"),
    [
        ('<row r="100"><c r="CV100"><v>1</v></c></row>', None),  # the last cell allowed
        ('<row r="101"><c r="A101"><v>1</v></c></row>', (101, 2)),
        ('<row r="2"><c r="CW2"><v>1</v></c></row>', (2, 101)),
        ('<row r="2"><c r="XFD2"/></row>', (2, 16384)),  # empty and styled: counted too
    ],
)
def test_the_limits_are_counted_from_a1(rows, refused):
    data = workbook(HEADER, rows=rows)
    if refused is None:
        assert _refusal(data, Limits(rows=100, columns=100, cells=10_000)) is None
    else:
        assert _extent(data, Limits(rows=100, columns=100, cells=10_000)) == refused


def test_the_cell_count_is_a_limit_of_its_own():
    data = workbook(HEADER, rows='<row r="60"><c r="CV60"><v>1</v></c></row>')  # 60 × 100
    assert _extent(data) == (60, 100)


@pytest.mark.parametrize(
    "rows",
    [
        # No address: calamine places the cell in its row's row, one column on.
        '<row r="150"><c><v>1</v></c></row>',
        # A row without an address follows the last one.
        '<row r="149"><c r="A149"><v>1</v></c></row><row><c><v>1</v></c></row>',
        # calamine skips a self-closing row, so "3" does not take the next row back up.
        '<row r="149"><c r="A149"><v>1</v></c></row><row r="3"/><row><c><v>1</v></c></row>',
        # A namespace prefix, and the address not first, or after a ">" in another value.
        '<row r="150"><x:c xmlns:x="urn:x" r="A150"><x:v>1</x:v></x:c></row>',
        '<row r="150"><c s="1" r="A150"><v>1</v></c></row>',
        '<row r="150"><c foo="a>b" r="A150"><v>1</v></c></row>',
        "<row r='150'><c r='a150'><v>1</v></c></row>",
    ],
)
def test_cells_are_placed_where_calamine_places_them(rows):
    """Each places a cell in row 150: a limit of 149 rows refuses every one."""
    limits = Limits(rows=149, columns=100, cells=10**6)
    height, _width = _extent(workbook(HEADER, rows=rows), limits)
    assert height >= 150  # never short; one more where calamine skips what the scan counts


def test_a_row_end_inside_a_comment_does_not_reset_the_column():
    """The second cell is in column CW (the 101st): a scan that took the comment's </row> for
    a real one would count it in column A."""
    rows = '<row r="2"><c r="CV2"><v>1</v></c><!-- </row> --><c><v>1</v></c></row>'
    assert _extent(workbook(HEADER, rows=rows), Limits(rows=100, columns=100, cells=10**6)) == (
        2,
        101,
    )


def test_text_copied_from_shared_strings_is_counted_per_cell():
    """calamine copies a shared string into every cell that refers to it."""
    long_string = ["<si><t>" + "A" * 1_000_000 + "</t></si>"]
    index = len(HEADER)

    def cells(count, template):
        return "".join(
            f'<row r="{n}">{template.format(n=n, i=index)}</row>' for n in range(2, count + 2)
        )

    limits = Limits(rows=1000, columns=10, cells=10_000)
    plain = '<c r="A{n}" t="s"><v>{i}</v></c>'
    assert _refusal(workbook(HEADER, rows=cells(90, plain), strings=long_string), limits) is None
    refused = _refusal(workbook(HEADER, rows=cells(110, plain), strings=long_string), limits)
    assert refused == ("sheet_too_much_data", {"limit": 100})
    # Cells referring to the short strings only: the long one is never copied.
    short = '<c r="A{n}" t="s"><v>0</v></c>'
    assert _refusal(workbook(HEADER, rows=cells(900, short), strings=long_string), limits) is None
    # An index the scan cannot read (a formula first) counts as the longest string.
    hidden = '<c r="A{n}" t="s"><f>A1</f><v>{i}</v></c>'
    refused = _refusal(workbook(HEADER, rows=cells(110, hidden), strings=long_string), limits)
    assert refused == ("sheet_too_much_data", {"limit": 100})


def _with_part(data: bytes, name: str, content: bytes) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        target.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("xl/workbook.bin", b"\x83\x01\x00"),  # a binary workbook (.xlsb) calamine would read
        ("content.xml", b"<office:document-content/>"),  # an OpenDocument spreadsheet
        ("xl/worksheets/sheet2.xml", "<worksheet><sheetData/></worksheet>".encode("utf-16")),
    ],
)
def test_what_the_scan_cannot_read_is_refused(name, content):
    data = _with_part(workbook(HEADER), name, content)
    assert _refusal(data) == ("not_spreadsheet", {})


def test_a_part_longer_than_its_header_says_is_refused():
    data = bytearray(workbook(HEADER, compresslevel=0))
    # Shrink the central directory's size of the sheet: the reader then sees a bad checksum.
    marker = data.rfind(b"xl/worksheets/sheet1.xml")
    size_at = marker - 46 + 24  # uncompressed size field of that central directory entry
    data[size_at : size_at + 4] = (10).to_bytes(4, "little")
    assert _refusal(bytes(data))[0] == "not_spreadsheet"


def test_each_sheet_is_held_to_the_limits_on_its_own():
    """calamine builds one sheet at a time: a long sheet and a wide one are both fine."""
    wide = '<worksheet><sheetData><row r="1"><c r="CV1"><v>1</v></c></row></sheetData></worksheet>'
    long = workbook(HEADER, rows='<row r="100"><c r="B100"><v>1</v></c></row>')
    data = _with_part(long, "xl/worksheets/sheet2.xml", wide.encode())
    assert _refusal(data, Limits(rows=100, columns=100, cells=1000)) is None
