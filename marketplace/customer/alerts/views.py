"""Oscar's stock alerts, throttled: an anonymous visitor's alert mails a confirmation to any
address typed, so one client may ask only a few an hour, and one address receive only a few
(accounts.throttling.throttle_hit, in the cache every app process shares)."""

from django.utils.translation import gettext_lazy as _
from oscar.apps.customer.alerts import views
from oscar.apps.customer.alerts.views import *  # noqa: F403  the views we do not change

from accounts.throttling import client_ip, throttle_hit

ALERT_LIMITS = {"ip": 5, "address": 2}
ALERT_WINDOW = 60 * 60


class ProductAlertCreateView(views.ProductAlertCreateView):
    def form_valid(self, form):
        if not self.request.user.is_authenticated:
            over = throttle_hit(
                scope="stock-alert",
                keys={
                    "ip": client_ip(self.request),
                    "address": form.cleaned_data["email"].strip().lower(),
                },
                limits=ALERT_LIMITS,
                window=ALERT_WINDOW,
            )
            if over:
                form.add_error(None, _("Too many requests. Please try again in an hour."))
                return self.form_invalid(form)
        return super().form_valid(form)
