"""The "Mentoring" admin menu, its screens (mentoring.admin) and the roster import and
dashboard screens of their own modules, mounted here under /admin/mentoring/."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from mentoring import import_views, kpi_views, restructure_views, selling_views
from mentoring.admin.log_formatters import (
    ActivityParticipantsLogFormatter,
    AttendanceLogFormatter,
    EditLogFormatter,
    KpiReturnLogFormatter,
    KpiSubmitLogFormatter,
    PersonalDataExportFormatter,
    RestructureLogFormatter,
    TeamMembersLogFormatter,
)
from mentoring.admin.menu import MentoringLinkMenuItem, MentoringViewSetGroup
from mentoring.dashboard_views import urls as dashboard_urls
from mentoring.home_panel import union_home_panel


@hooks.register("register_admin_viewset")
def register_mentoring_viewsets():
    return MentoringViewSetGroup()


@hooks.register("register_admin_urls")
def register_mentoring_urls():
    return [
        path("mentoring/import/", include((import_views.urlpatterns, "mentoring_import"))),
        path(
            "mentoring/restructure/",
            include((restructure_views.urlpatterns, "mentoring_restructure")),
        ),
        path("mentoring/dashboard/", include((dashboard_urls.urlpatterns, "mentoring_dashboard"))),
        path("mentoring/quarters/", include((kpi_views.urlpatterns, "mentoring_kpi"))),
        path(
            "mentoring/online-shops/",
            include((selling_views.urlpatterns, "mentoring_shops")),
        ),
    ]


@hooks.register("construct_homepage_panels")
def add_union_home_panel(request, panels):
    """A mentor signs in to their union's figures and follow-up list, not an empty page."""
    if panel := union_home_panel(request.user):
        panels.append(panel)


@hooks.register("register_mentoring_menu_item")
def register_dashboard_menu_item():
    return MentoringLinkMenuItem(
        _("Dashboard"), "mentoring_dashboard:index", icon_name="view", order=100
    )


@hooks.register("register_mentoring_menu_item")
def register_kpi_menu_item():
    return MentoringLinkMenuItem(
        _("Indicator reports"), "mentoring_kpi:index", icon_name="doc-full", order=150
    )


@hooks.register("register_mentoring_menu_item")
def register_import_menu_item():
    return MentoringLinkMenuItem(
        _("Import member list"), "mentoring_import:index", icon_name="upload", order=250
    )


class _VerifierLinkMenuItem(MentoringLinkMenuItem):
    def is_shown(self, request):
        return selling_views.may_verify(request.user) and super().is_shown(request)


@hooks.register("register_mentoring_menu_item")
def register_shops_menu_item():
    return _VerifierLinkMenuItem(
        _("Shops to verify"), "mentoring_shops:index", icon_name="link", order=160
    )


class _StaffLinkMenuItem(MentoringLinkMenuItem):
    def is_shown(self, request):
        return restructure_views.may_restructure(request.user) and super().is_shown(request)


@hooks.register("register_mentoring_menu_item")
def register_restructure_menu_item():
    return _StaffLinkMenuItem(
        _("Restructure the tree"), "mentoring_restructure:index", icon_name="site", order=280
    )


@hooks.register("register_log_actions")
def register_mentoring_log_actions(actions):
    """Labels for the mentoring audit trail (see mentoring.admin and mentoring.services)."""
    actions.register_action(
        "mentoring.roster_import", _("Import member list"), _("Member list imported")
    )
    actions.register_action("mentoring.edit")(EditLogFormatter)
    actions.register_action("mentoring.attendance")(AttendanceLogFormatter)
    actions.register_action("mentoring.team_members")(TeamMembersLogFormatter)  # before 0021
    actions.register_action("mentoring.activity_participants")(ActivityParticipantsLogFormatter)
    actions.register_action(
        "mentoring.evaluation", _("Record the annual evaluation"), _("Annual evaluation recorded")
    )
    actions.register_action("mentoring.personal_data_export")(PersonalDataExportFormatter)
    actions.register_action(
        "mentoring.member_anonymise", _("Anonymise member"), _("Member anonymised")
    )
    actions.register_action("mentoring.kpi_submit")(KpiSubmitLogFormatter)
    actions.register_action(
        "mentoring.survey_answer", _("Answer the members' survey"), _("Survey answered")
    )
    actions.register_action(
        "mentoring.kpi_approve",
        _("Approve a report's indicators"),
        _("Report's indicators approved"),
    )
    actions.register_action("mentoring.kpi_return")(KpiReturnLogFormatter)
    actions.register_action("mentoring.restructure")(RestructureLogFormatter)
    actions.register_action(
        "mentoring.practice_open", _("Open the practice shop"), _("Practice shop opened")
    )
    actions.register_action(
        "mentoring.practice_join",
        _("Join a practice shop"),
        _("A trainee joined their practice shop"),
    )
    actions.register_action(
        "mentoring.practical_passed",
        _("Practical passed"),
        _("A trainee completed the practice shop and passed the practical"),
    )
    actions.register_action(
        "mentoring.member_password_reset",
        _("Set a new password for a member"),
        _("New password set for the member's account"),
    )
    actions.register_action(
        "mentoring.shop_record",
        _("Record a shop elsewhere"),
        _("The member recorded a shop on another platform"),
    )
    actions.register_action(
        "mentoring.shop_confirm",
        _("Confirm a shop elsewhere"),
        _("The member confirmed a shop their mentor recorded"),
    )
    actions.register_action(
        "mentoring.shop_remove",
        _("Remove a shop elsewhere"),
        _("The member took a shop off their list"),
    )
    actions.register_action(
        "mentoring.member_account_link",
        _("Link a member's account"),
        _("The member confirmed that an account is theirs"),
    )


class _ForMemberFormatter(LogFormatter):
    """A mentor's action on behalf of a union member (mentoring.assisted): the entry's user is
    the mentor, and the message names the member by number."""

    message = ""

    def format_message(self, log_entry):
        return self.message % {"member": log_entry.data.get("on_behalf_of_member", "?")}


@hooks.register("register_log_actions")
def register_mentor_draft_actions(actions):
    """The assisted listing's drafting (mentoring.assisted). The actions keep the "producers."
    prefix they were first logged under, so older entries keep their labels."""
    drafts = {
        "producers.draft_for_member": (
            _("Draft a producer profile for a member"),
            _("Producer profile drafted on behalf of member %(member)s"),
        ),
        "producers.draft_edit_for_member": (
            _("Edit a member's draft profile"),
            _("Draft profile edited on behalf of member %(member)s"),
        ),
        "producers.product_draft_for_member": (
            _("Draft a product for a member"),
            _("Product drafted on behalf of member %(member)s"),
        ),
        "mentoring.shop_record_for_member": (
            _("Record a shop elsewhere for a member"),
            _("Shop elsewhere recorded on behalf of member %(member)s"),
        ),
        "mentoring.shop_check": (
            _("Check a shop elsewhere (đã kiểm tra)"),
            _("Shop elsewhere of member %(member)s checked"),
        ),
    }
    for action, (label, message) in drafts.items():
        formatter = type("Formatter", (_ForMemberFormatter,), {"label": label, "message": message})
        actions.register_action(action)(formatter)
