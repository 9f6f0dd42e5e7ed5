from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_payment_actions(actions):
    """Labels for the audit trail of money received and refunded (see payment.services)."""
    actions.register_action("payment.received", _("Confirm payment received"), _("Received"))
    actions.register_action(
        "payment.bank_feed",
        _("Payment confirmed by the bank feed"),
        _("Confirmed by the bank feed"),
    )
    actions.register_action(
        "payment.bank_feed_resolve",
        _("Bank transaction set aside"),
        _("Bank transaction set aside"),
    )
    actions.register_action("payment.refund", _("Refund payment"), _("Refunded"))
    actions.register_action(
        "payment.refund_due", _("Refund due from the producer"), _("Refund due recorded")
    )
