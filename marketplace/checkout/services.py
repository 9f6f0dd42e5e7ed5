"""Placing an order: the stock is checked again under a row lock, so no unit is sold twice.

Oscar's OrderCreator allocates stock without looking at what is left (django-oscar #4524).
Here the basket's stock records are locked (in a fixed order, so two buyers cannot deadlock)
and each line is checked against what is really left before the order is written. A buyer who
loses the race for the last units is told which lines, nothing is charged (no card payment
starts before the order exists) and the basket is kept.
"""

import dataclasses
import logging
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core import prices
from oscar.core.loading import get_class, get_model

from legal.models import Acceptance
from legal.services import acceptance_record, checkout_terms_check
from marketplace.address.services import address_place_fill
from marketplace.money import whole_dong
from marketplace.payment.methods import payment_method_get
from marketplace.payment.notifications import order_placed_notify
from places.models import AdministrativeUnit
from places.selectors import unit_on

OrderCreator = get_class("order.utils", "OrderCreator")
StockRecord = get_model("partner", "StockRecord")
ShippingGroup = get_model("order", "ShippingGroup")
Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")

logger = logging.getLogger(__name__)


class OrderAlreadyPlaced(Exception):
    """The basket was already checked out (a double click on "Place order", or a second tab):
    `order` is the order it became, if any."""

    def __init__(self, order):
        self.order = order
        super().__init__(order.number if order is not None else "")


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


def _line_producer(line):
    """The producer of a basket line, read with basket_lines_load (no query)."""
    if not line.stockrecord_id:
        return None
    return getattr(line.stockrecord.partner, "producer", None)


def _price(currency, amount) -> prices.Price:
    return prices.Price(currency=currency, excl_tax=amount, incl_tax=amount)


def placement_amounts_round(*, shipping_method, shipping_charge, order_total):
    """Whole đồng for what the order stores (see marketplace.money): each producer's shipping,
    the shipping in all and the order total, so VietQR and Stripe amounts are whole too.

    Staff-entered rates or a percentage offer can leave a fraction of a đồng. The order's
    shipping is the sum of the rounded group charges (so the producers' parts add up to the
    total), unless an offer changed it. Returns (choices, shipping_charge, order_total).
    """
    choices = [
        (group, dataclasses.replace(option, charge=whole_dong(option.charge)))
        for group, option in shipping_method.choices
    ]
    raw_groups = sum((option.charge for _group, option in shipping_method.choices), 0)
    if shipping_charge.incl_tax == raw_groups:
        shipping = sum((option.charge for _group, option in choices), whole_dong(0))
    else:
        shipping = whole_dong(shipping_charge.incl_tax)
    goods = whole_dong(order_total.incl_tax - shipping_charge.incl_tax)
    currency = order_total.currency
    return choices, _price(currency, shipping), _price(currency, goods + shipping)


def _basket_lock_open(basket):
    """Lock the basket's row; raise OrderAlreadyPlaced unless it is still open, so the same
    basket is never placed twice (its id is the order number)."""
    locked = Basket.objects.select_for_update().only("pk", "status").get(pk=basket.pk)
    if locked.status != Basket.OPEN:
        raise OrderAlreadyPlaced(Order.objects.filter(basket_id=basket.pk).order_by("-pk").first())


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
    terms_shown: dict[str, str] | None = None,
):
    """Write the order, its producer groups and what is to be paid; raises LinesSoldOut, or
    OrderAlreadyPlaced if the basket was checked out meanwhile.

    `terms_shown` (kind → version number, as the preview's form posted them) is a buyer's
    checkout: placing the order accepts the terms and privacy notice in force, recorded on the
    order (and on the account when signed in); legal.services.TermsChanged if they are not
    the versions shown. None for orders placed without a buyer at the screen (demo, tests).

    A card order keeps its basket frozen until the payment succeeds; a bank transfer or cash
    on delivery order spends it at once.
    """
    method = payment_method_get(payment_method_code)
    basket_lines_load(basket)
    producers = [_line_producer(line) for line in basket.all_lines()]
    is_practice = any(producer is not None and producer.is_sandbox for producer in producers)
    if is_practice and (reason := method.unavailable_reason(producers=producers)):
        # The payment step offers only what is open; this is for a tampered or stale form.
        raise ValidationError(reason, code="practice_payment")
    choices, shipping_charge, order_total = placement_amounts_round(
        shipping_method=shipping_method, shipping_charge=shipping_charge, order_total=order_total
    )
    accepted = checkout_terms_check(shown=terms_shown) if terms_shown is not None else []
    with transaction.atomic():
        _basket_lock_open(basket)
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
            is_practice=is_practice,
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
            for group, option in choices
        )
        if accepted:
            acceptance_record(
                versions=accepted,
                context=Acceptance.Context.CHECKOUT,
                user=order.user,
                order_number=order.number,
            )
        method.order_placed(order=order)
        if method.final_at_placement:
            basket.submit()
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
    option for each producer unless `options` ({partner id: code}) says otherwise.
    `address` holds ShippingAddress fields (or the address form's: `province` is ignored),
    the place as `commune`, a commune-level unit in force today or its code: its lines are
    filled from it."""
    from oscar.apps.checkout.calculators import OrderTotalCalculator
    from oscar.apps.order.utils import OrderNumberGenerator

    from marketplace.shipping.methods import ByProducer
    from marketplace.shipping.repository import chosen_group_options

    ShippingAddress = get_model("order", "ShippingAddress")
    address = dict(address)
    address.pop("province", None)  # the commune's parent
    commune = address.pop("commune", None)
    if isinstance(commune, str):
        code = commune
        commune = unit_on(code, level=AdministrativeUnit.Level.COMMUNE, with_parents=True)
        if commune is None:
            raise ValidationError(f"No commune with code {code} today.")
    shipping_address = ShippingAddress(country_id="VN", **address)
    if commune is not None:
        address_place_fill(shipping_address, commune=commune)
    basket_lines_load(basket)
    choices = chosen_group_options(
        basket,
        shipping_commune=shipping_address.commune,
        chosen=options or {},
        cheapest_unless_chosen=True,
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


def order_basket_reopen(*, order, into=None):
    """Put the lines of a card order that will not be paid (cancelled, released) into an open
    basket, and return it; None if there is nothing to put back.

    The order's own basket is never reopened: its id is the order number, so placing it again
    would collide with this order. Its lines move (Oscar's basket merge) into `into` (the
    basket of the buyer on the site) or, when the buyer is not here (the release command),
    into the owner's open basket, a new one if need be. A guest's basket stays frozen until
    they come back through the order's signed page (their basket is in their browser's cookie).
    """
    with transaction.atomic():
        if order.basket_id is None:
            return None
        old = Basket.objects.select_for_update().get(pk=order.basket_id)
        if old.status != Basket.FROZEN:
            return None
        if into is None:
            if old.owner_id is None:
                return None
            owned = Basket.open.filter(owner_id=old.owner_id).order_by("pk")
            into = owned.first() or Basket.objects.create(owner_id=old.owner_id)
        elif into.pk is None:
            into.save()
        into.merge(old)
    return into
