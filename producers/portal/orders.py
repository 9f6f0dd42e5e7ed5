"""The producer's orders: only their own lines; sending or cancelling them, and recording the
buyer's payment received or the money given back."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView

from marketplace.order.models import Order
from marketplace.order.statuses import LineStatus
from marketplace.payment import services as payment_services
from producers import fulfilment, selectors
from producers.forms import LineActionForm
from producers.portal.core import ProducerRequiredMixin


class OrderListView(ProducerRequiredMixin, ListView):
    """The producer's orders: only its own lines, newest first."""

    template_name = "producers/portal/orders.html"
    context_object_name = "orders"
    paginate_by = 20

    def get_queryset(self):
        return selectors.producer_order_list(producer=self.producer)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for order in context["orders"]:
            order.producer_part = selectors.producer_order_part(order=order)
        return context


class OrderDetailView(ProducerRequiredMixin, FormView):
    """One order: the producer's lines, the buyer's name, phone and delivery address, and the
    forms to mark lines sent or cancelled. Another producer's order number gives 404."""

    template_name = "producers/portal/order_detail.html"
    form_class = LineActionForm

    def get_order(self):
        if not hasattr(self, "order"):
            try:
                self.order = selectors.producer_order_detail(
                    producer=self.producer, number=self.kwargs["number"]
                )
            except Order.DoesNotExist as error:
                raise Http404 from error
        return self.order

    def get_form_kwargs(self):
        pending = [
            line for line in self.get_order().producer_lines if line.status == LineStatus.PENDING
        ]
        return {**super().get_form_kwargs(), "pending_lines": pending}

    def get_context_data(self, **kwargs):
        order = self.get_order()
        return {
            **super().get_context_data(**kwargs),
            "order": order,
            "part": selectors.producer_order_part(order=order),
        }

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            if data["action"] == "dispatch":
                fulfilment.order_lines_dispatch(
                    producer=self.producer,
                    lines=data["lines"],
                    by=self.request.user,
                    tracking_number=data["tracking_number"],
                )
            else:
                fulfilment.order_lines_cancel(
                    producer=self.producer, lines=data["lines"], by=self.request.user
                )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return redirect(self.request.path)


class PaymentReceivedView(ProducerRequiredMixin, View):
    """The producer confirms the buyer's transfer or cash for their part of an order arrived."""

    def post(self, request, number):
        try:
            order = selectors.producer_order_detail(producer=self.producer, number=number)
        except Order.DoesNotExist as error:
            raise Http404 from error
        for source in order.producer_sources:
            try:
                payment_services.source_received_confirm(
                    source_id=source.pk, by=request.user, partner=self.producer.partner
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                break
        else:
            messages.success(request, _("Thank you: the payment is recorded as received."))
        return redirect("portal:order", number=number)


class RefundGivenView(ProducerRequiredMixin, View):
    """The producer gave back to the buyer what was paid for lines cancelled afterwards."""

    def post(self, request, number):
        try:
            order = selectors.producer_order_detail(producer=self.producer, number=number)
        except Order.DoesNotExist as error:
            raise Http404 from error
        for source in order.producer_sources:
            payment_services.source_refund_due_record(
                source_id=source.pk, by=request.user, partner=self.producer.partner
            )
        messages.success(request, _("Thank you: the money given back is recorded."))
        return redirect("portal:order", number=number)
