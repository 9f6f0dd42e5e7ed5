"""Paying an order through VNPay: our page that sends the buyer to VNPay's (or lets them pay
another way), their return from VNPay (shown, never trusted), and VNPay's IPN, the only word on
"paid"."""

import logging
from urllib.parse import urlsplit

from django import http
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import generic
from django.views.decorators.csrf import csrf_exempt

from marketplace.checkout.order_views import SignedOrderMixin
from marketplace.order.selectors import order_status_path
from marketplace.payment import vnpay_gateway, vnpay_services
from marketplace.payment.methods import payment_methods

logger = logging.getLogger(__name__)


def _vnpay_origin() -> str:
    parts = urlsplit(settings.VNPAY_PAYMENT_URL)
    return f"{parts.scheme}://{parts.netloc}"


class VNPayPaymentView(SignedOrderMixin, generic.TemplateView):
    """The order's amount, a button to VNPay's page and the other ways to pay. The button posts
    here and the answer redirects to VNPay: a form's redirect to another site is governed by
    the page's Content-Security-Policy `form-action`, which this page alone widens to VNPay."""

    template_name = "checkout/vnpay_payment.html"

    def get(self, request, *args, **kwargs):
        if not vnpay_services.awaiting_vnpay(self.order):
            return redirect(order_status_path(self.order))
        return self._page()

    def post(self, request, *args, **kwargs):
        if not vnpay_gateway.is_configured():
            messages.error(request, _("VNPay payments are not set up on this site."))
            return self._page()
        try:
            url = vnpay_services.vnpay_payment_start(
                order=self.order,
                return_url=request.build_absolute_uri(reverse("checkout:vnpay-return")),
                ip_addr=request.META.get("REMOTE_ADDR") or "127.0.0.1",
                language=get_language() or settings.LANGUAGE_CODE,
            )
        except ValidationError:
            return redirect(order_status_path(self.order))
        return redirect(url)

    def _page(self):
        response = self.render_to_response(self.get_context_data())
        response._csp_update = {"form-action": [_vnpay_origin()]}
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        producers = [group.partner.producer for group in self.order.shipping_groups.all()]
        context["other_methods"] = [
            method
            for method in payment_methods()
            if method.code != vnpay_services.CODE
            and not method.unavailable_reason(producers=producers)
        ]
        return context


class VNPayReturnView(generic.View):
    """The buyer's browser back from VNPay, with its signed result. It tells the buyer what
    VNPay said and sends them on; the order changes only by the IPN."""

    def get(self, request, *args, **kwargs):
        result = vnpay_services.vnpay_return_read(request.GET)
        if result is None:
            return render(request, "checkout/vnpay_return_invalid.html", status=400)
        order = result.order
        if result.paid:
            messages.success(
                request,
                _(
                    "VNPay reports your payment went through. Your order turns paid as soon as "
                    "VNPay confirms it to us."
                ),
            )
            return redirect(order_status_path(order))
        if result.cancelled:
            messages.info(request, _("You cancelled the payment at VNPay. Nothing was charged."))
        else:
            messages.error(
                request,
                _(
                    "VNPay could not take the payment (code %(code)s). Nothing was charged. "
                    "Try again, or choose another way to pay."
                )
                % {"code": result.code},
            )
        if vnpay_services.awaiting_vnpay(order):
            return redirect(
                "checkout:vnpay-payment",
                order_number=order.number,
                hash=order.verification_hash(),
            )
        return redirect(order_status_path(order))


@method_decorator(csrf_exempt, name="dispatch")
@method_decorator(transaction.non_atomic_requests, name="dispatch")
class VNPayIpnView(generic.View):
    """VNPay's server-to-server call (GET, signed query), answered as VNPay expects:
    {"RspCode": "00", "Message": "Confirm Success"}. VNPay calls again later on any code but
    00 and 02."""

    def get(self, request, *args, **kwargs):
        try:
            code = vnpay_services.vnpay_ipn_handle(request.GET)
        except Exception:
            # A refund VNPay would not take, the database away: nothing was applied (one
            # transaction), and VNPay's retry tries again.
            logger.exception("VNPay IPN for %s failed", request.GET.get("vnp_TxnRef"))
            code = vnpay_gateway.IPN_UNKNOWN_ERROR
        return http.JsonResponse({"RspCode": code, "Message": vnpay_gateway.IPN_MESSAGES[code]})
