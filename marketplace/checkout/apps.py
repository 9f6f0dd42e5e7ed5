import oscar.apps.checkout.apps as apps
from django.urls import path
from oscar.core.loading import get_class


class CheckoutConfig(apps.CheckoutConfig):
    name = "marketplace.checkout"

    def get_urls(self):
        card = get_class("checkout.card_views", "CardPaymentView")
        authenticate = get_class("checkout.card_views", "CardAuthenticateView")
        change = get_class("checkout.card_views", "PaymentMethodChangeView")
        back = get_class("checkout.card_views", "ReturnToBasketView")
        webhook = get_class("checkout.card_views", "StripeWebhookView")
        vnpay = get_class("checkout.vnpay_views", "VNPayPaymentView")
        vnpay_return = get_class("checkout.vnpay_views", "VNPayReturnView")
        vnpay_ipn = get_class("checkout.vnpay_views", "VNPayIpnView")
        status = get_class("checkout.order_views", "OrderStatusView")
        transfer_qr = get_class("checkout.order_views", "TransferQrView")
        signed = "pay/<str:order_number>/<str:hash>/"
        urls = [
            path("order/<str:order_number>/<str:hash>/", status.as_view(), name="order-status"),
            path(
                "order/<str:order_number>/<str:hash>/vietqr/<int:source_id>.png",
                transfer_qr.as_view(),
                name="transfer-qr",
            ),
            path(signed, card.as_view(), name="card-payment"),
            path(
                signed + "authenticate/<str:intent_id>/",
                authenticate.as_view(),
                name="card-authenticate",
            ),
            path(signed + "method/", change.as_view(), name="payment-method-change"),
            path(signed + "back-to-basket/", back.as_view(), name="return-to-basket"),
            path("stripe/webhook/", webhook.as_view(), name="stripe-webhook"),
            path(signed + "vnpay/", vnpay.as_view(), name="vnpay-payment"),
            path("vnpay/return/", vnpay_return.as_view(), name="vnpay-return"),
            path("vnpay/ipn/", vnpay_ipn.as_view(), name="vnpay-ipn"),
        ]
        return super().get_urls() + self.post_process_urls(urls)
