"""Restructure screens in the Wagtail admin (provincial staff only): merge, split and close
units and move members in bulk from a mapping file, each from a chosen date, with a dry run
first and an all-or-nothing commit (the work is mentoring.restructure).

Mounted by mentoring's wagtail_hooks under /cms-admin/mentoring/restructure/ with the
namespace "mentoring_restructure". The dry run runs the same service and rolls it back; the
preview page posts the same fields again, hidden, with "confirm" to commit them.
"""

import functools
import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, resolve_url
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry

from core import tabular
from mentoring import restructure, selectors
from mentoring.admin.scoping import limit_unit_field
from mentoring.models import OrgUnit

MAX_FILE_BYTES = 5 * 1024 * 1024  # a mapping of every unit of a province is a few KB


def may_restructure(user) -> bool:
    return (
        user.is_authenticated
        and user.has_perm("wagtailadmin.access_admin")
        and selectors.can_see_everything(user)
    )


def restructure_access(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(
                request.get_full_path(), resolve_url(settings.WAGTAILADMIN_LOGIN_URL)
            )
        if not may_restructure(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class _UnitsForm(forms.Form):
    on = forms.DateField(
        label=_("Effective from"),
        help_text=_(
            "The first day of the new structure, in the past or the future. Reports for "
            "earlier days keep the units as they were."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field, forms.ModelMultipleChoiceField):
                choices = limit_unit_field(field, user)
                field.choices = choices
                field.widget.attrs["size"] = 12
            elif isinstance(field, forms.ModelChoiceField):
                limit_unit_field(field, user)


class MergeForm(_UnitsForm):
    title = _("Merge units")
    units = forms.ModelMultipleChoiceField(
        label=_("Units that close"), queryset=OrgUnit.objects.none()
    )
    into = forms.ModelChoiceField(label=_("Merged into"), queryset=OrgUnit.objects.none())
    field_order = ["units", "into", "on"]

    def run(self, *, by, dry_run: bool):
        data = self.cleaned_data
        kwargs = {"units": list(data["units"]), "into": data["into"], "on": data["on"], "by": by}
        return _run(restructure.units_merge, dry_run, **kwargs)


class SplitForm(_UnitsForm):
    title = _("Split a unit")
    unit = forms.ModelChoiceField(label=_("Unit that is split"), queryset=OrgUnit.objects.none())
    into = forms.ModelMultipleChoiceField(
        label=_("Units that share it out"), queryset=OrgUnit.objects.none()
    )
    primary = forms.ModelChoiceField(
        label=_("Main successor"),
        queryset=OrgUnit.objects.none(),
        help_text=_(
            "Takes the members, the units under it, the teams, targets and open reports. Move "
            "members to the other units afterwards with a mapping file or on their page."
        ),
    )
    field_order = ["unit", "into", "primary", "on"]

    def run(self, *, by, dry_run: bool):
        data = self.cleaned_data
        return _run(
            restructure.unit_split,
            dry_run,
            unit=data["unit"],
            into=list(data["into"]),
            primary=data["primary"],
            on=data["on"],
            by=by,
        )


class CloseForm(_UnitsForm):
    title = _("Close a unit")
    unit = forms.ModelChoiceField(label=_("Unit that closes"), queryset=OrgUnit.objects.none())
    successor = forms.ModelChoiceField(
        label=_("Taken over by"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=_("Leave empty only for a unit with nothing left: no members, units or teams."),
    )
    field_order = ["unit", "successor", "on"]

    def run(self, *, by, dry_run: bool):
        data = self.cleaned_data
        return _run(
            restructure.unit_close,
            dry_run,
            unit=data["unit"],
            successor=data["successor"],
            on=data["on"],
            by=by,
        )


class MappingForm(_UnitsForm):
    title = _("Move members in bulk")
    file = forms.FileField(
        label=_("Mapping file"),
        required=False,
        help_text=_(
            "An Excel workbook (.xlsx) or a CSV file (UTF-8): a heading row, then one row per "
            "unit, the old unit's code in the first column and the new unit's code in the second."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    close = forms.BooleanField(
        label=_("Close the old units (merge them into the new ones)"),
        required=False,
        initial=True,
        help_text=_("Unticked: only their members move; the units stay open."),
    )
    rows = forms.CharField(required=False, widget=forms.HiddenInput)  # the preview's rows
    field_order = ["file", "close", "on", "rows"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rows"):
            try:
                self.mapping = [restructure.MappingRow(*row) for row in json.loads(cleaned["rows"])]
            except (TypeError, ValueError):
                raise ValidationError(_("Upload the file again.")) from None
        elif cleaned.get("file"):
            self.mapping = _read_mapping(cleaned["file"])
        else:
            self.add_error("file", _("Choose a file."))
        if hasattr(self, "mapping"):
            cleaned["rows"] = json.dumps([[r.row, r.old, r.new] for r in self.mapping])
            self.data = self.data.copy()
            self.data["rows"] = cleaned["rows"]
        return cleaned

    def run(self, *, by, dry_run: bool):
        data = self.cleaned_data
        return _run(
            restructure.mapping_apply,
            dry_run,
            rows=self.mapping,
            on=data["on"],
            close=data["close"],
            by=by,
        )


def _read_mapping(upload) -> list[restructure.MappingRow]:
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError(tabular.MESSAGES["too_large"] % {"limit": MAX_FILE_BYTES // 2**20})
    data = upload.read()
    try:
        if tabular.upload_is_workbook(data, max_bytes=MAX_FILE_BYTES):
            with tabular.open_workbook(data) as workbook:
                cells, _last = workbook.cells(workbook.sheet_names[0], nrows=None)
                rows = list(tabular.within_limits(enumerate(cells, start=1)))
        else:
            rows = list(tabular.within_limits(tabular.csv_rows(data, sniff_lines=5).rows))
    except tabular.SpreadsheetRefused as error:
        message = tabular.MESSAGES.get(error.code, _("This file cannot be read."))
        raise ValidationError(message % error.params if error.params else message) from error
    except (KeyError, IndexError, ValueError) as error:
        raise ValidationError(_("This file cannot be read.")) from error

    def text(cells, index):
        value = cells[index] if len(cells) > index else None
        return "" if value is None else str(value).strip()

    return [
        restructure.MappingRow(number, text(cells, 0), text(cells, 1))
        for number, cells in rows[1:]  # the heading row
        if text(cells, 0) or text(cells, 1)
    ]


def _run(change, dry_run, **kwargs):
    return restructure.preview(change, **kwargs) if dry_run else change(**kwargs)


FORMS = {"merge": MergeForm, "split": SplitForm, "close": CloseForm, "move": MappingForm}


@restructure_access
def index(request):
    entries = ModelLogEntry.objects.filter(action=restructure.ACTION).select_related("user")
    seen, recent = set(), []
    for entry in entries.order_by("-timestamp")[:60]:  # one entry per unit touched
        key = (entry.timestamp.replace(microsecond=0), json.dumps(entry.data, sort_keys=True))
        if key not in seen:
            seen.add(key)
            recent.append(entry)
    return TemplateResponse(
        request,
        "mentoring/restructure/index.html",
        {"forms": [(kind, form.title) for kind, form in FORMS.items()], "recent": recent[:20]},
    )


@restructure_access
def change(request, kind):
    form_class = FORMS.get(kind)
    if form_class is None:
        raise PermissionDenied
    context = {"kind": kind, "title": form_class.title}
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, user=request.user)
        confirm = "confirm" in request.POST
        if form.is_valid():
            try:
                result = form.run(by=request.user, dry_run=not confirm)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                if confirm:
                    messages.success(request, gettext("The new structure is saved."))
                    return redirect("mentoring_restructure:index")
                context |= {"form": form, "result": result}
                return TemplateResponse(request, "mentoring/restructure/preview.html", context)
    else:
        form = form_class(user=request.user)
    context["form"] = form
    return TemplateResponse(request, "mentoring/restructure/form.html", context)


urlpatterns = [
    path("", index, name="index"),
    path("<slug:kind>/", change, name="change"),
]
