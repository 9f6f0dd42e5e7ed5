"""Roster import screens in the Wagtail admin: upload → dry run → commit → done.

Mounted by mentoring's wagtail_hooks under /cms-admin/mentoring/import/ with the namespace
"mentoring_import". The work itself is in mentoring.roster; large files go to a background
task (mentoring.tasks) and their page refreshes itself until the task is done.
"""

import functools

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, resolve_url
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from mentoring import selectors
from mentoring.models import LawfulBasis, OrgUnitRole, RosterImport
from mentoring.roster import committing
from mentoring.roster.columns import COLUMNS
from mentoring.roster.errors import RosterFileError, file_error_message, row_error_message
from mentoring.roster.reading import MAX_FILE_BYTES, read_table
from mentoring.roster.summary import field_label, value_label
from mentoring.roster.template import template_workbook
from mentoring.tasks import roster_import_enqueue

REFRESH_SECONDS = 2
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def may_import(user) -> bool:
    """Wagtail admin access, and either every unit or a role on at least one."""
    return (
        user.is_authenticated
        and user.is_active
        and user.has_perm("wagtailadmin.access_admin")
        and (selectors.can_see_everything(user) or OrgUnitRole.objects.filter(user=user).exists())
    )


def import_access(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(
                request.get_full_path(), resolve_url(settings.WAGTAILADMIN_LOGIN_URL)
            )
        if not may_import(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Member list"),
        help_text=_(
            "An Excel workbook (.xlsx) or a CSV file saved as “CSV UTF-8”, at most 50 MB. "
            "Nothing is imported yet: you will first see what would change."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    lawful_basis = forms.ChoiceField(
        label=_("Why the union holds these members' data"),
        help_text=_(
            "Recorded for each new member with your name and the date (Personal Data "
            "Protection Law). The members can see it."
        ),
        choices=LawfulBasis.choices,
        initial=LawfulBasis.UNION_TASKS,
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            error = RosterFileError("too_large", limit=MAX_FILE_BYTES // (1024 * 1024))
            raise ValidationError(error.message, code=error.code)
        data = upload.read()
        upload.seek(0)
        try:
            self.table = read_table(data, upload.name, header_only=True)
        except RosterFileError as error:
            raise ValidationError(error.message, code=error.code) from error
        return upload


@import_access
def upload(request):
    if request.method == "POST":
        form = RosterUploadForm(request.POST, request.FILES)
        if form.is_valid():
            roster_import = committing.roster_import_create(
                upload=form.cleaned_data["file"],
                user=request.user,
                lawful_basis=form.cleaned_data["lawful_basis"],
            )
            if committing.runs_in_background(form.table.estimated_rows):
                roster_import_enqueue(roster_import=roster_import, user=request.user, commit=False)
            else:
                committing.roster_import_check(roster_import=roster_import, user=request.user)
            return redirect("mentoring_import:detail", pk=roster_import.pk)
    else:
        form = RosterUploadForm()
    return TemplateResponse(
        request,
        "mentoring/import/upload.html",
        {
            "form": form,
            "columns": COLUMNS,
            "recent": committing.visible_imports(request.user).select_related("created_by")[:10],
            "background_rows": committing.BACKGROUND_ROWS,
        },
    )


@import_access
def template_file(request):
    unit = selectors.org_units_visible_to(request.user).filter(closed_on__isnull=True).first()
    data = template_workbook(unit_code=unit.code if unit else "ma-don-vi")
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-doan-vien.xlsx"'
    return response


def _get_import(request, pk) -> RosterImport:
    return get_object_or_404(committing.visible_imports(request.user), pk=pk)


@import_access
def detail(request, pk):
    roster_import = _get_import(request, pk)
    Status = RosterImport.Status
    summary = roster_import.summary or {}
    context = {"roster_import": roster_import, "summary": summary}
    if roster_import.status in {Status.PENDING, Status.CHECKING, Status.IMPORTING}:
        context["stale"] = committing.roster_import_is_stale(roster_import)
        context["refresh_seconds"] = REFRESH_SECONDS
        context["percent"] = (
            100 * roster_import.processed_rows // roster_import.total_rows
            if roster_import.total_rows
            else 0
        )
        return TemplateResponse(request, "mentoring/import/progress.html", context)
    context |= _result_context(summary)
    if roster_import.status == Status.DONE:
        return TemplateResponse(request, "mentoring/import/done.html", context)
    context["can_commit"] = roster_import.status == Status.CHECKED and not summary.get("rejected")
    return TemplateResponse(request, "mentoring/import/result.html", context)


def _result_context(summary: dict) -> dict:
    """The stored summary worded in the reader's language."""
    file_error = summary.get("file_error")
    errors = [
        {
            "row": error["row"],
            "code": error["code"],
            "member_number": error.get("member_number", ""),
            "column": field_label(error["column"]) if error.get("column") else "",
            "message": row_error_message(error),
        }
        for error in summary.get("errors", [])
    ]
    updated = [
        {
            **item,
            "changes": [
                {
                    "field": field_label(change["field"]),
                    "old": value_label(change["field"], change["old"]),
                    "new": value_label(change["field"], change["new"]),
                }
                for change in item["changes"]
            ],
        }
        for item in summary.get("updated", [])
    ]
    field_changes = [
        (field_label(field), count) for field, count in summary.get("field_changes", {}).items()
    ]
    return {
        "file_error": file_error_message(file_error) if file_error else "",
        "errors": errors,
        "errors_not_shown": max(0, summary.get("error_count", 0) - len(errors)),
        "created": summary.get("created", []),
        "created_not_shown": max(0, summary.get("create", 0) - len(summary.get("created", []))),
        "updated": updated,
        "updated_not_shown": max(0, summary.get("update", 0) - len(updated)),
        "field_changes": field_changes,
    }


@require_POST
@import_access
def commit(request, pk):
    roster_import = _get_import(request, pk)
    if roster_import.summary.get("rejected") or not committing.roster_import_claim_commit(
        roster_import=roster_import
    ):
        return redirect("mentoring_import:detail", pk=roster_import.pk)  # e.g. a double click
    if committing.runs_in_background(roster_import.total_rows):
        roster_import_enqueue(roster_import=roster_import, user=request.user, commit=True)
    else:
        committing.roster_import_commit(roster_import=roster_import, user=request.user)
    return redirect("mentoring_import:detail", pk=roster_import.pk)


@require_POST
@import_access
def recover(request, pk):
    """Retry or abandon an import whose run died with its process."""
    roster_import = _get_import(request, pk)
    abandon = request.POST.get("action") == "abandon"
    try:
        roster_import = committing.roster_import_recover(
            roster_import=roster_import, user=request.user, abandon=abandon
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("mentoring_import:detail", pk=roster_import.pk)
    if roster_import.status == RosterImport.Status.PENDING:  # a check to run again
        if committing.runs_in_background(roster_import.total_rows):
            roster_import_enqueue(roster_import=roster_import, user=request.user, commit=False)
        else:
            committing.roster_import_check(roster_import=roster_import, user=request.user)
    return redirect("mentoring_import:detail", pk=roster_import.pk)


urlpatterns = [
    path("", upload, name="upload"),
    path("", upload, name="index"),  # the name mentoring's admin menu links to
    path("template.xlsx", template_file, name="template"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/commit/", commit, name="commit"),
    path("<int:pk>/recover/", recover, name="recover"),
]
