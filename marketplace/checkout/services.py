"""Placing an order: the stock is checked again under a row lock, so no unit is sold twice.

Oscar's OrderCreator allocates stock without looking at what is left (django-oscar #4524).
Here the basket's stock records are locked (in a fixed order, so two buyers cannot deadlock)
and each line is checked against what is really left before the order is written. A buyer who
loses the race for the last units is told which lines, nothing is charged (no card payment
starts before the order exists) and the basket is kept.
"""

from collections import Counter

from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from marketplace.payment.methods import payment_method_get

OrderCreator = get_class("order.utils", "OrderCreator")
StockRecord = get_model("partner", "StockRecord")
ShippingGroup = get_model("order", "ShippingGroup")


class LinesSoldOut(Exception):
    """Some lines cannot be had any more; `lines` are the basket lines at fault."""

    def __init__(self, lines):
        self.lines = lines
        super().__init__(self.message)

    @property
    def message(self) -> str:
        titles = ", ".join(f"«{line.product.get_title()}»" for line in self.lines)
        return _(
            "Sorry, someone bought the last units before you: %(titles)s. Nothing was "
            "charged. Change the quantity or remove these lines, then place the order again."
        ) % {"titles": titles}


def basket_stock_lock(basket) -> None:
    """Lock the basket's stock records and check each still has the units asked for."""
    lines = list(basket.all_lines())
    needed = Counter()
    for line in lines:
        needed[line.stockrecord_id] += line.quantity
    records = {
        record.pk: record
        for record in StockRecord.objects.select_for_update()
        .filter(pk__in=needed)
        .order_by("pk")
        .only("pk", "num_in_stock", "num_allocated")
    }
    short = {
        pk
        for pk, quantity in needed.items()
        if pk not in records or records[pk].net_stock_level < quantity
    }
    if short:
        raise LinesSoldOut([line for line in lines if line.stockrecord_id in short])


def basket_lines_load(basket) -> None:
    """Read every line with what placing the order needs, in one go (Oscar's basket caches
    its lines in `_lines`), so the queries do not grow with the lines."""
    if getattr(basket, "_lines_loaded_for_checkout", False):
        return
    lines = (
        basket.lines.select_related(
            "product__product_class",
            "product__parent__product_class",
            "stockrecord__partner__producer",
        )
        .prefetch_related("attributes", "product__images", "product__stockrecords")
        .order_by("pk")
    )
    len(lines)  # evaluated now; Oscar calls .count() on it, which then costs no query
    basket._lines = lines
    basket._lines_loaded_for_checkout = True


def order_place(
    *,
    basket,
    user,
    order_number: str,
    shipping_address,
    shipping_method,
    shipping_charge,
    order_total,
    payment_method_code: str,
    language: str,
    guest_email: str = "",
    guest_phone: str = "",
    request=None,
):
    """Write the order, its producer groups and what is to be paid; raises LinesSoldOut.

    A card order keeps its basket frozen until the payment succeeds; a bank transfer or cash
    on delivery order spends it at once.
    """
    method = payment_method_get(payment_method_code)
    basket_lines_load(basket)
    with transaction.atomic():
        basket_stock_lock(basket)
        shipping_address.save()
        extra = {"guest_email": guest_email} if guest_email else {}
        order = OrderCreator().place_order(
            basket=basket,
            total=order_total,
            shipping_method=shipping_method,
            shipping_charge=shipping_charge,
            user=user if user is not None and user.is_authenticated else None,
            shipping_address=shipping_address,
            order_number=order_number,
            request=request,
            payment_method=method.code,
            language=language,
            guest_phone=guest_phone,
            **extra,
        )
        ShippingGroup.objects.bulk_create(
            ShippingGroup(
                order=order,
                partner=group.partner,
                method_code=option.code,
                method_name=option.name,
                charge=option.charge,
                weight_grams=group.weight_grams,
            )
            for group, option in shipping_method.choices
        )
        method.order_placed(order=order)
        if method.final_at_placement:
            basket.submit()
            from marketplace.checkout.notifications import order_placed_notify

            transaction.on_commit(lambda: order_placed_notify(order=order), robust=True)
        else:
            basket.freeze()
    return order


def basket_checkout(
    *,
    basket,
    address: dict,
    payment_method_code: str,
    user=None,
    guest_email: str = "",
    guest_phone: str = "",
    options: dict | None = None,
    language: str = "vi",
):
    """Check a basket out without the web steps (demo data, benchmarks, tests): the cheapest
    option for each producer unless `options` ({partner id: code}) says otherwise."""
    from oscar.apps.checkout.calculators import OrderTotalCalculator
    from oscar.apps.order.utils import OrderNumberGenerator

    from marketplace.shipping.methods import ByProducer
    from marketplace.shipping.repository import chosen_group_options

    ShippingAddress = get_model("order", "ShippingAddress")
    shipping_address = ShippingAddress(country_id="VN", **address)
    basket_lines_load(basket)
    choices = chosen_group_options(
        basket, shipping_district=shipping_address.line3, chosen=options or {}
    )
    if choices is None:
        raise ValueError("a producer in this basket cannot ship to this address")
    method = ByProducer(choices)
    charge = method.calculate(basket)
    return order_place(
        basket=basket,
        user=user,
        order_number=OrderNumberGenerator().order_number(basket),
        shipping_address=shipping_address,
        shipping_method=method,
        shipping_charge=charge,
        order_total=OrderTotalCalculator().calculate(basket, charge),
        payment_method_code=payment_method_code,
        language=language,
        guest_email=guest_email,
        guest_phone=guest_phone,
    )
