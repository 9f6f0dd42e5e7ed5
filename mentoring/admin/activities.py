"""Training sessions (with attendance and the practice shop), activities and teams."""

from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button, ListingButton

from mentoring import practice_views, selectors, teams
from mentoring.admin.picking import (
    ActivityParticipantsView,
    AttendanceImportView,
    AttendanceView,
)
from mentoring.admin.scoping import (
    ScopedEditView,
    ScopedIndexView,
    ScopedModelViewSet,
    UnitScopedForm,
)
from mentoring.models import (
    Activity,
    ActivityEvidence,
    Member,
    Team,
    TeamMember,
    TrainingSession,
)

# --- Training sessions ---

PRACTICE_BUTTON = (_("Practice shop"), "mentoring_trainings:practice", "pick")


class TrainingIndexView(ScopedIndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        label, url_name, icon = PRACTICE_BUTTON
        url = reverse(url_name, args=[instance.pk])
        buttons.insert(1, ListingButton(label, url=url, icon_name=icon, priority=6))
        return buttons


class TrainingEditView(ScopedEditView):
    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        label, url_name, icon = PRACTICE_BUTTON
        url = reverse(url_name, args=[self.object.pk])
        buttons.insert(1, Button(label, url=url, icon_name=icon, priority=6))
        return buttons


class TrainingSessionViewSet(ScopedModelViewSet):
    model = TrainingSession
    index_view_class = TrainingIndexView
    edit_view_class = TrainingEditView
    icon = "calendar"
    menu_order = 300
    url_prefix = "mentoring/trainings"
    name = "mentoring_trainings"
    ordering = "-held_on"
    pick_button = (_("Attendance"), "mentoring_trainings:attendance", "tick")
    list_display = [
        "title",
        "topic",
        "held_on",
        "unit_name",
        "attendee_count",
    ]
    list_filter = ["topic", "held_on"]
    search_fields = ["title", "place", "trainers"]
    list_export = [
        "title",
        "get_topic_display",
        "held_on",
        "place",
        "unit_name",
        "trainers",
        "attendee_count",
    ]
    export_headings = {"get_topic_display": _("Topic")}
    column_labels = {"unit_name": _("Org unit"), "attendee_count": _("Attended")}
    export_filename = "training-sessions"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("topic"), FieldPanel("held_on")]),
            FieldPanel("title"),
            FieldPanel("org_unit"),
            FieldRowPanel([FieldPanel("place"), FieldPanel("trainers")]),
        ],
        base_form_class=UnitScopedForm,
    )

    def get_scoped_queryset(self, user):
        return selectors.trainings_visible_to(user)

    def annotate_listing(self, queryset):
        return super().annotate_listing(queryset).annotate(attendee_count=Count("attendees"))

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("attendance/<int:pk>/", AttendanceView.as_view(), name="attendance"),
            path(
                "attendance/<int:pk>/import/",
                AttendanceImportView.as_view(),
                name="attendance_import",
            ),
            *practice_views.urlpatterns,
        ]


# --- Activities ---


def _evidence_links(activity) -> str:
    return format_html_join(
        " ",
        '<a href="{}">{}</a>',
        (
            (reverse("mentoring_activities:evidence", args=[e.pk]), e.get_kind_display())
            for e in activity.evidence.all()
        ),
    )


def _participants_text(activity) -> str:
    if not activity.participant_count:
        return gettext("No participants recorded: not counted toward the target")
    return str(activity.participant_count + activity.other_participants)


class ActivityViewSet(ScopedModelViewSet):
    model = Activity
    icon = "date"
    menu_order = 400
    url_prefix = "mentoring/activities"
    name = "mentoring_activities"
    ordering = "-held_on"
    pick_button = (_("Participants"), "mentoring_activities:participants", "group")
    list_display = [
        "title",
        "kind",
        "held_on",
        "unit_name",
        Column("participants", label=_("Participants"), accessor=_participants_text),
        Column("evidence", label=_("Evidence"), accessor=_evidence_links),
    ]
    list_filter = ["kind", "held_on"]
    search_fields = ["title"]
    list_export = [
        "title",
        "get_kind_display",
        "held_on",
        "unit_name",
        "participant_count",
        "other_participants",
    ]
    export_headings = {"get_kind_display": _("Kind"), "unit_name": _("Org unit")}
    column_labels = {"unit_name": _("Org unit"), "participant_count": _("Members who came")}
    export_filename = "activities"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("kind"), FieldPanel("held_on")]),
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("org_unit"), FieldPanel("other_participants")]),
            InlinePanel(
                "evidence",
                heading=_("Evidence"),
                label=_("Photo or sign-in sheet"),
                panels=[FieldRowPanel([FieldPanel("kind"), FieldPanel("file")])],
            ),
        ],
        base_form_class=UnitScopedForm,
    )

    def get_scoped_queryset(self, user):
        return selectors.activities_visible_to(user)

    def annotate_listing(self, queryset):
        queryset = super().annotate_listing(queryset).prefetch_related("evidence")
        return queryset.annotate(participant_count=Count("attendees"))

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("participants/<int:pk>/", ActivityParticipantsView.as_view(), name="participants"),
            path("evidence/<int:pk>/", evidence_file, name="evidence"),
        ]


