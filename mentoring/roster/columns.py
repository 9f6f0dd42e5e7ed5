"""The roster's columns: their headings (and the other names a union's file uses for them),
which are required, and the help the template gives."""

import dataclasses
from typing import Any

from django.utils.translation import gettext_lazy as _

from core.text import fold_label


@dataclasses.dataclass(frozen=True)
class Column:
    key: str
    header: str  # as the union's Excel lists write it; the file's language, never translated
    aliases: tuple[str, ...]
    help: Any  # what goes in it, for the upload page and the template's instructions
    required: bool = False  # the whole file is rejected without this column
    example: Any = ""


COLUMNS = [
    Column(
        "member_number",
        "Số thẻ đoàn viên",
        ("so the", "ma doan vien", "member number", "member no", "number"),
        _("Required. Rows are matched to members on this number."),
        required=True,
        example="DV-000123",
    ),
    Column(
        "full_name",
        "Họ và tên",
        ("ho ten", "ho va ten doan vien", "full name", "name"),
        _("Required."),
        required=True,
        example="Lý Thị Mai",
    ),
    Column(
        "birth_year",
        "Năm sinh",
        ("birth year", "year of birth"),
        _("A year from 1940 to 2020 (a full date of birth also works)."),
        example=2001,
    ),
    Column("gender", "Giới tính", ("gender", "sex"), _("Nam, Nữ or Khác."), example="Nữ"),
    Column(
        "ethnicity", "Dân tộc", ("ethnicity",), _("For example Kinh, Dao, H'Mông."), example="Dao"
    ),
    Column(
        "phone",
        "Số điện thoại",
        ("dien thoai", "sdt", "phone", "phone number"),
        _("A Vietnamese phone number, for example 0912 345 678."),
        example="0912 345 678",
    ),
    Column(
        "org_unit",
        "Mã đơn vị",
        ("org unit", "org unit code", "unit code", "unit"),
        _("The code of an open org unit you manage."),
    ),
    Column(
        "has_specialty_product",
        "Có sản phẩm đặc sản",
        ("has specialty product",),
        _("Có, Không or Chưa rõ."),
        example="Có",
    ),
    Column(
        "specialty_product",
        "Sản phẩm đặc sản",
        ("specialty product",),
        _("Which specialty product, in a few words."),
        example="Mật ong bạc hà",
    ),
    Column(
        "has_epayment_account",
        "Có tài khoản thanh toán điện tử",
        ("has epayment account", "has e payment account"),
        _("Có, Không or Chưa rõ."),
        example="Không",
    ),
    Column(
        "uses_public_services",
        "Dùng dịch vụ công trực tuyến",
        ("uses public services", "uses online public services"),
        _("Có, Không or Chưa rõ."),
        example="Có",
    ),
    Column(
        "recorded_on",
        "Ngày ghi nhận",
        ("recorded on", "date recorded", "survey date"),
        _(
            "The day the three answers above were collected (dd/mm/yyyy). Empty means today. "
            "Only answers that change get this date."
        ),
    ),
    Column(
        "consent_to_contact",
        "Đồng ý liên hệ",
        ("consent to contact", "agrees to be contacted", "consent"),
        _("Có or Không."),
        example="Có",
    ),
    # The members' annual evaluation (optional): the union's classification for a year.
    Column(
        "evaluation",
        "Xếp loại chất lượng đoàn viên",
        ("xep loai", "xep loai doan vien", "xep loai chat luong", "evaluation", "classification"),
        _(
            "Optional: Hoàn thành xuất sắc nhiệm vụ, Hoàn thành tốt nhiệm vụ, Hoàn thành nhiệm "
            "vụ or Không hoàn thành nhiệm vụ, with the year in the next column."
        ),
        example="Hoàn thành tốt nhiệm vụ",
    ),
    Column(
        "evaluation_year",
        "Năm xếp loại",
        ("nam danh gia", "evaluation year", "year evaluated"),
        _("The year the classification is for, e.g. 2025. Needed with a classification."),
        example=2025,
    ),
]
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
# Columns that are not the member's own fields: written as MemberEvaluation rows.
EVALUATION_KEYS = ("evaluation", "evaluation_year")
TRI_STATE_FIELDS = {
    "has_specialty_product": "specialty_recorded_on",
    "has_epayment_account": "epayment_recorded_on",
    "uses_public_services": "public_services_recorded_on",
}
NEEDED_FOR_NEW = ["birth_year", "gender", "org_unit"]


_HEADER_KEYS = {
    fold_label(name): column.key
    for column in COLUMNS
    for name in (column.header, column.key, *column.aliases)
}
