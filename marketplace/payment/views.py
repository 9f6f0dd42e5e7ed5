"""Staff's page for an order's money: confirm a transfer or cash received, refund."""

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.core.loading import get_model

from marketplace.payment import services
from marketplace.payment.forms import RefundForm
from marketplace.payment.methods import payment_method_or_none

Order = get_model("order", "Order")


@method_decorator(staff_member_required(login_url="customer:login"), name="dispatch")
class OrderPaymentsView(generic.TemplateView):
    template_name = "payment/order_payments.html"

    def dispatch(self, request, *args, **kwargs):
        self.order = get_object_or_404(Order, number=kwargs["order_number"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sources = list(self.order.sources.select_related("partner", "source_type"))
        for source in sources:
            source.refund_form = RefundForm(
                initial={
                    "source": source.pk,
                    "amount": source.refund_due or source.amount_debited - source.amount_refunded,
                },
                prefix=f"refund-{source.pk}",
            )
        context.update(
            order=self.order,
            sources=sources,
            method=payment_method_or_none(self.order.payment_method),
            events=self.order.payment_events.select_related("event_type").order_by("pk"),
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            if "confirm" in request.POST:
                source = get_object_or_404(self.order.sources, pk=request.POST["confirm"])
                services.source_received_confirm(source_id=source.pk, by=request.user)
                messages.success(request, _("Payment recorded as received."))
            elif "refund" in request.POST:
                source_id = get_object_or_404(self.order.sources, pk=request.POST["refund"]).pk
                form = RefundForm(request.POST, prefix=f"refund-{source_id}")
                if not form.is_valid():
                    raise ValidationError(list(form.errors.values())[0])
                services.refund(
                    order=self.order,
                    source_id=source_id,
                    amount=form.cleaned_data["amount"],
                    by=request.user,
                )
                messages.success(request, _("Refund made."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("payments:order", order_number=self.order.number)
