"""Paying an order by card: Stripe.js on the card page (or the test-card step and its 3-D
Secure page), giving up on the card for another way to pay or for the basket, and Stripe's
webhook, the only word on "paid"."""

import logging

from csp.decorators import csp_update
from django import http
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import generic
from django.views.decorators.csrf import csrf_exempt

from marketplace.checkout.forms import TestCardForm
from marketplace.checkout.order_views import SignedOrderMixin, awaiting_card
from marketplace.checkout.services import order_basket_reopen
from marketplace.order.selectors import order_status_path
from marketplace.order.statuses import OrderStatus
from marketplace.payment import card_services, stripe_gateway
from marketplace.payment.methods import payment_method_or_none, payment_methods

logger = logging.getLogger(__name__)


# Stripe.js: its script, the frames of its card field and 3-D Secure, and its API. Only the
# card payment page gets them (Stripe's documented Content-Security-Policy).
STRIPE_JS_POLICY = {
    "script-src": ["https://js.stripe.com"],
    "frame-src": ["https://js.stripe.com", "https://hooks.stripe.com"],
    "connect-src": ["https://api.stripe.com"],
}


# Card payment pages are not wrapped in one transaction: the PaymentIntent's record must be
# committed before the card is confirmed, or the webhook could arrive before it exists.
@method_decorator(transaction.non_atomic_requests, name="dispatch")
@method_decorator(csp_update(STRIPE_JS_POLICY), name="dispatch")
class CardPaymentView(SignedOrderMixin, generic.FormView):
    template_name = "checkout/card_payment.html"
    form_class = TestCardForm

    def get(self, request, *args, **kwargs):
        if not awaiting_card(self.order):
            return redirect(order_status_path(self.order))
        self.intent = None
        if not settings.STRIPE_TEST_CARD_STEP:
            # Stripe.js confirms this intent in the browser; the card never touches our server.
            self.intent = stripe_gateway.intent_for_card_page(source=self.order.sources.get())
            if self.intent.status in stripe_gateway.GOING_THROUGH:
                return redirect(order_status_path(self.order))
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.intent = None
        if not awaiting_card(self.order):
            return redirect(order_status_path(self.order))
        return super().post(request, *args, **kwargs)

    def get_form(self, form_class=None):
        if not settings.STRIPE_TEST_CARD_STEP:
            return None
        return super().get_form(form_class)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["test_card_step"] = settings.STRIPE_TEST_CARD_STEP
        context["other_methods"] = self._other_methods()
        if self.intent is not None:
            context["client_secret"] = self.intent.client_secret
            context["publishable_key"] = settings.STRIPE_PUBLISHABLE_KEY
        return context

    def _other_methods(self):
        producers = [group.partner.producer for group in self.order.shipping_groups.all()]
        return [
            method
            for method in payment_methods()
            if method.code != "card" and not method.unavailable_reason(producers=producers)
        ]

    def form_valid(self, form):
        source = self.order.sources.get()
        try:
            payment_method = stripe_gateway.test_payment_method(form.cleaned_data["card"])
            intent = stripe_gateway.intent_create(source=source, payment_method=payment_method)
            intent = stripe_gateway.intent_confirm(intent.id)
        except stripe_gateway.CardDeclined:
            return self.render_to_response(
                self.get_context_data(
                    form=form,
                    declined=_(
                        "Your card was declined. Nothing was charged. Try another card, or "
                        "choose another way to pay below."
                    ),
                )
            )
        if intent.status == "requires_action":
            return redirect(
                "checkout:card-authenticate",
                order_number=self.order.number,
                hash=self.kwargs["hash"],
                intent_id=intent.id,
            )
        return redirect(order_status_path(self.order))


