"""Checkout for a basket from many producers.

The steps are Oscar's (gateway → address → shipping → payment method → preview → place),
with shipping chosen per producer group and the order placed *before* any card payment: the
stock is reserved under a lock first, so a card is only ever charged for an order that exists
and whose units are held. A card order then waits for Stripe's webhook; the buyer's return
to the site never marks it paid.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.signing import BadSignature, Signer
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import generic
from oscar.apps.checkout import views
from oscar.apps.checkout.views import *  # noqa: F403  the steps we do not change
from oscar.core.loading import get_model

from legal.models import BUYER_KINDS
from legal.selectors import versions_in_force
from legal.services import TermsChanged
from marketplace.checkout.forms import GroupShippingForm, PaymentMethodForm
from marketplace.checkout.selectors import (
    buyer_address_initial,
    order_transfers_for_buyer,
    session_address_initial,
)
from marketplace.checkout.services import LinesSoldOut, OrderAlreadyPlaced, order_place
from marketplace.order.selectors import order_producer_groups, order_status_path
from marketplace.payment.methods import payment_method_get, payment_methods
from marketplace.shipping.methods import ByProducer
from marketplace.shipping.options import PICKUP, basket_shipping_groups
from places.forms import OldAddressForm

Order = get_model("order", "Order")


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
    """Oscar's address step in the two-tier form (province, commune or ward, street),
    starting from what the buyer typed in this checkout, else their saved or last address
    (Oscar only lists saved addresses beside an empty form). An address of before 1 July
    2025, saved or pasted into the form's box, is offered converted: the buyer checks it and
    presses Continue before it is used."""

    template_name = "checkout/shipping_address.html"

    def get_initial(self):
        fields = self.checkout_session.new_shipping_address_fields()
        if fields:
            self.start = session_address_initial(fields)
        else:
            self.start = buyer_address_initial(user=self.request.user)
        guest_phone = self.checkout_session.get_guest_phone()
        if guest_phone and not self.start.fields.get("phone_number"):
            # A guest already gave their phone at the first step: not asked for twice.
            self.start.fields["phone_number"] = guest_phone
        return self.start.fields

    def get_context_data(self, **kwargs):
        kwargs.setdefault("old_form", OldAddressForm())
        context = super().get_context_data(**kwargs)
        start = getattr(self, "start", None)
        context["place_converted"] = start is not None and start.converted
        context["place_unreadable"] = start is not None and start.unreadable
        return context

    def post(self, request, *args, **kwargs):
        if "convert" in request.POST and request.POST.get("old_address", "").strip():
            return self._convert_old_address(request)
        address_id = request.POST.get("address_id", "")
        if request.user.is_authenticated and address_id.isdigit():
            address = request.user.addresses.filter(pk=address_id).first()
            if address is not None and (address.place_to_confirm or address.commune_id is None):
                # Converted from the old map, or not readable: the buyer checks it first.
                messages.info(request, _("Check this address in today's form, then save it."))
                return redirect("checkout:user-address-update", pk=address.pk)
        return super().post(request, *args, **kwargs)

    def _convert_old_address(self, request):
        """Read the pasted old address and offer its new form, keeping what else was typed."""
        old_form = OldAddressForm(request.POST)
        typed = {
            name: request.POST.get(name, "")
            for name in ("first_name", "phone_number", "province", "commune", "line1", "notes")
        }
        if not old_form.is_valid():
            form = self.get_form_class()(initial=typed)
            return self.render_to_response(self.get_context_data(old_form=old_form, form=form))
        converted = old_form.converted
        initial = {
            **typed,
            "province": converted.province.code,
            "commune": converted.commune,
            "line1": converted.street or typed["line1"],
        }
        return self.render_to_response(
            self.get_context_data(
                form=self.get_form_class()(initial=initial),
                old_form=old_form,
                converted=converted,
            )
        )


class ShippingMethodView(views.ShippingMethodView):
    """One choice per producer: each producer offers its own options."""

    template_name = "checkout/shipping_methods.html"
    form_class = GroupShippingForm

    def _groups(self):
        address = self.get_shipping_address(self.request.basket)
        commune = address.commune if address is not None else None
        return basket_shipping_groups(self.request.basket, shipping_commune=commune)

    def _address_needs_commune(self) -> bool:
        """An address kept from before the two-tier form (in this checkout's session, or a
        saved one not yet checked) has no commune: the buyer gives it first."""
        address = self.get_shipping_address(self.request.basket)
        return address is not None and address.commune_id is None

    def get(self, request, *args, **kwargs):
        if not self.checkout_session.is_shipping_address_set():
            messages.error(request, _("Please choose a shipping address"))
            return redirect("checkout:shipping-address")
        if self._address_needs_commune():
            messages.info(
                request, _("Check your address in today's form: province, then commune or ward.")
            )
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
            for group in basket_shipping_groups(self.request.basket, shipping_commune=None)
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
        # What placing the order accepts: the versions in force as this page is shown; the
        # form carries their numbers, so a version coming into force meanwhile is noticed.
        in_force = versions_in_force()
        context["terms_versions"] = [in_force[k] for k in BUYER_KINDS if k in in_force]
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
                terms_shown={
                    kind: self.request.POST.get(f"terms_{kind}", "") for kind in BUYER_KINDS
                },
            )
        except TermsChanged as changed:
            return self.render_preview(self.request, error=changed.messages[0])
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
