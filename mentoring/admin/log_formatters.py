"""How the mentoring audit trail's entries read in the site history."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter


class PersonalDataExportFormatter(LogFormatter):
    label = _("Export members' personal data")
    lists = {
        "members": _("the member list"),
        "figure": _("the members behind a dashboard figure"),
        "follow_up": _("the follow-up list"),
    }

    def format_message(self, log_entry):
        what = self.lists.get(log_entry.data.get("what"), log_entry.data.get("what"))
        return gettext("Exported %(what)s (%(format)s)") % {
            "what": what,
            "format": (log_entry.data.get("format") or "").upper(),
        }


class EditLogFormatter(LogFormatter):
    label = _("Edit")

    def format_message(self, log_entry):
        names = (log_entry.data or {}).get("fields") or []
        model = log_entry.content_type.model_class() if log_entry.content_type_id else None
        labels = []
        for name in names:
            try:
                labels.append(str(model._meta.get_field(name).verbose_name))
            except (AttributeError, FieldDoesNotExist):  # a form-only field, e.g. a unit's name
                labels.append(name.replace("_", " "))
        if not labels:
            return gettext("Saved with no changes")
        return gettext("Changed: %(fields)s") % {"fields": ", ".join(labels)}


class PickLogFormatter(LogFormatter):
    def format_message(self, log_entry):
        data = log_entry.data or {}
        return self.message % {
            "added": len(data.get("added", [])),
            "removed": len(data.get("removed", [])),
        }


class AttendanceLogFormatter(PickLogFormatter):
    label = _("Record attendance")
    message = _("Attendance: %(added)d added, %(removed)d taken off")


class TeamMembersLogFormatter(PickLogFormatter):
    label = _("Change team members")
    message = _("Youth members: %(added)d added, %(removed)d taken off")


class ActivityParticipantsLogFormatter(PickLogFormatter):
    label = _("Change activity participants")
    message = _("Participants: %(added)d added, %(removed)d taken off")


class KpiSubmitLogFormatter(LogFormatter):
    label = _("Submit a report's indicators")

    def format_message(self, log_entry):
        if (log_entry.data or {}).get("again"):
            return gettext("Report's indicators submitted again")
        return gettext("Report's indicators submitted")


class KpiReturnLogFormatter(LogFormatter):
    label = _("Send back a report's indicators")

    def format_message(self, log_entry):
        comment = (log_entry.data or {}).get("comment", "")
        return gettext("Report's indicators sent back: %(comment)s") % {"comment": comment}


class RestructureLogFormatter(LogFormatter):
    """A restructure (mentoring.restructure): what kind, from which date, and what moved."""

    label = _("Restructure the union's tree")
    kinds = {
        "merge": _("Merged"),
        "split": _("Split"),
        "close": _("Closed"),
        "move": _("Members moved"),
    }

    def format_message(self, log_entry):
        data = log_entry.data or {}
        parts = []
        for hand_over in data.get("hand_overs", []):
            if hand_over.get("into_name"):
                parts.append(
                    gettext("%(unit)s into %(into)s (%(members)d members, %(units)d units)")
                    % {
                        "unit": hand_over["unit_name"],
                        "into": hand_over["into_name"],
                        "members": hand_over.get("members", 0),
                        "units": len(hand_over.get("child_units", [])),
                    }
                )
            else:
                parts.append(hand_over["unit_name"])
        for move in data.get("moves", []):
            parts.append(
                gettext("%(members)d members from %(from)s to %(to)s")
                % {"members": move["members"], "from": move["from"], "to": move["to"]}
            )
        kind = self.kinds.get(data.get("kind"), data.get("kind", ""))
        return gettext("%(kind)s from %(day)s: %(what)s") % {
            "kind": kind,
            "day": data.get("on", ""),
            "what": "; ".join(parts),
        }