@method_decorator(transaction.non_atomic_requests, name="dispatch")
class CardAuthenticateView(SignedOrderMixin, generic.TemplateView):
    """The bank's 3-D Secure page, as the test-card step shows it (production: Stripe.js)."""

    template_name = "checkout/card_authenticate.html"

    def dispatch(self, request, *args, **kwargs):
        if not settings.STRIPE_TEST_CARD_STEP:
            raise http.Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if not awaiting_card(self.order):
            return self._no_longer_open()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        intent_id = kwargs["intent_id"]
        if not self.order.sources.filter(transactions__reference=intent_id).exists():
            raise http.Http404
        if not awaiting_card(self.order):
            # Cancelled (or paid) meanwhile, in another tab or by the unpaid-order release:
            # its intent is cancelled too, and Stripe would refuse to authenticate it.
            return self._no_longer_open()
        approved = request.POST.get("result") == "approve"
        try:
            stripe_gateway.test_authenticate(intent_id, success=approved)
        except stripe_gateway.stripe.StripeError:
            logger.warning("Order %s: 3-D Secure of %s refused", self.order.number, intent_id)
            return self._no_longer_open()
        if not approved:
            messages.error(
                request, _("The bank could not confirm it was you. Nothing was charged.")
            )
            return redirect(
                "checkout:card-payment", order_number=self.order.number, hash=kwargs["hash"]
            )
        return redirect(order_status_path(self.order))

    def _no_longer_open(self):
        messages.info(
            self.request,
            _(
                "This card payment is no longer waiting for the bank's check; the order page "
                "shows where it stands."
            ),
        )
        return redirect(order_status_path(self.order))


class PaymentMethodChangeView(SignedOrderMixin, generic.View):
    """Give up on the card (or VNPay) and pay another way: by bank transfer or cash on delivery
    (on to the thank-you page), or online the other way (on to its payment page)."""

    def post(self, request, *args, **kwargs):
        current = payment_method_or_none(self.order.payment_method)
        try:
            card_services.order_payment_method_change(
                order=self.order, code=request.POST.get("method", "")
            )
        except (ValidationError, KeyError):
            messages.error(request, _("That way to pay is not open to this order."))
            back = current.next_url(order=self.order) if current is not None else None
            return redirect(back or order_status_path(self.order))
        self.order.refresh_from_db()
        method = payment_method_or_none(self.order.payment_method)
        if method is not None and (next_url := method.next_url(order=self.order)):
            return redirect(next_url)
        request.session["checkout_order_id"] = self.order.pk
        return redirect("checkout:thank-you")


class ReturnToBasketView(SignedOrderMixin, generic.View):
    """Cancel an unpaid card order (or take one already released as unpaid) and put its lines
    in the buyer's open basket. The order's own basket is not reopened: see
    checkout.services.order_basket_reopen."""

    def post(self, request, *args, **kwargs):
        if self.order.status != OrderStatus.CANCELLED:
            try:
                card_services.order_unpaid_cancel(order=self.order)
            except ValidationError:
                return redirect(order_status_path(self.order))
        if order_basket_reopen(order=self.order, into=request.basket) is None:
            return redirect(order_status_path(self.order))
        messages.info(request, _("Your order was cancelled and your basket is as it was."))
        return redirect("basket:summary")


@method_decorator(csrf_exempt, name="dispatch")
@method_decorator(transaction.non_atomic_requests, name="dispatch")
class StripeWebhookView(generic.View):
    """Stripe's word on a payment. The signature is checked against the raw body."""

    def post(self, request, *args, **kwargs):
        try:
            event = stripe_gateway.event_construct(
                payload=request.body, signature=request.headers.get("Stripe-Signature", "")
            )
        except (ValueError, stripe_gateway.stripe.SignatureVerificationError):
            return http.HttpResponseBadRequest("invalid signature")
        try:
            card_services.stripe_event_handle(event)
        except card_services.MalformedEvent:
            logger.warning("Stripe webhook: a signed but malformed event", exc_info=True)
            return http.HttpResponseBadRequest("malformed event")
        return http.HttpResponse("ok")
