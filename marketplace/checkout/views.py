"""Checkout for a basket from many producers.

The steps are Oscar's (gateway → address → shipping → payment method → preview → place),
with shipping chosen per producer group and the order placed *before* any card payment: the
stock is reserved under a lock first, so a card is only ever charged for an order that exists
and whose units are held. A card order then waits for Stripe's webhook; the buyer's return
to the site never marks it paid.
"""

import logging

from csp.decorators import csp_update
from django import http
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.core.signing import BadSignature, Signer
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import generic
from django.views.decorators.csrf import csrf_exempt
from oscar.apps.checkout import views
from oscar.apps.checkout.views import *  # noqa: F403  the steps we do not change
from oscar.core.loading import get_model

from core.qr import qr_png
from marketplace.checkout.forms import GroupShippingForm, PaymentMethodForm, TestCardForm
from marketplace.checkout.selectors import (
    buyer_address_initial,
    groups_ship_to_address,
    order_producer_groups,
    order_status_path,
    order_transfers_for_buyer,
)
from marketplace.checkout.services import (
    LinesSoldOut,
    OrderAlreadyPlaced,
    order_basket_reopen,
    order_place,
)
from marketplace.payment import services as payment_services
from marketplace.payment import stripe_gateway
from marketplace.payment.methods import (
    payment_method_get,
    payment_method_or_none,
    payment_methods,
)
from marketplace.payment.vietqr_blocks import order_transfer_blocks
from marketplace.shipping.methods import ByProducer
from marketplace.shipping.options import PICKUP, basket_shipping_groups

Order = get_model("order", "Order")
logger = logging.getLogger(__name__)


class IndexView(views.IndexView):
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["request"] = self.request
        guest = self.checkout_session.get_guest_email() or self.checkout_session.get_guest_phone()
        if guest:
            kwargs["initial"] = {"username": guest}
        return kwargs

    def form_valid(self, form):
        if form.is_guest_checkout():
            self.checkout_session.set_guest_email(form.guest_email)
            self.checkout_session.set_guest_phone(form.guest_phone)
        else:
            login(self.request, form.get_user())
        return redirect(self.get_success_url())


class ShippingAddressView(views.ShippingAddressView):
    """Oscar's address step, starting from the signed-in buyer's saved or last address
    (Oscar only lists saved addresses beside an empty form)."""

    def get_initial(self):
        return super().get_initial() or buyer_address_initial(user=self.request.user)


class ShippingMethodView(views.ShippingMethodView):
    """One choice per producer: each producer offers its own options."""

    template_name = "checkout/shipping_methods.html"
    form_class = GroupShippingForm

    def _groups(self):
        address = self.get_shipping_address(self.request.basket)
        district = address.line3 if address is not None else ""
        return basket_shipping_groups(self.request.basket, shipping_district=district)

    def get(self, request, *args, **kwargs):
        if not self.checkout_session.is_shipping_address_set():
            messages.error(request, _("Please choose a shipping address"))
            return redirect("checkout:shipping-address")
        self.groups = self._groups()
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self.groups = self._groups()
        return generic.FormView.post(self, request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = generic.FormView.get_form_kwargs(self)
        kwargs["groups"] = [group for group in self.groups if group.options]
        kwargs["chosen"] = self.checkout_session.group_options()
        return kwargs

    def get_context_data(self, **kwargs):
        context = generic.FormView.get_context_data(self, **kwargs)
        context["stranded_groups"] = [group for group in self.groups if not group.options]
        return context

    def form_valid(self, form):
        if any(not group.options for group in self.groups):
            return self.form_invalid(form)
        self.checkout_session.use_group_options(form.chosen_options())
        self.checkout_session.use_shipping_method(ByProducer.code)
        return redirect("checkout:payment-method")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form))


class PaymentMethodView(views.CheckoutSessionMixin, generic.FormView):
    """Choose how to pay; methods some producer cannot take are shown with the reason."""

    template_name = "checkout/payment_methods.html"
    form_class = PaymentMethodForm
    pre_conditions = [
        "check_basket_is_not_empty",
        "check_basket_is_valid",
        "check_user_email_is_captured",
        "check_shipping_data_is_captured",
    ]

    def _method_choices(self):
        producers = [
            group.producer
            for group in basket_shipping_groups(self.request.basket, shipping_district="")
        ]
        return [
            (method, method.unavailable_reason(producers=producers)) for method in payment_methods()
        ]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["methods"] = [method for method, reason in self._method_choices() if not reason]
        kwargs["initial"] = {"method": self.checkout_session.payment_method()}
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["method_choices"] = self._method_choices()
        return context

    def form_valid(self, form):
        self.checkout_session.pay_by(form.cleaned_data["method"])
        return redirect("checkout:preview")


