"""Reading the upload: the sheet's rows through core.tabular (as the roster is read), the ZIP
of photos checked as a whole and read in memory (never unpacked to disk), and each cell read
as text, a price or a whole number."""

import dataclasses
import datetime
import io
import re
import zipfile
from decimal import Decimal
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError

from core import tabular
from core.text import fold_label
from marketplace.money import VndParseError, parse_vnd
from producers import images
from producers.product_import.columns import COLUMNS, MAX_ROWS, SHEET_TITLE
from producers.product_import.errors import ImportFileError

MAX_SHEET_BYTES = 5 * 1024 * 1024
HEADER_SEARCH_ROWS = 10
MAX_ZIP_BYTES = 100 * 1024 * 1024
MAX_ZIP_FILES = 300
MAX_ZIP_UNPACKED_BYTES = 300 * 1024 * 1024
# Photos hardly compress (JPEG, HEIC are compressed already); a hundredfold is a bomb.
MAX_COMPRESSION_RATIO = 100
MAX_PRICE = Decimal(10**10 - 1)  # Oscar's Decimal(12, 2): ten whole digits
_HEADER_KEYS = {
    fold_label(name): column.key for column in COLUMNS for name in (column.header, column.key)
}


def read_rows(data: bytes) -> list[tuple[int, dict]]:
    """The product rows of the workbook: (row number in the sheet, {column key: cell})."""
    try:
        if not tabular.upload_is_workbook(data, max_bytes=MAX_SHEET_BYTES):
            raise ImportFileError("not_spreadsheet")
        with tabular.open_workbook(data) as workbook:
            sheets = workbook.sheet_names
            if not sheets:
                raise ImportFileError("not_spreadsheet")
            name = SHEET_TITLE if SHEET_TITLE in sheets else sheets[0]
            cells, _last_row = workbook.cells(name)
    except tabular.SpreadsheetRefused as error:
        raise ImportFileError(error.code, **error.params) from error
    return _rows(cells)


def _rows(cells: list[list]) -> list[tuple[int, dict]]:
    for row_number, header in enumerate(cells[:HEADER_SEARCH_ROWS], start=1):
        keys = [
            _HEADER_KEYS.get(fold_label(cell)) if cell not in (None, "") else None
            for cell in header
        ]
        if "title" in keys:
            number = row_number
            break
    else:
        raise ImportFileError("missing_column", column="title")
    columns: dict[str, int] = {}
    for index, key in enumerate(keys):
        if key in columns:
            raise ImportFileError("duplicate_column", column=key)
        if key:
            columns[key] = index
    for column in COLUMNS:
        if column.required and column.key not in columns:
            raise ImportFileError("missing_column", column=column.key)
    rows = []
    for row_number, row in enumerate(cells[number:], start=number + 1):
        values = {key: row[index] if index < len(row) else None for key, index in columns.items()}
        if any(cell_text(value) for value in values.values()):
            rows.append((row_number, values))
            if len(rows) > MAX_ROWS:
                raise ImportFileError("too_many_rows", limit=MAX_ROWS)
    if not rows:
        raise ImportFileError("no_rows")
    return rows


@dataclasses.dataclass
class PhotoArchive:
    archive: zipfile.ZipFile
    files: dict[str, zipfile.ZipInfo]  # by name in lower case, without folders

    def __contains__(self, name: str) -> bool:
        return name.lower() in self.files


def read_zip(data: bytes | None) -> PhotoArchive | None:
    """Check the ZIP as a whole, and index its files by name (lower case, without folders)."""
    if data is None:
        return None
    if len(data) > MAX_ZIP_BYTES:
        raise ImportFileError("zip_too_large", limit=MAX_ZIP_BYTES // (1024 * 1024))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise ImportFileError("zip_not_zip") from error
    if len(infos) > MAX_ZIP_FILES:
        raise ImportFileError("zip_too_many", limit=MAX_ZIP_FILES)
    index: dict[str, zipfile.ZipInfo] = {}
    unpacked = 0
    for info in infos:
        name = info.filename
        path = PurePosixPath(name.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", name):
            raise ImportFileError("zip_unsafe_name", value=name[:100])
        if info.is_dir():
            continue
        if info.flag_bits & 0x1:
            raise ImportFileError("zip_encrypted")
        unpacked += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if unpacked > MAX_ZIP_UNPACKED_BYTES or (
            info.file_size > 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO
        ):
            raise ImportFileError("zip_bomb", value=name[:100])
        if path.parts[0] == "__MACOSX" or path.name.startswith("."):
            continue  # what macOS and Finder add beside the photos
        key = path.name.lower()
        if key in index:
            raise ImportFileError("zip_duplicate", value=path.name)
        index[key] = info
    return PhotoArchive(archive, index)


def zip_photo(photos: PhotoArchive, name: str) -> images.NormalisedPhoto:
    try:
        with photos.archive.open(photos.files[name.lower()]) as member:
            # Never more than the photo limit, whatever the ZIP's header says.
            data = member.read(images.MAX_UPLOAD_BYTES + 1)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
        raise ValidationError(images.MESSAGES["corrupt"], code="corrupt") from None
    return images.photo_normalise(io.BytesIO(data))


class BadCell(Exception):
    """A cell that cannot be read as its column asks: the row is rejected with this code."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime.datetime | datetime.date):
        value = value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


def cell_price(value) -> Decimal:
    if isinstance(value, bool):
        raise BadCell("bad_price", value=str(value))
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            raise BadCell("bad_price", value=str(value))
        price = Decimal(int(value))
    else:
        try:
            # The same reading as every money input of the site ("150.000", "150 000 đ").
            price = parse_vnd(str(value))
        except VndParseError:
            raise BadCell("bad_price", value=cell_text(value)) from None
    if not 1 <= price <= MAX_PRICE:
        raise BadCell("price_range", value=cell_text(value))
    return price


def cell_whole(value, *, key: str, minimum: int) -> int:
    if isinstance(value, bool):
        raise BadCell("bad_number", column=key, value=str(value))
    if isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, int):
        number = value
    else:
        text = cell_text(value)
        if not re.fullmatch(r"-?\d+", text):
            raise BadCell("bad_number", column=key, value=text)
        number = int(text)
    if number < minimum:
        raise BadCell("negative_number", column=key, min=minimum)
    if number > 2_147_483_647:
        raise BadCell("bad_number", column=key, value=cell_text(value))
    return number
