"""The roster template to download: an XLSX with the header row, an example and a guide."""

import io

from django.utils.translation import gettext_lazy as _

from mentoring import selectors
from mentoring.roster.columns import COLUMNS


def template_workbook(*, unit_code: str) -> bytes:
    """An XLSX with the header row, one example row and a sheet explaining each column."""
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách đoàn viên"
    sheet.append([column.header for column in COLUMNS])
    examples = {"org_unit": unit_code, "recorded_on": selectors.today()}
    sheet.append([examples.get(column.key, column.example) for column in COLUMNS])
    sheet.freeze_panes = "A2"
    lists = {
        "gender": '"Nam,Nữ,Khác"',
        "has_specialty_product": '"Có,Không,Chưa rõ"',
        "has_epayment_account": '"Có,Không,Chưa rõ"',
        "uses_public_services": '"Có,Không,Chưa rõ"',
        "consent_to_contact": '"Có,Không"',
    }
    for index, column in enumerate(COLUMNS, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 4)
        sheet[f"{letter}1"].font = Font(bold=True)
        if column.key in lists:
            validation = DataValidation(type="list", formula1=lists[column.key], allow_blank=True)
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}100000")
        if column.key in {"member_number", "phone", "org_unit"}:
            # Text, so Excel keeps leading zeros (0912…) instead of turning them into numbers.
            for cell in sheet[letter][1:]:
                cell.number_format = "@"
        if column.key == "recorded_on":
            sheet[f"{letter}2"].number_format = "DD/MM/YYYY"

    guide = workbook.create_sheet("Hướng dẫn")
    guide.append([str(_("Column")), str(_("What to write"))])
    guide["A1"].font = guide["B1"].font = Font(bold=True)
    for column in COLUMNS:
        guide.append([column.header, str(column.help)])
    guide.column_dimensions["A"].width = 34
    guide.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
