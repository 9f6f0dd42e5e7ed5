from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from payouts import admin_views


@hooks.register("register_admin_urls")
def register_payouts_urls():
    return [path("payouts/", include((admin_views.urlpatterns, "payouts_admin")))]


@hooks.register("register_admin_viewset")
def register_withholding_rates():
    return admin_views.WithholdingRateViewSet()


class _PayoutsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_payouts_menu_item():
    return _PayoutsMenuItem(
        _("Payouts"), reverse("payouts_admin:index"), icon_name="doc-full", order=850
    )


@hooks.register("register_log_actions")
def register_payout_actions(actions):
    """Labels for the audit trail of payouts (payouts.services)."""
    actions.register_action("payouts.batch_create", _("Make a payout batch"), _("Batch made"))
    actions.register_action(
        "payouts.batch_export", _("Download the bank file"), _("Bank file downloaded")
    )
    actions.register_action("payouts.batch_cancel", _("Cancel a payout batch"), _("Cancelled"))
    actions.register_action("payouts.batch_paid", _("Mark a payout batch paid"), _("Paid"))
