from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from producers.admin_views import ProducerViewSet, ProductReviewViewSet


@hooks.register("register_admin_viewset")
def register_producer_viewset():
    return ProducerViewSet()


@hooks.register("register_admin_viewset")
def register_product_review_viewset():
    return ProductReviewViewSet()


@hooks.register("register_log_actions")
def register_producer_moderation_actions(actions):
    """Labels for the audit trail of producer moderation (see producers.services)."""
    actions.register_action("producers.submit", _("Submit producer for review"), _("Submitted"))
    actions.register_action("producers.approve", _("Approve producer"), _("Approved"))
    actions.register_action(
        "producers.request_changes", _("Request changes from producer"), _("Changes requested")
    )
    actions.register_action("producers.suspend", _("Suspend producer"), _("Suspended"))
    actions.register_action("producers.product_edit", _("Edit product"), _("Edited"))
    actions.register_action("producers.profile_edit", _("Edit producer profile"), _("Edited"))
    actions.register_action(
        "producers.selling_setup_edit", _("Edit payment and delivery"), _("Edited")
    )
    actions.register_action("producers.product_approve", _("Approve product"), _("Approved"))
    actions.register_action("producers.lines_dispatch", _("Send order lines"), _("Sent"))
    actions.register_action("producers.lines_cancel", _("Cancel order lines"), _("Cancelled"))
    actions.register_action(
        "producers.product_request_changes", _("Request changes to product"), _("Changes requested")
    )
