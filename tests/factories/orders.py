"""Orders placed through Oscar's own order creator, as checkout will place them."""

from oscar.test.factories import create_order

from marketplace.basket.models import Basket
from marketplace.order.models import ShippingAddress
from marketplace.partner.strategy import Selector


def make_order(*, items, email="lan@example.com", user=None):
    """An order of [(product, quantity), …], shipped to a Hà Nội buyer with a phone."""
    basket = Basket.objects.create(owner=user)
    basket.strategy = Selector().strategy()
    for product, quantity in items:
        basket.add_product(product, quantity)
    address = ShippingAddress.objects.create(
        first_name="Lan",
        last_name="Nguyễn Thị",
        line1="12 Hàng Bạc",
        line4="Hà Nội",
        country_id="VN",
        phone_number="+84987654321",
    )
    return create_order(basket=basket, user=user, shipping_address=address, guest_email=email)
