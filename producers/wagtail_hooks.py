from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from producers.admin_views import IdentityViewSet, ProducerViewSet, ProductReviewViewSet


@hooks.register("register_admin_viewset")
def register_producer_viewset():
    return ProducerViewSet()


@hooks.register("register_admin_viewset")
def register_product_review_viewset():
    return ProductReviewViewSet()


@hooks.register("register_admin_viewset")
def register_identity_viewset():
    return IdentityViewSet()


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

    # A shop drafted for someone and taken over (producers.assisted); the drafting done for a
    # union member is labelled by mentoring's hooks.
    actions.register_action(
        "producers.draft_confirmed",
        _("Producer confirms a mentor's draft"),
        _("Draft confirmed by the producer's own account"),
    )
    # Seller identification (producers.identification).
    actions.register_action(
        "producers.identity_submit", _("Send seller identification"), _("Identification sent")
    )
    actions.register_action(
        "producers.identity_approve", _("Approve seller identification"), _("Seller identified")
    )
    actions.register_action(
        "producers.identity_refuse",
        _("Refuse seller identification"),
        _("Seller identification refused"),
    )
    actions.register_action(
        "producers.identity_documents_deleted",
        _("Delete identity documents"),
        _("Identity documents deleted after the period they are kept"),
    )
