"""The summary of a roster import shown on the dry-run and done pages."""

import datetime
from collections import Counter

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from mentoring.models import Member, TriState
from mentoring.roster.columns import COLUMNS_BY_KEY, TRI_STATE_FIELDS
from mentoring.roster.errors import RosterFileError, row_error_message
from mentoring.roster.planning import Plan

MAX_STORED_ERRORS = 1000  # the summary keeps the first ones; the count is always complete
MAX_STORED_SAMPLES = 500  # created and updated members listed on the dry-run page


def _file_summary(error: RosterFileError) -> dict:
    counts = dict.fromkeys(["total", "create", "update", "unchanged", "rejected", "transfer"], 0)
    return counts | {"errors": [], "file_error": error.as_dict()}


def _summary(plan: Plan) -> dict:
    field_changes = Counter(field for _row, _member, changes in plan.updates for field in changes)
    units = plan.units
    with translation.override(settings.LANGUAGE_CODE):
        errors = [
            error | {"message": row_error_message(error)}
            for error in plan.errors[:MAX_STORED_ERRORS]
        ]
    return {
        "total": plan.total,
        "create": len(plan.creates),
        "update": len(plan.updates),
        "unchanged": plan.unchanged,
        "rejected": len(plan.rejected_rows),
        "transfer": field_changes.get("org_unit_id", 0),
        "evaluations": len(plan.evaluations),
        "error_count": len(plan.errors),
        "errors": errors,
        "field_changes": {_public_field(f): n for f, n in field_changes.most_common()},
        "ignored_columns": plan.ignored_columns,
        "created": [
            {"row": row, "member_number": m.member_number, "full_name": m.full_name}
            for row, m in plan.creates[:MAX_STORED_SAMPLES]
        ],
        "updated": [
            {
                "row": row,
                "member_number": member.member_number,
                "full_name": member.full_name,
                "changes": [
                    {
                        "field": _public_field(field),
                        "old": _shown(field, getattr(member, field), units),
                        "new": _shown(field, new, units),
                    }
                    for field, new in changes.items()
                ],
            }
            for row, member, changes in plan.updates[:MAX_STORED_SAMPLES]
        ],
    }


def _public_field(field: str) -> str:
    return "org_unit" if field == "org_unit_id" else field


def _shown(field: str, value, units: dict):
    """A JSON-friendly value for the dry-run table: unit codes, dates as dd/mm/yyyy."""
    if field == "org_unit_id":
        return units[value].code if value in units else value
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return value


def field_label(field: str) -> str:
    """The name of a member field as the file's header writes it."""
    if field in COLUMNS_BY_KEY:
        return COLUMNS_BY_KEY[field].header
    for answer, recorded_on in TRI_STATE_FIELDS.items():
        if field == recorded_on:  # "Ngày ghi nhận (Có sản phẩm đặc sản)"
            return f"{COLUMNS_BY_KEY['recorded_on'].header} ({COLUMNS_BY_KEY[answer].header})"
    return str(Member._meta.get_field(field).verbose_name)


def value_label(field: str, value) -> str:
    """A stored value worded for the reader: "Nữ" rather than "female"."""
    if value in (None, ""):
        return "—"
    if field == "consent_to_contact":
        return str(_("Yes") if value else _("No"))
    if field == "gender":
        return str(Member.Gender(value).label)
    if field in TRI_STATE_FIELDS:
        return str(TriState(value).label)
    return str(value)
