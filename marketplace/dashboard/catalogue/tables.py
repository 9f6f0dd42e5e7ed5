"""Oscar's product and category tables, with the selection column not sortable: Oscar leaves it
orderable, so its empty header is a link to ?sort=checkbox, which fails with a server error
(there is no such field to order by)."""

from django_tables2 import TemplateColumn
from oscar.apps.dashboard.catalogue import tables


class ProductTable(tables.ProductTable):
    checkbox = TemplateColumn(
        verbose_name="",
        template_name="oscar/dashboard/catalogue/product_row_checkbox.html",
        orderable=False,
    )


class CategoryTable(tables.CategoryTable):
    checkbox = TemplateColumn(
        verbose_name="",
        template_name="oscar/dashboard/catalogue/category_row_checkbox.html",
        orderable=False,
    )