class PaymentDetailsView(views.PaymentDetailsView):
    """The preview, and placing the order. No payment is taken here: see the module docstring."""

    template_name_preview = "checkout/preview.html"

    def get(self, request, *args, **kwargs):
        if not self.preview:
            return redirect("checkout:preview")
        return super().get(request, *args, **kwargs)

    def get_pre_conditions(self, request):
        return [
            "check_order_is_not_already_placed",
            *super().get_pre_conditions(request),
            "check_payment_method_is_chosen",
        ]

    def check_order_is_not_already_placed(self, request):
        """A second click on "Place order" that waited for the first (SQLite's one writer, a
        row lock on PostgreSQL) finds the basket spent, and the basket middleware a new, empty
        one: Oscar would say "add something to your basket". Say what happened and show the
        order the basket became, if the basket was this visitor's (their account's, or the
        guest's signed basket cookie)."""
        from oscar.apps.checkout.exceptions import FailedPreCondition

        posted = request.POST.get("basket", "")
        if request.method != "POST" or not posted.isdigit() or not request.basket.is_empty:
            return
        orders = Order.objects.filter(basket_id=int(posted))
        if request.user.is_authenticated:
            orders = orders.filter(user=request.user)
        elif _guest_basket_id(request) != posted:
            return
        if order := orders.order_by("-pk").first():
            raise FailedPreCondition(
                url=order_status_path(order), message=_("This order has already been placed.")
            )

    def check_payment_method_is_chosen(self, request):
        from oscar.apps.checkout.exceptions import FailedPreCondition

        code = self.checkout_session.payment_method()
        try:
            payment_method_get(code or "")
        except KeyError:
            raise FailedPreCondition(
                url=reverse("checkout:payment-method"),
                message=_("Please choose how you will pay"),
            ) from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["payment_method"] = payment_method_get(self.checkout_session.payment_method())
        context["guest_phone"] = self.checkout_session.get_guest_phone()
        choices = getattr(context.get("shipping_method"), "choices", [])
        context["ships_to_address"] = any(option.code != PICKUP for _group, option in choices)
        return context

    def submit(self, user, basket, shipping_address, shipping_method, shipping_charge,
               billing_address, order_total, payment_kwargs=None, order_kwargs=None,
               surcharges=None):  # fmt: skip
        code = self.checkout_session.payment_method()
        producers = [group.producer for group, _option in shipping_method.choices]
        reason = payment_method_get(code).unavailable_reason(producers=producers)
        if reason:
            messages.error(self.request, reason)
            return redirect("checkout:payment-method")
        try:
            order = order_place(
                basket=basket,
                user=user,
                order_number=self.generate_order_number(basket),
                shipping_address=shipping_address,
                shipping_method=shipping_method,
                shipping_charge=shipping_charge,
                order_total=order_total,
                payment_method_code=code,
                language=get_language() or settings.LANGUAGE_CODE,
                guest_email=self.checkout_session.get_guest_email() or "",
                guest_phone=self.checkout_session.get_guest_phone(),
                request=self.request,
            )
        except LinesSoldOut as sold_out:
            return self.render_preview(self.request, error=sold_out.message)
        except OrderAlreadyPlaced as placed:
            # A second click on "Place order" (or a second tab): the first one placed it.
            messages.info(self.request, _("This order has already been placed."))
            if placed.order is None:
                return redirect("basket:summary")
            return redirect(order_status_path(placed.order))
        self.checkout_session.flush()
        self.request.session["checkout_order_id"] = order.pk
        return redirect(payment_method_get(code).next_url(order=order) or "checkout:thank-you")


def _guest_basket_id(request) -> str | None:
    """The basket id a guest's signed basket cookie names (Oscar's BasketMiddleware)."""
    try:
        return str(Signer().unsign(request.COOKIES.get(settings.OSCAR_BASKET_COOKIE_OPEN, "")))
    except BadSignature:
        return None


