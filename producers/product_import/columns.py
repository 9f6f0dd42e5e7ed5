"""The product sheet's columns (their Vietnamese headers, which are required, how long they may
be), how many rows a sheet may hold, and the categories and units a row may name."""

import dataclasses

from django.utils import translation

from marketplace.catalogue.models import Category, Product

MAX_ROWS = 500
SHEET_TITLE = "Sản phẩm"


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


def import_categories():
    """The categories a product may be put in: the same the portal's product form offers."""
    return Category.objects.filter(depth=1, is_public=True).order_by("path")


def unit_labels() -> dict[str, str]:
    with translation.override("vi"):
        return {value: str(label) for value, label in Product.Unit.choices}
