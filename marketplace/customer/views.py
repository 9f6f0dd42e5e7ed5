"""Oscar's customer views, with four changed: the order's page (as its signed link shows it),
the order line view (re-ordering one line), signing out (POST only) and the sign-in page (not
one transaction)."""

from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from oscar.apps.customer.views import *  # noqa: F403  Oscar's get_class looks here first
from oscar.apps.customer.views import AccountAuthView as CoreAccountAuthView
from oscar.apps.customer.views import LogoutView as CoreLogoutView
from oscar.apps.customer.views import OrderDetailView as CoreOrderDetailView
from oscar.apps.customer.views import OrderLineView as CoreOrderLineView

from marketplace.checkout.order_views import order_page_context


# Checking a password takes the hasher's deliberate ~0.3 s of CPU (also for unknown accounts,
# against timing attacks). Inside the request's transaction, SQLite's one write lock was held
# all that time by every sign-in, right or wrong, and other writers queued behind it until
# "database is locked". Its writes (django-axes' failure record, last_login, the session) are
# single statements; registering, which writes several rows, keeps a transaction of its own.
@method_decorator(transaction.non_atomic_requests, name="dispatch")
class AccountAuthView(CoreAccountAuthView):
    def validate_registration_form(self):
        with transaction.atomic():
            return super().validate_registration_form()


class OrderDetailView(CoreOrderDetailView):
    """The order's page in the buyer's account shows what its signed link's page shows
    (order_page_context): how it is paid, what is still to pay and who was paid."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **order_page_context(self.object)}


class OrderLineView(CoreOrderLineView):
    """Oscar looks the line up with `.get()`, so another order's line id under one's own order
    number was a server error instead of a 404; and a GET wanted a template Oscar does not ship
    (another server error). The line is found among the order's lines or 404, and a GET goes to
    the order's page, where its lines are shown."""

    def get_object(self, queryset=None):
        order = get_object_or_404(
            Order,  # noqa: F405
            user=self.request.user,
            number=self.kwargs["order_number"],
        )
        return get_object_or_404(order.lines, id=self.kwargs["line_id"])

    def get(self, request, *args, **kwargs):
        line = self.get_object()
        return redirect("customer:order", order_number=line.order.number)


class LogoutView(CoreLogoutView):
    """Oscar signs out on a GET, so any page (an <img> in a product description, a link in a
    chat) could sign a buyer out. Only a POST with the CSRF token does (the top bar's form),
    as Django's own LogoutView and the dashboard's."""

    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # The offline copies the service worker kept (static/js/sw.js) were taken while this
        # person was signed in: on a shared phone the next one must not see them offline.
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