class ThankYouView(views.ThankYouView):
    template_name = "checkout/thank_you.html"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        order = context["order"]
        context["transfers"] = order_transfers_for_buyer(order)
        context["groups"] = order_producer_groups(order)
        context["status_url"] = order_status_path(order)
        return context


class SignedOrderMixin:
    """Views reached by an order's signed link: whoever holds the link may pay for the order
    (a guest has no account to sign in with)."""

    def dispatch(self, request, *args, **kwargs):
        self.order = get_object_or_404(Order, number=kwargs["order_number"])
        if not self.order.check_verification_hash(kwargs["hash"]):
            raise http.Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["order"] = self.order
        context["status_url"] = order_status_path(self.order)
        context["hash"] = self.kwargs["hash"]
        return context


class OrderStatusView(SignedOrderMixin, generic.TemplateView):
    """The order's page for whoever holds its signed link (emailed, shown after checkout): no
    account needed. It shows no street or phone, in case the link is passed on."""

    template_name = "checkout/order_status.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["groups"] = order_producer_groups(self.order)
        # A producer the buyer collects from sends nothing to the address: "Deliver to" would
        # send a buyer who chose pickup waiting at home.
        context["ships_to_address"] = groups_ship_to_address(context["groups"])
        context["transfers"] = order_transfers_for_buyer(self.order)
        context["awaiting_card"] = _awaiting_card(self.order)
        context["payment_method"] = payment_method_or_none(self.order.payment_method)
        context["pay_url"] = (
            context["payment_method"].next_url(order=self.order)
            if context["payment_method"] is not None
            else None
        )
        context["can_reopen_basket"] = _can_reopen_basket(self.order)
        return context


class TransferQrView(SignedOrderMixin, generic.View):
    """One producer's VietQR code as a PNG to save: the buyer opens it from their photos in
    their banking app's "scan from image"."""

    def get(self, request, *args, **kwargs):
        block = next(
            (
                block
                for block in order_transfer_blocks(self.order)
                if block.source_id == kwargs["source_id"]
            ),
            None,
        )
        if block is None:
            raise http.Http404
        response = http.HttpResponse(qr_png(block.payload), content_type="image/png")
        filename = f"vietqr-{self.order.number}-{block.source_id}.png"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        return response


def _can_reopen_basket(order) -> bool:
    basket = order.basket
    return (
        order.status == payment_services.CANCELLED
        and basket is not None
        and basket.status == basket.FROZEN
    )


def _awaiting_card(order) -> bool:
    return order.payment_method == "card" and order.status == payment_services.AWAITING_PAYMENT


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
        if not _awaiting_card(self.order):
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
        if not _awaiting_card(self.order):
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
        if not _awaiting_card(self.order):
            return self._no_longer_open()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        intent_id = kwargs["intent_id"]
        if not self.order.sources.filter(transactions__reference=intent_id).exists():
            raise http.Http404
        if not _awaiting_card(self.order):
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
    """Give up on the card and pay by bank transfer or cash on delivery instead."""

    def post(self, request, *args, **kwargs):
        try:
            payment_services.order_payment_method_change(
                order=self.order, code=request.POST.get("method", "")
            )
        except (ValidationError, KeyError):
            messages.error(request, _("That way to pay is not open to this order."))
            return redirect(
                "checkout:card-payment", order_number=self.order.number, hash=kwargs["hash"]
            )
        request.session["checkout_order_id"] = self.order.pk
        return redirect("checkout:thank-you")


class ReturnToBasketView(SignedOrderMixin, generic.View):
    """Cancel an unpaid card order (or take one already released as unpaid) and put its lines
    in the buyer's open basket. The order's own basket is not reopened: see
    checkout.services.order_basket_reopen."""

    def post(self, request, *args, **kwargs):
        if self.order.status != payment_services.CANCELLED:
            try:
                payment_services.order_unpaid_cancel(order=self.order)
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
            payment_services.stripe_event_handle(event)
        except payment_services.MalformedEvent:
            logger.warning("Stripe webhook: a signed but malformed event", exc_info=True)
            return http.HttpResponseBadRequest("malformed event")
        return http.HttpResponse("ok")
