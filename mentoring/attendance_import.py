"""Attendance from a file: the sign-in sheet of a training, typed into Excel, with the columns of
the member list ("Số thẻ đoàn viên" and "Họ và tên"; others are ignored).

All or nothing, like the member list: a row whose number is unknown (or belongs to a member the
person may not see, which reads the same), or whose name does not match that member's, rejects
the whole file with the row named, so a typo in one number does not quietly tick someone else.
"""

import dataclasses

from django.db import transaction
from django.utils.translation import gettext as _

from core.text import fold_label
from mentoring import selectors, services
from mentoring.models import TrainingSession
from mentoring.roster.reading import read_table
from mentoring.roster.validation import _text


@dataclasses.dataclass
class RejectedRow:
    row: int
    member_number: str
    reason: str


class AttendanceRowsRejected(Exception):
    def __init__(self, rows: list[RejectedRow]):
        super().__init__(f"{len(rows)} rows rejected")
        self.rows = rows


@transaction.atomic
def training_attendance_import(*, session: TrainingSession, data: bytes, name: str, by) -> dict:
    """Add everyone listed in the file to the session's attendees (nobody is taken off).
    Raises RosterFileError for a file that cannot be read, AttendanceRowsRejected when
    any row is wrong; nothing is recorded then. Returns the members "added" (ids) and how many
    different members the file "listed"."""
    table = read_table(data, name)
    number_at, name_at = table.columns["member_number"], table.columns["full_name"]
    listed = [(row, _cell(cells, number_at), _cell(cells, name_at)) for row, cells in table.rows]
    visible = selectors.members_visible_to(by).filter(
        member_number__in={number for _row, number, _name in listed if number}
    )
    members = {member.member_number: member for member in visible}
    rejected, present = [], {}
    for row, number, full_name in listed:
        member = members.get(number)
        if not number:
            rejected.append(RejectedRow(row, number, _("The member number is empty.")))
        elif member is None:
            reason = _("No member with this number in the units you manage.")
            rejected.append(RejectedRow(row, number, reason))
        elif full_name and fold_label(full_name) != fold_label(member.full_name):
            reason = _("The name “%(file)s” is not the name of member %(number)s, “%(member)s”.")
            params = {"file": full_name, "number": number, "member": member.full_name}
            rejected.append(RejectedRow(row, number, reason % params))
        else:
            present[member.pk] = member  # listed twice is still one attendance
    if rejected:
        raise AttendanceRowsRejected(rejected)
    result = services.training_attendance_record(
        session=session, members=list(present.values()), by=by
    )
    return {**result, "listed": len(present)}


def _cell(cells: tuple, index: int) -> str:
    return _text(cells[index]) if index < len(cells) else ""
