"""The template to download: the header row, an example, the choices, and a sheet explaining
each column."""

import io

from django.utils.translation import gettext_lazy as _

from marketplace.catalogue.models import Product
from producers.product_import.columns import (
    COLUMNS,
    MAX_ROWS,
    SHEET_TITLE,
    import_categories,
    unit_labels,
)


def template_workbook() -> bytes:
    """An XLSX with the header row, an example row, the categories and units as drop-down
    choices (data validation from a list sheet), and a sheet explaining each column."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    categories = [category.name for category in import_categories()]
    units = list(unit_labels().values())
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append([column.header for column in COLUMNS])
    example = {
        "title": "Chè Shan Tuyết Tả Phìn – gói 200g",
        "category": categories[0] if categories else "",
        "price": 150000,
        "num_in_stock": 30,
        "unit": unit_labels()[Product.Unit.PACK],
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
