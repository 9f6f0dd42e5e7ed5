"""Training sessions (with attendance and the practice shop), activities and teams."""

from django.db.models import Count
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.widgets.button import Button, ListingButton

from mentoring import practice_views, selectors
from mentoring.admin.picking import AttendanceImportView, AttendanceView, TeamMembersView
from mentoring.admin.scoping import (
    ScopedEditView,
    ScopedIndexView,
    ScopedModelViewSet,
    UnitScopedForm,
)
from mentoring.models import Activity, Team, TrainingSession
from producers.admin_columns import YesNoColumn

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


class ActivityViewSet(ScopedModelViewSet):
    model = Activity
    icon = "date"
    menu_order = 400
    url_prefix = "mentoring/activities"
    name = "mentoring_activities"
    ordering = "-held_on"
    list_display = ["title", "kind", "held_on", "unit_name", "participants"]
    list_filter = ["kind", "held_on"]
    search_fields = ["title"]
    list_export = ["title", "get_kind_display", "held_on", "unit_name", "participants"]
    export_headings = {"get_kind_display": _("Kind"), "unit_name": _("Org unit")}
    export_filename = "activities"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("kind"), FieldPanel("held_on")]),
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("org_unit"), FieldPanel("participants")]),
        ],
        base_form_class=UnitScopedForm,
    )

    def get_scoped_queryset(self, user):
        return selectors.activities_visible_to(user)


# --- Teams ---


class TeamViewSet(ScopedModelViewSet):
    model = Team
    icon = "group"
    menu_order = 500
    url_prefix = "mentoring/teams"
    name = "mentoring_teams"
    ordering = "name"
    pick_button = (_("Youth members"), "mentoring_teams:youth_members", "group")
    list_display = [
        "name",
        "kind",
        "unit_name",
        "size",
        "youth_count",
        YesNoColumn("youth_at_core", label=_("Youth are its core")),
    ]
    list_filter = ["kind", "youth_at_core"]
    search_fields = ["name"]
    list_export = ["name", "get_kind_display", "unit_name", "size", "youth_count", "youth_at_core"]
    export_headings = {"get_kind_display": _("Kind")}
    column_labels = {"unit_name": _("Org unit"), "youth_count": _("Youth members")}
    export_filename = "teams"
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("kind"), FieldPanel("name")]),
            FieldPanel("org_unit"),
            FieldRowPanel([FieldPanel("size"), FieldPanel("youth_at_core")]),
            FieldRowPanel([FieldPanel("founded_on"), FieldPanel("dissolved_on")]),
        ],
        base_form_class=UnitScopedForm,
    )

    def get_scoped_queryset(self, user):
        return selectors.teams_visible_to(user)

    def annotate_listing(self, queryset):
        return super().annotate_listing(queryset).annotate(youth_count=Count("youth_members"))

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("youth-members/<int:pk>/", TeamMembersView.as_view(), name="youth_members"),
        ]
