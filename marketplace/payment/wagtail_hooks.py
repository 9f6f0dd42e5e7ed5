from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_payment_actions(actions):
    """Labels for the audit trail of money received and refunded (see payment.services)."""
    actions.register_action("payment.received", _("Confirm payment received"), _("Received"))
    actions.register_action("payment.refund", _("Refund payment"), _("Refunded"))
