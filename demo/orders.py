"""Demo orders placed through the same checkout service as the shop, one paid each way."""

from marketplace.address.models import UserAddress
from marketplace.address.services import address_place_fill
from marketplace.basket.models import Basket
from marketplace.checkout.services import basket_checkout
from marketplace.partner.strategy import Selector
from marketplace.payment import services as payment_services
from marketplace.payment.card_services import demo_card_payment_record
from places.models import AdministrativeUnit
from places.selectors import unit_on

# The demo buyer lives in Hà Nội and sends gifts home to Văn Chấn (former Yên Bái, today's
# Lào Cai): addresses in today's two tiers, the place by its GSO code (Phường Hoàn Kiếm of
# Thành phố Hà Nội; Xã Tú Lệ of Tỉnh Lào Cai).
BUYER_ADDRESS = {
    "first_name": "Nguyễn Thị Lan",
    "phone_number": "+84987654321",
    "line1": "12 Hàng Bạc",
    "commune": "00070",
}
BUYER_HOME_ADDRESS = {
    "first_name": "Nguyễn Văn Tùng",
    "phone_number": "+84912000111",
    "line1": "Bản Khun Pa",
    "commune": "04630",
}


def demo_buyer_addresses_save(*, buyer) -> None:
    """The demo buyer's address book, in the two-tier form (once)."""
    if buyer.addresses.exists():
        return
    for fields, default in ((BUYER_ADDRESS, True), (BUYER_HOME_ADDRESS, False)):
        fields = dict(fields)
        commune = unit_on(fields.pop("commune"), level=AdministrativeUnit.Level.COMMUNE)
        address = UserAddress(user=buyer, country_id="VN", **fields)
        address.is_default_for_shipping = default
        address_place_fill(address, commune=commune)
        address.save()


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
