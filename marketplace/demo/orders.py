"""Demo orders placed through Oscar's own order pipeline (basket → OrderCreator), the way
checkout places them, with free shipping until the checkout issue brings real rates."""

from oscar.apps.basket.models import Basket
from oscar.apps.checkout.calculators import OrderTotalCalculator
from oscar.apps.order.utils import OrderCreator, OrderNumberGenerator
from oscar.apps.shipping.methods import Free

from marketplace.order.models import ShippingAddress
from marketplace.partner.strategy import Selector


def demo_order_place(*, buyer, items):
    basket = Basket.objects.create(owner=buyer)
    basket.strategy = Selector().strategy(user=buyer)
    for product, quantity in items:
        basket.add_product(product, quantity)
    address = ShippingAddress.objects.create(
        first_name=buyer.first_name,
        last_name=buyer.last_name,
        line1="12 Hàng Bạc, phường Hàng Bạc",
        line4="Hà Nội",
        country_id="VN",
        phone_number="+84987654321",
    )
    method = Free()
    shipping_charge = method.calculate(basket)
    order = OrderCreator().place_order(
        basket=basket,
        total=OrderTotalCalculator().calculate(basket, shipping_charge),
        shipping_method=method,
        shipping_charge=shipping_charge,
        user=buyer,
        shipping_address=address,
        order_number=OrderNumberGenerator().order_number(basket),
    )
    basket.submit()
    return order
