from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from privacy import admin_views, services


@hooks.register("register_admin_urls")
def register_privacy_urls():
    return [path("privacy/", include((admin_views.urlpatterns, "privacy_admin")))]


class _DeletionRequestsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(services.HANDLE_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_privacy_menu_item():
    return _DeletionRequestsMenuItem(
        _("Deletion requests"), reverse("privacy_admin:index"), icon_name="warning", order=880
    )


@hooks.register("register_log_actions")
def register_privacy_actions(actions):
    actions.register_action(
        "privacy.deletion_requested", _("Ask for deletion"), _("Deletion asked for")
    )
    actions.register_action(
        "privacy.deletion_done", _("Carry out a deletion request"), _("Personal data deleted")
    )
