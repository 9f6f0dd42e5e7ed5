from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from complaints import admin_views


@hooks.register("register_admin_urls")
def register_complaints_urls():
    return [path("complaints/", include((admin_views.urlpatterns, "complaints_admin")))]


class _ComplaintsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_complaints_menu_item():
    return _ComplaintsMenuItem(
        _("Complaints"), reverse("complaints_admin:index"), icon_name="warning", order=860
    )


@hooks.register("register_log_actions")
def register_complaint_actions(actions):
    """Labels for the audit trail of complaints (complaints.services), logged on the order."""
    actions.register_action("complaints.open", _("Open a complaint"), _("Complaint opened"))
    actions.register_action("complaints.answer", _("Answer a complaint"), _("Complaint answered"))
    actions.register_action(
        "complaints.refund", _("Uphold a complaint with a refund"), _("Complaint refunded")
    )
    actions.register_action("complaints.reject", _("Reject a complaint"), _("Complaint rejected"))
