from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

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
    actions.register_action(
        "producers.bank_account_change",
        _("Change the bank account"),
        _("Bank account changed after the password was typed again; the owners were emailed"),
    )
    actions.register_action("producers.product_approve", _("Approve product"), _("Approved"))
    actions.register_action("producers.lot_add", _("Record a lot"), _("Lot recorded"))
    actions.register_action("producers.lot_edit", _("Edit a lot"), _("Lot edited"))
    actions.register_action("producers.product_import", _("Import products"), _("Imported"))
    actions.register_action("producers.lines_dispatch", _("Send order lines"), _("Sent"))
    actions.register_action("producers.lines_cancel", _("Cancel order lines"), _("Cancelled"))
    actions.register_action(
        "producers.product_request_changes", _("Request changes to product"), _("Changes requested")
    )

    register_mentor_draft_actions(actions)


class _ForMemberFormatter(LogFormatter):
    """A mentor's action on behalf of a union member (producers.assisted): the entry's user is
    the mentor, and the message names the member by number."""

    message = ""

    def format_message(self, log_entry):
        return self.message % {"member": log_entry.data.get("on_behalf_of_member", "?")}


def register_mentor_draft_actions(actions):
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
    }
    for action, (label, message) in drafts.items():
        formatter = type("Formatter", (_ForMemberFormatter,), {"label": label, "message": message})
        actions.register_action(action)(formatter)
    actions.register_action(
        "producers.draft_confirmed",
        _("Producer confirms a mentor's draft"),
        _("Draft confirmed by the producer's own account"),
    )