def evidence_file(request, pk):
    """An activity's evidence file, read from private storage for those who may see the
    activity (another unit's: 404)."""
    evidence = get_object_or_404(
        ActivityEvidence.objects.filter(activity__in=selectors.activities_visible_to(request.user)),
        pk=pk,
    )
    if not request.user.has_perm("mentoring.view_activity"):
        raise PermissionDenied
    name = PurePath(evidence.file.name).name
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=name)


# --- Teams ---


class TeamForm(UnitScopedForm):
    """A team with its member list: union members offered from the team's unit (and the
    units under it) as the person may see them, a resident's trainings from the trainings the
    person may see; the list checked by mentoring.teams.team_members_check."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if self.instance.pk and user is not None:
            units = selectors.subtree_ids(selectors.org_tree_on(), [self.instance.org_unit_id])
            members = selectors.members_visible_to(user).filter(org_unit_id__in=units)
        else:
            members = Member.objects.none()  # the unit is chosen first: saved, then filled in
        trainings = (
            selectors.trainings_visible_to(user)
            if user is not None
            else TrainingSession.objects.none()
        )
        formset = self.formsets["members"]
        base = formset.form

        class TeamMemberForm(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields["member"].queryset = members
                self.fields["member"].help_text = gettext(
                    "Union members of the team's unit (save a new team first to pick them)."
                )
                self.fields["trainings"].queryset = trainings
                self.fields["trainings"].help_text = gettext(
                    "For someone not on the roster: a union member's trainings come from "
                    "attendance."
                )

        formset.form = TeamMemberForm
        # A member listed twice is refused by team_members_check below, in the union's words
        # (Django's own check names the database columns: "team và member").
        formset.validate_unique = lambda: None

    def is_valid(self):
        valid = super().is_valid()
        people = [
            teams.Person(
                member_id=form.cleaned_data["member"].pk
                if form.cleaned_data.get("member")
                else None,
                full_name=form.cleaned_data.get("full_name", ""),
                phone=form.cleaned_data.get("phone", ""),
                role=form.cleaned_data.get("role") or TeamMember.Role.MEMBER,
            )
            for form in self.formsets["members"].forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]
        member_ids = [person.member_id for person in people if person.member_id]
        try:
            teams.team_members_check(
                team=self.instance,
                people=people,
                unit_member_ids=teams.unit_member_ids(self.instance, member_ids),
            )
        except ValidationError as error:
            self.add_error(None, error)
            return False
        return valid


def _core_text(team) -> str:
    core = teams.at_core(team)
    if core is None:
        if team.youth_at_core_reported:
            return gettext("Reported, not evidenced (no leader recorded)")
        return gettext("Not filled in")
    return gettext("Yes") if core else gettext("No")


def _trained_text(team) -> str:
    return gettext("Yes") if teams.all_trained(team) else gettext("No")


class TeamViewSet(ScopedModelViewSet):
    model = Team
    icon = "group"
    menu_order = 500
    url_prefix = "mentoring/teams"
    name = "mentoring_teams"
    ordering = "name"
    list_display = [
        "name",
        "kind",
        "unit_name",
        "people",
        "youth",
        Column("at_core", label=_("Youth at the core"), accessor=_core_text),
        Column("all_trained", label=_("100 % trained"), accessor=_trained_text),
    ]
    list_filter = ["kind"]
    search_fields = ["name"]
    list_export = ["name", "get_kind_display", "unit_name", "people", "youth", "trained"]
    export_headings = {"get_kind_display": _("Kind")}
    column_labels = {
        "unit_name": _("Org unit"),
        "people": _("People"),
        "youth": _("Youth"),
        "trained": _("Trained"),
    }
    export_filename = "teams"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("kind"), FieldPanel("name")]),
            FieldPanel("org_unit"),
            FieldRowPanel([FieldPanel("founded_on"), FieldPanel("dissolved_on")]),
            InlinePanel(
                "members",
                heading=_("Members"),
                label=_("Team member"),
                panels=[
                    FieldRowPanel([FieldPanel("member"), FieldPanel("role")]),
                    FieldRowPanel(
                        [FieldPanel("full_name"), FieldPanel("phone"), FieldPanel("birth_year")]
                    ),
                    FieldPanel("trainings"),
                ],
            ),
        ],
        base_form_class=TeamForm,
    )

    def get_scoped_queryset(self, user):
        return selectors.teams_visible_to(user)

    def annotate_listing(self, queryset):
        return teams.team_counts(super().annotate_listing(queryset), selectors.today())
