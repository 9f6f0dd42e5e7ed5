"""Demo orders placed through the same checkout service as the shop, one paid each way."""

from marketplace.basket.models import Basket
from marketplace.checkout.services import basket_checkout
from marketplace.partner.strategy import Selector
from marketplace.payment import services as payment_services
from marketplace.payment.card_services import demo_card_payment_record

BUYER_ADDRESS = {
    "first_name": "Nguyễn Thị Lan",
    "phone_number": "+84987654321",
    "line1": "12 Hàng Bạc",
    "line2": "Phường Hàng Bạc",
    "line3": "Hoàn Kiếm",
    "line4": "Hà Nội",
}

# How each demo order is paid, and how far the payment has gone.
PAID_BY_BANK_TRANSFER = "bank-transfer-received"
AWAITING_BANK_TRANSFER = "bank-transfer-awaiting"
CASH_ON_DELIVERY = "cod"
PAID_BY_CARD = "card-paid"


def demo_order_place(*, buyer, items, paid: str = CASH_ON_DELIVERY):
    basket = Basket.objects.create(owner=buyer)
    basket.strategy = Selector().strategy(user=buyer)
    for product, quantity in items:
        basket.add_product(product, quantity)
    method = {PAID_BY_CARD: "card", CASH_ON_DELIVERY: "cod"}.get(paid, "bank-transfer")
    order = basket_checkout(
        basket=basket, address=BUYER_ADDRESS, payment_method_code=method, user=buyer
    )
    if paid == PAID_BY_BANK_TRANSFER:
        for source in order.sources.all():
            payment_services.source_received_confirm(source_id=source.pk, by=None)
    elif paid == PAID_BY_CARD:
        demo_card_payment_record(order=order)
    order.refresh_from_db()
    return order
