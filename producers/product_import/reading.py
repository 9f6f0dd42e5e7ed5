"""Product import: a cooperative's whole catalogue from one spreadsheet, with a ZIP of photos.

The same steps as the roster import (mentoring.roster): download the template, upload, read
the dry run (what will be created, and each rejected row with its number and the reason),
then commit. A file with any rejected row creates nothing, and the commit creates every row
in one transaction, through the portal's own product service (producers.listing), so the
products go to staff review exactly as if added one by one. Someone drafting a shop for its
future owner imports for it too (producers.assisted; a mentor for a member: mentoring.assisted),
and those products stay drafts until the owner takes the shop over.

Spreadsheets are read through core.tabular, as the roster is. The ZIP is never unpacked to
disk: photos are read from it in memory, each at most the photo size limit, and a ZIP whose
names try to leave the folder, that holds too many files, or that unpacks to far more than
it weighs (a "ZIP bomb") is refused as a whole.
"""

import dataclasses
import datetime
import io
import re
import uuid
import zipfile
from decimal import Decimal
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from core import tabular
from core.text import fold_label
from marketplace.catalogue.models import Category, Product
from marketplace.money import VndParseError, parse_vnd
from producers import images
from producers.models import Producer, ProductImport

MAX_SHEET_BYTES = 5 * 1024 * 1024
MAX_ROWS = 500
HEADER_SEARCH_ROWS = 10
MAX_ZIP_BYTES = 100 * 1024 * 1024
MAX_ZIP_FILES = 300
MAX_ZIP_UNPACKED_BYTES = 300 * 1024 * 1024
# Photos hardly compress (JPEG, HEIC are compressed already); a hundredfold is a bomb.
MAX_COMPRESSION_RATIO = 100
MAX_PRICE = Decimal(10**10 - 1)  # Oscar's Decimal(12, 2): ten whole digits
SHEET_TITLE = "Sản phẩm"
LOG_ACTION = "producers.product_import"


@dataclasses.dataclass(frozen=True)
class Column:
    key: str
    header: str  # the template's header, Vietnamese like the rest of the sheet
    required: bool = False
    max_length: int | None = None
    width: int = 18


COLUMNS = [
    Column("title", "Tên sản phẩm (*)", required=True, max_length=255, width=40),
    Column("category", "Danh mục (*)", required=True, width=24),
    Column("price", "Giá bán (đồng) (*)", required=True, width=18),
    Column("num_in_stock", "Số lượng có để bán (*)", required=True, width=20),
    Column("unit", "Đơn vị bán", width=14),
    Column("weight_grams", "Khối lượng cả bao bì (gam)", width=24),
    Column("description", "Mô tả", width=50),
    Column("origin_commune", "Xã nơi sản xuất", max_length=100, width=20),
    Column("harvest_season", "Mùa vụ", max_length=100, width=18),
    Column("photo", "Ảnh (tên tệp trong ZIP)", max_length=255, width=26),
]
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
_HEADER_KEYS = {
    fold_label(name): column.key for column in COLUMNS for name in (column.header, column.key)
}

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


