"""Picking members from a list: attendance (ticked, or imported from a file) and a team's
participants."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from mentoring import attendance_import, selectors, services, teams
from mentoring.admin.scoping import unit_choices
from mentoring.models import Attendance, Member
from mentoring.roster.errors import RosterFileError


class MemberPickForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("Members"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = choices


class MemberPickView(WagtailAdminTemplateMixin, FormView):
    """Tick members of one unit's subtree (the object's unit unless ?unit= narrows or widens
    it within what the person may see). Unticking takes off only members listed here."""

    template_name = "mentoring/admin/pick_members.html"
    form_class = MemberPickForm
    permission = ""
    index_url_name = ""
    edit_url_name = ""
    index_label = ""
    submit_label = _("Save")

    def object_queryset(self, user):
        raise NotImplementedError

    def current_members(self):
        raise NotImplementedError

    def save(self, members, offered):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        self.object = get_object_or_404(self.object_queryset(request.user), pk=kwargs["pk"])
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        self.units = unit_choices(request.user)
        visible = {pk for pk, _label in self.units}
        try:
            self.unit_id = int(request.GET.get("unit", ""))
        except ValueError:
            self.unit_id = self.object.org_unit_id
        if self.unit_id not in visible:
            self.unit_id = self.object.org_unit_id
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def name_query(self) -> str:
        return " ".join(self.request.GET.get("q", "").split())[:100]

    @cached_property
    def choices(self):
        unit_ids = selectors.subtree_ids(selectors.org_tree_on(), [self.unit_id])
        members = selectors.members_visible_to(self.request.user).filter(org_unit_id__in=unit_ids)
        if self.name_query:
            # A unit lists hundreds of members: the mentor finds one by name or number. Only the
            # members listed are offered, so saving a filtered list leaves the others as they are.
            members = members.filter(
                Q(full_name__icontains=self.name_query)
                | Q(member_number__icontains=self.name_query)
            )
        return members

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["choices"] = self.choices
        if self.request.method == "GET":
            kwargs["initial"] = {
                "members": list(self.current_members().values_list("pk", flat=True))
            }
        return kwargs

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": self.index_label},
            {"url": reverse(self.edit_url_name, args=[self.object.pk]), "label": str(self.object)},
            {"url": "", "label": self.get_page_title(), "sublabel": str(self.object)},
        ]

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ticked = {str(pk) for pk in (context["form"]["members"].value() or [])}
        current = self.current_members().filter(pk=OuterRef("pk"))
        # those already ticked first, so the list reads as "who was there" before "who else"
        listed = self.choices.annotate(
            unit_name=selectors.unit_name_subquery(), is_current=Exists(current)
        ).order_by("-is_current", "full_name")
        context.update(
            search_form=None,  # not Oscar's (see ScopedViewMixin.get_context_data)
            object=self.object,
            units=self.units,
            unit_id=self.unit_id,
            name_query=self.name_query,
            rows=[(member, str(member.pk) in ticked) for member in listed],
            current_count=self.current_members().count(),
            submit_label=self.submit_label,
        )
        return context

    def form_valid(self, form):
        offered = list(self.choices)
        try:
            result = self.save(form.cleaned_data["members"], offered)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("Saved: %(added)d added, %(removed)d taken off.")
            % {"added": len(result["added"]), "removed": len(result["removed"])},
        )
        return redirect(self.request.get_full_path())


class AttendanceView(MemberPickView):
    page_title = _("Attendance")
    header_icon = "tick"
    permission = "mentoring.change_trainingsession"
    index_url_name = "mentoring_trainings:index"
    edit_url_name = "mentoring_trainings:edit"
    index_label = _("Training sessions")
    submit_label = _("Save attendance")

    def object_queryset(self, user):
        return selectors.trainings_visible_to(user)

    def current_members(self):
        return self.object.attendees.all()

    def save(self, members, offered):
        return services.training_attendance_record(
            session=self.object, members=members, by=self.request.user, offered=offered
        )

    def get_context_data(self, **kwargs):
        import_url = reverse("mentoring_trainings:attendance_import", args=[self.object.pk])
        context = {**super().get_context_data(**kwargs), "import_url": import_url}
        # Evidence of training: who completed the practice shop's loop (mentoring.practice).
        passed = dict(
            Attendance.objects.filter(
                session=self.object, practical_passed_on__isnull=False
            ).values_list("member_id", "practical_passed_on")
        )
        for member, _ticked in context["rows"]:
            member.practical_passed_on = passed.get(member.pk)
        context["practical_column"] = True
        context["practice_url"] = reverse("mentoring_trainings:practice", args=[self.object.pk])
        return context


class AttendanceFileForm(forms.Form):
    file = forms.FileField(
        label=_("Sign-in sheet"),
        help_text=_(
            "An Excel workbook (.xlsx) or a CSV file with the columns “Số thẻ đoàn viên” and "
            "“Họ và tên”, as in the member list. Everyone listed is recorded as present."
        ),
    )


class AttendanceImportView(WagtailAdminTemplateMixin, FormView):
    """Record attendance from a file (mentoring.attendance_import): all rows or none."""

    page_title = _("Import attendance")
    header_icon = "upload"
    template_name = "mentoring/admin/attendance_import.html"
    form_class = AttendanceFileForm

    def dispatch(self, request, *args, **kwargs):
        visible = selectors.trainings_visible_to(request.user)
        self.object = get_object_or_404(visible, pk=kwargs["pk"])
        if not request.user.has_perm("mentoring.change_trainingsession"):
            raise PermissionDenied
        self.attendance_url = reverse("mentoring_trainings:attendance", args=[self.object.pk])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("mentoring_trainings:index"), "label": gettext("Training sessions")},
            {"url": self.attendance_url, "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "object": self.object,
            "attendance_url": self.attendance_url,
            "search_form": None,  # not Oscar's (see ScopedViewMixin.get_context_data)
        }

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            result = attendance_import.training_attendance_import(
                session=self.object, data=upload.read(), name=upload.name, by=self.request.user
            )
        except RosterFileError as error:
            form.add_error("file", error.message)
            return self.form_invalid(form)
        except attendance_import.AttendanceRowsRejected as rejected:
            return self.render_to_response(
                self.get_context_data(form=form, rejected_rows=rejected.rows)
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("Attendance imported: %(added)d added, %(already)d already recorded.")
            % {
                "added": len(result["added"]),
                "already": result["listed"] - len(result["added"]),
            },
        )
        return redirect(self.attendance_url)


class ActivityParticipantsView(MemberPickView):
    """Who came to an activity: members picked from its unit (others are a count on the
    activity's form)."""

    page_title = _("Participants")
    header_icon = "group"
    permission = "mentoring.change_activity"
    index_url_name = "mentoring_activities:index"
    edit_url_name = "mentoring_activities:edit"
    index_label = _("Activities")

    def object_queryset(self, user):
        return selectors.activities_visible_to(user)

    def current_members(self):
        return self.object.attendees.all()

    def save(self, members, offered):
        return teams.activity_participants_set(
            activity=self.object, members=members, by=self.request.user, offered=offered
        )
