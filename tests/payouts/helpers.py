"""Card-paid orders for the payout tests: placed through the checkout service, paid through the
card path's own effect (demo_card_payment_record) or through localstripe and Stripe's webhook."""

from accounts.models import User
from marketplace.basket.models import Basket
from marketplace.checkout.services import basket_checkout
from marketplace.partner.strategy import Selector
from marketplace.payment.card_services import demo_card_payment_record
from producers.models import Producer
from tests.checkout.helpers import make_seller

# A buyer in Hà Nội (the GSO code of Phường Hoàn Kiếm): basket_checkout fills the place.
BUYER_ADDRESS = {
    "first_name": "Nguyễn Thị Lan",
    "phone_number": "+84987654321",
    "line1": "12 Hàng Bạc",
    "commune": "00070",
}


def sellers():
    """A household selling honey (withheld) and a cooperative with its own tax code selling
    tea (not withheld)."""
    honey, jar = make_seller(name="Hộ Lò Thị Mai", price=150000)
    Producer.objects.filter(pk=honey.pk).update(kind=Producer.Kind.HOUSEHOLD)
    honey.refresh_from_db()
    tea, pack = make_seller(name="HTX Chè Tả Phìn", price=90000)
    Producer.objects.filter(pk=tea.pk).update(tax_code="0101243150")
    tea.refresh_from_db()
    return honey, jar, tea, pack


def card_order(items, *, email="lan@example.com"):
    """An unpaid card order of these (product, quantity), each producer's goods picked up."""
    buyer = User.objects.filter(email=email).first() or User.objects.create_user(
        email=email, password="a-long-password-1"
    )
    basket = Basket.objects.create(owner=buyer)
    basket.strategy = Selector().strategy(user=buyer)
    for product, quantity in items:
        basket.add_product(product, quantity)
    options = {product.stockrecords.get().partner_id: "pickup" for product, _quantity in items}
    return basket_checkout(
        basket=basket,
        address=BUYER_ADDRESS,
        payment_method_code="card",
        user=buyer,
        options=options,
    )


def card_paid_order(items, **kwargs):
    order = card_order(items, **kwargs)
    demo_card_payment_record(order=order)
    order.refresh_from_db()
    return order
