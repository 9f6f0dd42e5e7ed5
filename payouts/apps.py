from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PayoutsConfig(AppConfig):
    name = "payouts"
    verbose_name = _("Payouts")

    def ready(self):
        # The shop announces money it collected or gave back (marketplace.payment.signals);
        # it never names this app.
        from marketplace.payment.signals import payment_collected, payment_refunded
        from payouts import receivers

        payment_collected.connect(receivers.on_payment_collected, dispatch_uid="payouts.sale")
        payment_refunded.connect(receivers.on_payment_refunded, dispatch_uid="payouts.refund")
