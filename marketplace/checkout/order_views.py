"""The order's own pages, reached by its signed link (emailed, shown after checkout): whoever
holds the link may see the order and pay for it, with no account (a guest has none)."""

from django import http
from django.conf import settings
from django.shortcuts import get_object_or_404, redirect
from django.utils.crypto import constant_time_compare
from django.views import generic
from oscar.core.loading import get_model

from core.qr import qr_png
from marketplace.checkout.selectors import order_transfers_for_buyer
from marketplace.order.selectors import (
    groups_ship_to_address,
    order_producer_groups,
    order_short_token,
    order_status_path,
)
from marketplace.order.statuses import OrderStatus
from marketplace.payment.methods import payment_method_or_none
from marketplace.payment.vietqr_blocks import order_transfer_blocks
from marketplace.payment.vnpay_services import awaiting_vnpay, vnpay_attempt_recent

Order = get_model("order", "Order")


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


def order_short_link(request, number: str, token: str):
    """The short link sent by SMS (/o/<number>/<token>/): on to the order's status page."""
    if not constant_time_compare(token, order_short_token(number)):
        raise http.Http404
    order = get_object_or_404(Order, number=number)
    return redirect(order_status_path(order))


def order_page_context(order) -> dict:
    """What an order's page shows besides the order: its producers' groups, how it is paid
    and what is still to pay. The page of the signed link and the buyer's own page in their
    account (marketplace.customer) show the same (templates/checkout/partials/order_page.html)."""
    groups = order_producer_groups(order)
    transfers = order_transfers_for_buyer(order)
    payment_method = payment_method_or_none(order.payment_method)
    vnpay_waiting = awaiting_vnpay(order)
    return {
        "groups": groups,
        # A producer the buyer collects from sends nothing to the address: "Deliver to" would
        # send a buyer who chose pickup waiting at home.
        "ships_to_address": groups_ship_to_address(groups),
        "transfers": transfers,
        "awaiting_card": awaiting_card(order),
        "awaiting_vnpay": vnpay_waiting,
        "vnpay_confirming": vnpay_waiting and vnpay_attempt_recent(order=order),
        # The bank's feed confirms transfers by itself: the page looks again, as for a card.
        "awaiting_bank_feed": bool(
            settings.CHOPHIEN_BANK_FEED_PROVIDER
            and order.payment_method == "bank-transfer"
            and order.status == OrderStatus.AWAITING_PAYMENT
            and transfers
        ),
        "payment_method": payment_method,
        "pay_url": payment_method.next_url(order=order) if payment_method is not None else None,
        "can_reopen_basket": _can_reopen_basket(order),
        # The signed link's hash: putting a cancelled order back in the basket goes by it.
        "hash": order.verification_hash(),
    }


class OrderStatusView(SignedOrderMixin, generic.TemplateView):
    """The order's page for whoever holds its signed link (emailed, shown after checkout): no
    account needed. It shows no street or phone, in case the link is passed on."""

    template_name = "checkout/order_status.html"

    def get_context_data(self, **kwargs):
        # The link's own hash (SignedOrderMixin) stands where the page context has one.
        return {**order_page_context(self.order), **super().get_context_data(**kwargs)}


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
        order.status == OrderStatus.CANCELLED
        and basket is not None
        and basket.status == basket.FROZEN
    )


def awaiting_card(order) -> bool:
    return order.payment_method == "card" and order.status == OrderStatus.AWAITING_PAYMENT
