"""Oscar's order pages for staff, with no way around the money.

An order's status follows its money (Awaiting payment → Paid or Cancelled, Paid → Refunded),
and each move has effects that marketplace.payment.services carries out under the order lock:
money recorded, stock given back, card payments refunded. Oscar's forms would set the status
directly, or cancel a line without giving its stock back or changing what the buyer owes. So
here the status form and the bulk status action offer nothing (staff confirm and refund on the
payments page), a line is cancelled or sent through the same services as in the producer
portal, and payment events are written by those services only.
"""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.orders import views
from oscar.apps.dashboard.orders.views import *  # noqa: F403  the views we do not change

from config.spreadsheets import SafeCSVWriter
from marketplace.dashboard.orders.forms import OrderSearchForm
from marketplace.order import fulfilment
from marketplace.order.statuses import LineStatus
from marketplace.payment import services as payment_services
from marketplace.payment.methods import payment_method_or_none

# Stored in English, shown translated ({% trans status %}).
LINE_MOVES = (LineStatus.DISPATCHED, LineStatus.CANCELLED)


class NoStatusChoices(views.OrderStatusForm):
    """Oscar's status form with no status to choose: see the module docstring."""

    def __init__(self, order, *args, **kwargs):
        super().__init__(order, *args, **kwargs)
        self.fields["new_status"].choices = []


class OrderListView(views.OrderListView):
    actions = ("download_selected_orders",)
    form_class = OrderSearchForm  # the statuses in words (marketplace/dashboard/orders/forms.py)

    def download_selected_orders(self, request, orders):
        """Oscar's CSV of orders, through the site's one neutralising writer: buyers type
        their names and addresses (config.spreadsheets)."""
        response = HttpResponse(content_type="text/csv")
        response["Content-Disposition"] = (
            f"attachment; filename={self.get_download_filename(request)}"
        )
        writer = SafeCSVWriter(open_file=response)
        writer.writerow(self.CSV_COLUMNS.values())
        for order in orders:
            row_values = self.get_row_values(order)
            writer.writerow([row_values.get(column, "") for column in self.CSV_COLUMNS])
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["order_statuses"] = []  # no bulk status change
        return context


class OrderDetailView(views.OrderDetailView):
    order_actions = ("save_note", "delete_note")
    line_actions = ("change_line_statuses", "create_shipping_event")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["line_statuses"] = LINE_MOVES
        # The way to pay in words ("Chuyển khoản ngân hàng"), not its code; "" when unknown.
        # (Here, not on Order: the payment app reads orders, so orders do not import it.)
        method = payment_method_or_none(self.object.payment_method)
        context["payment_method_label"] = str(method.name) if method else ""
        return context

    def get_order_status_form(self):
        data = self.request.POST if self.request.method == "POST" else None
        return NoStatusChoices(order=self.object, data=data)

    def handle_order_action(self, request, order, action):
        if action == "change_order_status":
            return self.reload_page(error=_(
                "An order's status follows its payments: confirm money received or refund it "
                "on the payments page. Cancel items with the line actions."
            ))  # fmt: skip
        return super().handle_order_action(request, order, action)

    def change_line_statuses(self, request, order, lines, quantities):
        """Send or cancel whole lines, as producers do in the portal."""
        new_status = request.POST.get("new_status", "").strip()
        if new_status not in LINE_MOVES:
            return self.reload_page(error=_("Choose “Dispatched” or “Cancelled”."))
        try:
            if new_status == LineStatus.CANCELLED:
                payment_services.order_lines_cancel(
                    order=order, line_ids=[line.pk for line in lines], by=request.user
                )
            else:
                by_partner = defaultdict(list)
                for line in lines:
                    by_partner[line.partner].append(line)
                for partner, own in by_partner.items():
                    # A producer's lines only (the reverse one-to-one: no import of producers).
                    if getattr(partner, "producer", None) is None:
                        raise ValidationError(_("This line has no producer to send it."))
                    fulfilment.order_lines_dispatch(partner=partner, lines=own, by=request.user)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return self.reload_page()
        messages.success(request, _("The lines were updated."))
        return self.reload_page()