class _Bad(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


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


# ---------------------------------------------------------------------------------------------
# The template


def import_categories():
    """The categories a product may be put in: the same the portal's product form offers."""
    return Category.objects.filter(depth=1, is_public=True).order_by("path")


def _unit_labels() -> dict[str, str]:
    with translation.override("vi"):
        return {value: str(label) for value, label in Product.Unit.choices}


def template_workbook() -> bytes:
    """An XLSX with the header row, an example row, the categories and units as drop-down
    choices (data validation from a list sheet), and a sheet explaining each column."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    categories = [category.name for category in import_categories()]
    units = list(_unit_labels().values())
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append([column.header for column in COLUMNS])
    example = {
        "title": "Chè Shan Tuyết Tả Phìn – gói 200g",
        "category": categories[0] if categories else "",
        "price": 150000,
        "num_in_stock": 30,
        "unit": _unit_labels()[Product.Unit.PACK],
        "weight_grams": 250,
        "description": "Chè búp hái tay, sao chảo gang.",
        "origin_commune": "Tả Phìn",
        "harvest_season": "tháng 3 – tháng 5",
        "photo": "che-ta-phin.jpg",
    }
    sheet.append([example[column.key] for column in COLUMNS])
    sheet.freeze_panes = "A2"

    lists = workbook.create_sheet("Danh sách")
    for row, name in enumerate(categories, start=1):
        lists.cell(row=row, column=1, value=name)
    for row, label in enumerate(units, start=1):
        lists.cell(row=row, column=2, value=label)
    lists.sheet_state = "hidden"
    choices = {
        "category": f"'Danh sách'!$A$1:$A${max(1, len(categories))}",
        "unit": f"'Danh sách'!$B$1:$B${len(units)}",
    }
    last_row = MAX_ROWS + 1
    for index, column in enumerate(COLUMNS, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        sheet[f"{letter}1"].font = Font(bold=True)
        if column.key in choices:
            validation = DataValidation(
                type="list", formula1=choices[column.key], allow_blank=not column.required
            )
            validation.error = str(_("Choose from the list."))
            validation.showErrorMessage = True
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{last_row}")
        if column.key in {"price", "num_in_stock", "weight_grams"}:
            validation = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
            validation.error = str(_("Write a whole number, without decimals."))
            validation.showErrorMessage = True
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{last_row}")

    guide = workbook.create_sheet("Hướng dẫn")
    guide.append([str(_("Column")), str(_("What to write"))])
    guide["A1"].font = guide["B1"].font = Font(bold=True)
    helps = {
        "title": _("The name buyers see, with the pack size."),
        "category": _("Choose from the list."),
        "price": _("In whole đồng, without dots or decimals, e.g. 150000."),
        "num_in_stock": _("How many you have to sell now (0 if sold out)."),
        "unit": _("How it is sold: choose from the list, or leave empty."),
        "weight_grams": _("With packing, in grams: used to work out the postage."),
        "description": _("How it is grown or made, how to use it."),
        "origin_commune": _("The commune where it is grown or made."),
        "harvest_season": _("E.g. “tháng 3 – tháng 5”."),
        "photo": _(
            "The name of the photo's file in the ZIP you upload with the sheet, e.g. "
            "che-ta-phin.jpg. JPEG, PNG, WebP or HEIC, at most 15 MB."
        ),
    }
    for column in COLUMNS:
        guide.append([column.header, str(helps[column.key])])
    guide.column_dimensions["A"].width = 30
    guide.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Reading the sheet and the ZIP


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
        if any(_text(value) for value in values.values()):
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


def _zip_photo(photos: PhotoArchive, name: str) -> images.NormalisedPhoto:
    try:
        with photos.archive.open(photos.files[name.lower()]) as member:
            # Never more than the photo limit, whatever the ZIP's header says.
            data = member.read(images.MAX_UPLOAD_BYTES + 1)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
        raise ValidationError(images.MESSAGES["corrupt"], code="corrupt") from None
    return images.photo_normalise(io.BytesIO(data))


# ---------------------------------------------------------------------------------------------
# Cells


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime.datetime | datetime.date):
        value = value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


def _price(value) -> Decimal:
    if isinstance(value, bool):
        raise _Bad("bad_price", value=str(value))
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            raise _Bad("bad_price", value=str(value))
        price = Decimal(int(value))
    else:
        try:
            # The same reading as every money input of the site ("150.000", "150 000 đ").
            price = parse_vnd(str(value))
        except VndParseError:
            raise _Bad("bad_price", value=_text(value)) from None
    if not 1 <= price <= MAX_PRICE:
        raise _Bad("price_range", value=_text(value))
    return price


def _whole(value, *, key: str, minimum: int) -> int:
    if isinstance(value, bool):
        raise _Bad("bad_number", column=key, value=str(value))
    if isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, int):
        number = value
    else:
        text = _text(value)
        if not re.fullmatch(r"-?\d+", text):
            raise _Bad("bad_number", column=key, value=text)
        number = int(text)
    if number < minimum:
        raise _Bad("negative_number", column=key, min=minimum)
    if number > 2_147_483_647:
        raise _Bad("bad_number", column=key, value=_text(value))
    return number


# ---------------------------------------------------------------------------------------------
# The dry run


@dataclasses.dataclass
class Plan:
    creates: list[tuple[int, dict]] = dataclasses.field(default_factory=list)
    errors: list[dict] = dataclasses.field(default_factory=list)
    file_error: dict | None = None


def import_plan(*, sheet: bytes, photos: bytes | None) -> Plan:
    """Read and check every row: what would be created, and every rejected row with why.
    Photos are checked and normalised here, so the commit stores exactly what was checked."""
    plan = Plan()
    try:
        rows = read_rows(sheet)
        archive = read_zip(photos)
    except ImportFileError as error:
        plan.file_error = error.as_dict()
        return plan
    categories = {fold_label(category.name): category for category in import_categories()}
    units = {}
    for value, label in Product.Unit.choices:
        units[fold_label(value)] = units[fold_label(str(label))] = value
    for value, label in _unit_labels().items():
        units[fold_label(label)] = value

    titles: dict[str, list[int]] = {}
    for row, cells in rows:
        try:
            values = _row_values(cells, categories=categories, units=units, photos=archive)
        except _Bad as bad:
            plan.errors.append({"row": row, "code": bad.code, **bad.params})
            continue
        titles.setdefault(fold_label(values["title"]), []).append(row)
        plan.creates.append((row, values))
    for numbers in titles.values():
        if len(numbers) > 1:
            title = next(v["title"] for r, v in plan.creates if r == numbers[0])
            for row in numbers:
                plan.errors.append(
                    {"row": row, "code": "duplicate_title", "value": title, "rows": numbers}
                )
    rejected = {error["row"] for error in plan.errors}
    plan.creates = [(row, values) for row, values in plan.creates if row not in rejected]
    plan.errors.sort(key=lambda error: error["row"])
    return plan


def _row_values(cells: dict, *, categories, units, photos) -> dict:
    values: dict = {}
    for column in COLUMNS:
        text = _text(cells.get(column.key))
        if column.required and not text:
            raise _Bad("required", column=column.key)
        if column.max_length and len(text) > column.max_length:
            raise _Bad("too_long", column=column.key, max=column.max_length)
        values[column.key] = text
    data = {
        "title": values["title"],
        "description": _text(cells.get("description")) and str(cells.get("description")).strip(),
        "origin_commune": values["origin_commune"],
        "harvest_season": values["harvest_season"],
        "price": _price(cells["price"]),
        "num_in_stock": _whole(cells["num_in_stock"], key="num_in_stock", minimum=0),
    }
    category = categories.get(fold_label(values["category"]))
    if category is None:
        raise _Bad("unknown_category", value=values["category"])
    data["category"] = category
    if values["unit"]:
        if fold_label(values["unit"]) not in units:
            raise _Bad("unknown_unit", value=values["unit"])
        data["unit"] = units[fold_label(values["unit"])]
    if values["weight_grams"]:
        data["weight_grams"] = _whole(cells["weight_grams"], key="weight_grams", minimum=1)
    name = values["photo"]
    if name:
        if photos is None:
            raise _Bad("photo_without_zip", value=name)
        if name not in photos:
            raise _Bad("photo_missing", value=name)
        try:
            photo = _zip_photo(photos, name)
        except ValidationError as error:
            raise _Bad("bad_photo", value=name, reason=error.code) from None
        data["photo"] = ContentFile(photo.content, name=f"photo.{photo.extension}")
        data["photo_name"] = name
    return data


def _summary(plan: Plan) -> dict:
    """What the dry-run page shows; Vietnamese messages kept for anyone reading it directly."""
    with translation.override("vi"):
        return {
            "file_error": plan.file_error
            and {**plan.file_error, "message": file_error_message(plan.file_error)},
            "errors": [{**error, "message": row_error_message(error)} for error in plan.errors],
            "creates": [
                {
                    "row": row,
                    "title": values["title"],
                    "category": values["category"].name,
                    "price": int(values["price"]),
                    "num_in_stock": values["num_in_stock"],
                    "photo": values.get("photo_name", ""),
                }
                for row, values in plan.creates
            ],
        }


# ---------------------------------------------------------------------------------------------
# Services


def _stored(upload) -> ContentFile:
    upload.seek(0)
    return ContentFile(upload.read())


def _read(field) -> bytes | None:
    if not field:
        return None
    with field.open("rb") as stored:
        return stored.read()


@transaction.atomic
def product_import_check(
    *, producer: Producer, by, sheet, photos=None, for_draft: bool = False
) -> ProductImport:
    """Keep the uploads (under random names, in private storage) and run the dry run.
    `for_draft`: imported by someone drafting the shop (producers.assisted), not its owner."""
    product_import = ProductImport(
        producer=producer,
        created_by=by,
        for_draft=for_draft,
        original_name=(sheet.name or "")[:255],
        status=ProductImport.Status.REJECTED,
    )
    stem = uuid.uuid4().hex
    product_import.sheet.save(f"{stem}.xlsx", _stored(sheet), save=False)
    if photos is not None:
        product_import.photos.save(f"{stem}.zip", _stored(photos), save=False)
    plan = import_plan(sheet=_read(product_import.sheet), photos=_read(product_import.photos))
    product_import.summary = _summary(plan)
    if not plan.file_error and not plan.errors:
        product_import.status = ProductImport.Status.CHECKED
    product_import.save()
    return product_import


class _Rejected(Exception):
    def __init__(self, plan: Plan):
        self.plan = plan


def _delete_photo_files(products) -> None:
    for product in products:
        for image in product.images.all():
            image.original.delete(save=False)


def product_import_commit(
    *, product_import: ProductImport, by, add, audit: dict | None = None
) -> ProductImport:
    """Create every product of a checked import, in one transaction, with `add(**data)` (the
    portal's producer_product_add, or the mentor's member_draft_product_add). The files are
    checked again first (categories may have changed since the dry run): a rejected row, or
    any failure while creating, means nothing is created. A second click does nothing.
    `audit`: more for the import's audit entry (whom a drafter imported for)."""
    try:
        with transaction.atomic():
            locked = ProductImport.objects.select_for_update().get(pk=product_import.pk)
            if locked.status != ProductImport.Status.CHECKED:
                return locked
            plan = import_plan(sheet=_read(locked.sheet), photos=_read(locked.photos))
            if plan.file_error or plan.errors:
                raise _Rejected(plan)
            created = []
            try:
                for _row, values in plan.creates:
                    values = {key: value for key, value in values.items() if key != "photo_name"}
                    created.append(add(**values))
            except BaseException:
                # Their rows roll back; the files would stay. BaseException: a worker being
                # stopped (SystemExit) too. A process killed outright leaves them to the
                # delete_orphan_photos command.
                _delete_photo_files(created)
                raise
            locked.status = ProductImport.Status.DONE
            locked.finished_at = timezone.now()
            locked.summary = {**_summary(plan), "created": [product.pk for product in created]}
            locked.save(update_fields=["status", "finished_at", "summary"])
            log(
                instance=locked.producer,
                action=LOG_ACTION,
                user=by,
                data={
                    "import": locked.pk,
                    "created": len(created),
                    **(audit or {}),
                },
            )
            return locked
    except _Rejected as rejected:
        ProductImport.objects.filter(pk=product_import.pk).update(
            status=ProductImport.Status.REJECTED, summary=_summary(rejected.plan)
        )
        product_import.refresh_from_db()
        return product_import


def import_report(product_import: ProductImport) -> dict:
    """The stored dry run, worded in the reader's language."""
    summary = product_import.summary or {}
    file_error = summary.get("file_error")
    return {
        "file_error": file_error_message(file_error) if file_error else "",
        "errors": [
            {"row": error["row"], "message": row_error_message(error)}
            for error in summary.get("errors", [])
        ],
        "creates": summary.get("creates", []),
        "created": len(summary.get("created", [])),
    }
