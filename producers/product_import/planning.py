"""The dry run: every row read and checked, what would be created and every rejected row with
why. The commit runs it again (producers.product_import.committing)."""

import dataclasses

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import translation

from core.text import fold_label
from marketplace.catalogue.models import Product
from producers.product_import.columns import COLUMNS, import_categories, unit_labels
from producers.product_import.errors import (
    ImportFileError,
    file_error_message,
    row_error_message,
)
from producers.product_import.reading import (
    BadCell,
    cell_price,
    cell_text,
    cell_whole,
    read_rows,
    read_zip,
    zip_photo,
)


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
    for value, label in unit_labels().items():
        units[fold_label(label)] = value

    titles: dict[str, list[int]] = {}
    for row, cells in rows:
        try:
            values = _row_values(cells, categories=categories, units=units, photos=archive)
        except BadCell as bad:
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
        text = cell_text(cells.get(column.key))
        if column.required and not text:
            raise BadCell("required", column=column.key)
        if column.max_length and len(text) > column.max_length:
            raise BadCell("too_long", column=column.key, max=column.max_length)
        values[column.key] = text
    data = {
        "title": values["title"],
        "description": cell_text(cells.get("description"))
        and str(cells.get("description")).strip(),
        "origin_commune": values["origin_commune"],
        "harvest_season": values["harvest_season"],
        "price": cell_price(cells["price"]),
        "num_in_stock": cell_whole(cells["num_in_stock"], key="num_in_stock", minimum=0),
    }
    category = categories.get(fold_label(values["category"]))
    if category is None:
        raise BadCell("unknown_category", value=values["category"])
    data["category"] = category
    if values["unit"]:
        if fold_label(values["unit"]) not in units:
            raise BadCell("unknown_unit", value=values["unit"])
        data["unit"] = units[fold_label(values["unit"])]
    if values["weight_grams"]:
        data["weight_grams"] = cell_whole(cells["weight_grams"], key="weight_grams", minimum=1)
    name = values["photo"]
    if name:
        if photos is None:
            raise BadCell("photo_without_zip", value=name)
        if name not in photos:
            raise BadCell("photo_missing", value=name)
        try:
            photo = zip_photo(photos, name)
        except ValidationError as error:
            raise BadCell("bad_photo", value=name, reason=error.code) from None
        data["photo"] = ContentFile(photo.content, name=f"photo.{photo.extension}")
        data["photo_name"] = name
    return data


def plan_summary(plan: Plan) -> dict:
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
