"""core.tabular's reading, shared by the roster and the product import: both refuse the same
broken files with the same reason. (Their own tests and the fuzz tests in tests/security cover
each reader in full.)"""

import io
import struct
import zipfile
import zlib

import openpyxl
import pytest

from core import tabular
from mentoring.roster.columns import COLUMNS as ROSTER_COLUMNS
from mentoring.roster.errors import RosterFileError
from mentoring.roster.reading import read_table
from producers.product_import.columns import COLUMNS as PRODUCT_COLUMNS
from producers.product_import.errors import ImportFileError
from producers.product_import.reading import read_rows


def _workbook(columns) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append([column.header for column in columns])
    workbook.active.append([column.header for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _broken_deflate(data: bytes) -> bytes:
    """The sheet's compressed stream starts with an invalid block type: zipfile passes on
    zlib's error, which is neither a BadZipFile nor an OSError."""
    data = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset
    name_length, extra_length = struct.unpack("<HH", data[start + 26 : start + 30])
    data[start + 30 + name_length + extra_length] = 0xFF  # BFINAL 1, BTYPE 11 (reserved)
    return bytes(data)


def _refusal(read, data, error_class) -> str:
    with pytest.raises(error_class) as caught:
        read(data)
    return caught.value.code


def test_a_workbook_with_a_broken_compressed_part_is_not_a_spreadsheet_to_either_reader():
    roster_file = _broken_deflate(_workbook(ROSTER_COLUMNS))
    product_file = _broken_deflate(_workbook(PRODUCT_COLUMNS))
    with pytest.raises(zlib.error):  # what the readers would meet unguarded
        zipfile.ZipFile(io.BytesIO(roster_file)).read("xl/worksheets/sheet1.xml")
    assert _refusal(lambda d: read_table(d, "ds.xlsx"), roster_file, RosterFileError) == (
        "not_spreadsheet"
    )
    assert _refusal(read_rows, product_file, ImportFileError) == "not_spreadsheet"


@pytest.mark.parametrize(
    ("data", "code", "params"),
    [
        (b"", "empty", {}),
        (b"x" * 11, "too_large", {"limit": 0}),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old_excel", {}),
    ],
)
def test_an_upload_is_told_by_its_first_bytes(data, code, params):
    with pytest.raises(tabular.SpreadsheetRefused) as caught:
        tabular.upload_is_workbook(data, max_bytes=10)
    assert (caught.value.code, caught.value.params) == (code, params)


def test_both_readers_word_the_shared_refusals_alike():
    from mentoring.roster.errors import FILE_MESSAGES as ROSTER_MESSAGES
    from producers.product_import.errors import FILE_MESSAGES as PRODUCT_MESSAGES

    for code in ("empty", "too_large", "old_excel", "sheet_too_big", "sheet_too_much_data"):
        assert ROSTER_MESSAGES[code] is PRODUCT_MESSAGES[code] is tabular.MESSAGES[code]
    # each says what it accepts
    assert ROSTER_MESSAGES["not_spreadsheet"] != PRODUCT_MESSAGES["not_spreadsheet"]
