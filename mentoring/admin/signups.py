"""The assisted sign-up log of the volunteer teams (mentors and the "Volunteers" group, each
for their own units' subtrees), and the page with the members' survey QR to show at an
activity. Entries are saved through mentoring.answers.assisted_signup_record, which checks
the unit and the member on the server and records the evidence."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core.qr import qr_svg
from mentoring import answers, selectors
from mentoring.admin.scoping import (
    ScopedCreateView,
    ScopedEditView,
    ScopedIndexView,
    ScopedModelViewSet,
    UnitScopedForm,
)
from mentoring.models import AssistedSignup, MemberAnswer
from places.models import AdministrativeUnit
from places.selectors import communes_of, home_province


class AssistedSignupForm(UnitScopedForm):
    """The member is typed by number (a province has hundreds of thousands: no list), and must
    be one of the person's units'; the place is a commune or ward of the province today."""

    member_number = forms.CharField(
        label=_("Member number"),
        max_length=40,
        required=False,
        help_text=_("A member of your units. Leave empty for a resident who is not a member."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.member_id:
            self.fields["member_number"].initial = self.instance.member.member_number
        province = home_province()
        if "place" in self.fields:
            self.fields["place"].queryset = (
                communes_of(province) if province else AdministrativeUnit.objects.none()
            )

    def clean_member_number(self):
        number = self.cleaned_data.get("member_number", "").strip()
        if not number:
            return None
        member = (
            selectors.members_visible_to(self.for_user).filter(member_number__iexact=number).first()
        )
        if member is None:
            raise forms.ValidationError(gettext("No member of your units has this number."))
        return member

    def clean(self):
        cleaned = super().clean()
        member = cleaned.get("member_number")
        if member is None and not (cleaned.get("resident_name") or "").strip():
            if not self.has_error("member_number"):
                self.add_error(
                    "resident_name", gettext("Give the member's number or the resident's name.")
                )
        return cleaned

    def save(self, commit=True):
        self.instance.member = self.cleaned_data.get("member_number")
        return super().save(commit=commit)


class SaveThroughService:
    """Saved by the service (checks on the server, evidence), then logged as the other
    mentoring screens log their records."""

    log_action = "wagtail.create"

    def save_instance(self):
        instance = self.form.save(commit=False)
        self.check_unit(instance)
        instance = answers.assisted_signup_record(signup=instance, by=self.request.user)
        log(
            instance=instance,
            action=self.log_action,
            user=self.request.user,
            content_changed=True,
            data={"fields": list(self.form.changed_data)},
        )
        return instance


class SignupCreateView(SaveThroughService, ScopedCreateView):
    pass


class SignupEditView(SaveThroughService, ScopedEditView):
    log_action = "mentoring.edit"


class SignupIndexView(ScopedIndexView):
    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        buttons.append(
            HeaderButton(
                gettext("Members' survey QR"),
                url=reverse("mentoring_assisted_signups:survey_qr"),
                icon_name="view",
            )
        )
        return buttons


class SurveyQrView(WagtailAdminTemplateMixin, TemplateView):
    """The survey's address and QR, to show on a screen or print for an activity."""

    page_title = _("Members' survey")
    header_icon = "view"
    template_name = "mentoring/admin/survey_qr.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("mentoring.view_assistedsignup"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        url = self.request.build_absolute_uri(reverse("mentoring_survey:survey"))
        return {
            **super().get_context_data(**kwargs),
            "survey_url": url,
            "qr": qr_svg(url, label=gettext("QR code of the members' survey")),
            "search_form": None,
        }


class AssistedSignupViewSet(ScopedModelViewSet):
    model = AssistedSignup
    icon = "user"
    menu_label = _("Assisted sign-ups")
    menu_order = 450
    url_prefix = "mentoring/assisted-signups"
    name = "mentoring_assisted_signups"
    ordering = ["-done_on", "-pk"]
    index_view_class = SignupIndexView
    add_view_class = SignupCreateView
    edit_view_class = SignupEditView
    list_display = ["__str__", "task", "done_on", "unit_name"]
    list_filter = ["task", "done_on"]
    list_export = ["__str__", "get_task_display", "done_on", "unit_name"]
    export_headings = {"get_task_display": _("What was done"), "__str__": _("Entry")}
    export_filename = "assisted-signups"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("task"), FieldPanel("done_on")]),
            FieldPanel("member_number"),
            FieldRowPanel([FieldPanel("resident_name"), FieldPanel("resident_phone")]),
            FieldRowPanel([FieldPanel("org_unit"), FieldPanel("place")]),
            FieldPanel("note"),
        ],
        base_form_class=AssistedSignupForm,
    )

    def get_scoped_queryset(self, user):
        return answers.assisted_signups_visible_to(user).select_related("member")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("survey-qr/", SurveyQrView.as_view(), name="survey_qr"),
        ]


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Viewing only, whatever permissions the person holds (a superuser too): an answer is
    evidence, recorded by its own service and never edited."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and super().user_has_permission(user, "view")


class MemberAnswerViewSet(ScopedModelViewSet):
    """Every recorded answer with its source, date and who recorded it, read-only (answers
    are added by the roster import, the survey, the log and the member screen, never here):
    the evidence behind the two indicators, for the members of the person's units."""

    model = MemberAnswer
    icon = "tasks"
    menu_label = _("Members' answers")
    menu_order = 460
    url_prefix = "mentoring/answers"
    name = "mentoring_answers"
    ordering = ["-answered_on", "-pk"]
    inspect_view_enabled = False
    # Nobody holds add or change permissions on answers (0020): the form is never shown.
    form_fields = ["member", "question", "answer", "source", "answered_on"]
    list_display = ["member", "question", "answer", "source", "answered_on", "recorded_by"]
    list_filter = ["question", "answer", "source", "answered_on"]
    list_export = [
        "member",
        "get_question_display",
        "get_answer_display",
        "get_source_display",
        "answered_on",
    ]
    export_headings = {
        "get_question_display": _("Question"),
        "get_answer_display": _("Answer"),
        "get_source_display": _("Source"),
    }
    export_filename = "member-answers"

    def annotate_listing(self, queryset):
        return queryset

    def get_scoped_queryset(self, user):
        unit_ids = selectors.visible_unit_ids(user)
        queryset = MemberAnswer.objects.select_related("member", "recorded_by")
        if unit_ids is None:
            return queryset
        return queryset.filter(member__org_unit_id__in=unit_ids)


register_permission_policy(MemberAnswer, ReadOnlyPolicy(MemberAnswer))
