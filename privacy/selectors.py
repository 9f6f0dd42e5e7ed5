"""Reads: what the site holds about one person, section by section."""

from __future__ import annotations

import datetime
import io
import json

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from config.spreadsheets import spreadsheet_cell
from privacy.models import DeletionRequest
from privacy.sections import Section


def personal_data_of(user) -> list[Section]:
    """Every section of CHOPHIEN_PRIVACY_SECTIONS that has something for `user`, in order."""
    sections = []
    for path in settings.CHOPHIEN_PRIVACY_SECTIONS:
        section = import_string(path)(user)
        if section is not None:
            sections.append(section)
    return sections


def personal_data_json(sections: list[Section]) -> bytes:
    document = {
        "generated_at": timezone.now().isoformat(),
        "sections": {
            section.key: {"title": str(section.title), "rows": section.rows} for section in sections
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2, default=str).encode()


def personal_data_xlsx(sections: list[Section]) -> bytes:
    """One sheet per section; a nested list (an order's lines) is one cell of JSON."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for section in sections:
        sheet = workbook.create_sheet(title=str(section.title)[:31])
        headings = list(dict.fromkeys(key for row in section.rows for key in row))
        sheet.append([spreadsheet_cell(heading) for heading in headings])
        for row in section.rows:
            sheet.append([spreadsheet_cell(_cell(row.get(key))) for key in headings])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value):
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def deletion_requests_open():
    return DeletionRequest.objects.filter(status=DeletionRequest.Status.OPEN).select_related("user")


def deletion_request_open_of(user) -> DeletionRequest | None:
    return DeletionRequest.objects.filter(user=user, status=DeletionRequest.Status.OPEN).first()


def age_in_days(request: DeletionRequest, *, now: datetime.datetime | None = None) -> int:
    return ((now or timezone.now()) - request.created_at).days
