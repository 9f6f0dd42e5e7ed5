"""Buyers racing for the last units, many times over: no unit may be sold twice.

Each round puts `--stock` units on one product, gives `--buyers` guests a basket with one unit
each and lets them all place a cash-on-delivery order at the same moment (one thread and one
database connection per buyer). The row lock in `basket_stock_lock` must let exactly `--stock`
of them through and refuse the rest with LinesSoldOut.

    DATABASE_URL=postgres://... DJANGO_SETTINGS_MODULE=config.settings.dev \
        python bench/oversell_race.py --rounds 50 --buyers 16 --stock 3

Exits 1 if any unit was oversold or a round sold fewer units than it had (a lost sale), else 0.
Everything it creates is deleted at the end. See bench/README.md.
"""

import argparse
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from decimal import Decimal  # noqa: E402

from django.conf import settings  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.db.models import ProtectedError, Sum  # noqa: E402
from oscar.apps.order.models import ShippingAddress  # noqa: E402
from wagtail.log_actions import registry as log_registry  # noqa: E402

from marketplace import services as marketplace_services  # noqa: E402
from marketplace.basket.models import Basket  # noqa: E402
from marketplace.checkout.services import LinesSoldOut, basket_checkout  # noqa: E402
from marketplace.order.models import Line, Order  # noqa: E402
from marketplace.partner.models import StockRecord  # noqa: E402
from marketplace.partner.strategy import Selector  # noqa: E402
from producers import services as producer_services  # noqa: E402
from producers.models import Producer  # noqa: E402

ADDRESS = {
    "first_name": "Người mua thử",
    "phone_number": "+84987654321",
    "line1": "12 Hàng Bạc",
    "line2": "Phường Hàng Bạc",
    "line3": "Hoàn Kiếm",
    "line4": "Hà Nội",
}
BARRIER_TIMEOUT_S = 60


@dataclass
class Round:
    placed: list = field(default_factory=list)  # order numbers
    refused: int = 0
    errors: list = field(default_factory=list)  # "ExceptionName: message"
    order_ms: list = field(default_factory=list)


@dataclass
class Seller:
    category: object
    producer: Producer
    product: object
    record: StockRecord


def seller_create(*, stock: int) -> Seller:
    """A producer offering pickup with one product, under codes no earlier run used."""
    suffix = time.strftime("%Y%m%d%H%M%S") + f"-{time.time_ns() % 1_000_000:06d}"
    category = marketplace_services.category_upsert(
        slug=f"bench-race-{suffix}", name=f"Bench race {suffix}"
    )
    partner = marketplace_services.partner_upsert(
        code=f"bench-race-{suffix}", name=f"HTX Bench race {suffix}"
    )
    producer = producer_services.producer_upsert(
        partner=partner,
        kind=Producer.Kind.COOPERATIVE,
        contact_phone="0900000099",
        status=Producer.Status.APPROVED,
    )
    producer_services.producer_selling_setup_update(
        producer=producer,
        offers_pickup=True,
        offers_local_delivery=False,
        offers_national_post=False,
        pickup_address="Nhà văn hoá xã",
    )
    product = marketplace_services.product_upsert(
        partner=partner,
        sku=f"bench-race-{suffix}",
        title=f"Mận hậu Bắc Hà (bench {suffix})",
        description="Created by bench/oversell_race.py; deleted when it ends.",
        category=category,
        price=Decimal(150000),
        num_in_stock=stock,
        origin_district="Bắc Hà",
    )
    return Seller(category, producer, product, product.stockrecords.get())


def round_run(*, seller: Seller, buyers: int, stock: int, baskets_made: list) -> Round:
    """Reset the stock, then let `buyers` one-unit baskets check out at the same moment."""
    StockRecord.objects.filter(pk=seller.record.pk).update(num_in_stock=stock, num_allocated=0)
    baskets = []
    for _ in range(buyers):
        basket = Basket.objects.create()
        baskets_made.append(basket.pk)
        basket.strategy = Selector().strategy()
        basket.add_product(seller.product, 1)
        baskets.append(basket)

    result = Round()
    lock = threading.Lock()
    start = threading.Barrier(buyers, timeout=BARRIER_TIMEOUT_S)

    def buy(number: int, basket) -> None:
        try:
            start.wait()
            began = time.perf_counter()
            order = basket_checkout(
                basket=basket,
                address=ADDRESS,
                payment_method_code="cod",
                guest_email=f"bench-buyer-{number}@example.com",
            )
            elapsed_ms = (time.perf_counter() - began) * 1000
            with lock:
                result.placed.append(order.number)
                result.order_ms.append(elapsed_ms)
        except LinesSoldOut:
            with lock:
                result.refused += 1
        except Exception as error:  # a deadlock, a broken barrier…: counted, not hidden
            with lock:
                result.errors.append(f"{type(error).__name__}: {error}".strip())
        finally:
            connections.close_all()  # each thread had its own connection

    threads = [
        threading.Thread(target=buy, args=(number, basket))
        for number, basket in enumerate(baskets, start=1)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile; NaN when there is nothing to rank."""
    if not values:
        return float("nan")
    ranked = sorted(values)
    index = max(0, min(len(ranked) - 1, round(share * len(ranked) + 0.5) - 1))
    return ranked[index]


def cleanup(*, seller: Seller, baskets: list[int]) -> str:
    """Delete what the run created, children first; say what had to stay."""
    orders = Order.objects.filter(lines__product=seller.product).distinct()
    address_ids = list(orders.values_list("shipping_address_id", flat=True))
    # Cascades to lines, payment sources, events and shipping groups (which PROTECT the
    # partner, as the sources do, so they must go before it).
    Order.objects.filter(pk__in=list(orders.values_list("pk", flat=True))).delete()
    ShippingAddress.objects.filter(pk__in=address_ids).delete()
    Basket.objects.filter(pk__in=baskets).delete()
    try:
        with transaction.atomic():
            seller.product.delete()  # cascades to the stock record and category link
            # The selling setup service wrote an audit entry about this producer.
            log_registry.get_logs_for_instance(seller.producer).delete()
            seller.producer.delete()  # Producer.partner is PROTECT: the producer goes first
            seller.producer.partner.delete()
            seller.category.delete()
    except ProtectedError as error:
        # Something outside this run points at them; keep them, but off sale.
        type(seller.product).objects.filter(pk=seller.product.pk).update(is_public=False)
        return f"orders and baskets deleted; product kept but not public ({error.args[0]})"
    return (
        "orders, baskets, product, stock record, producer (and its log entry), partner and "
        "category deleted"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--buyers", type=int, default=16, help="concurrent buyers per round")
    parser.add_argument("--stock", type=int, default=3, help="units on sale per round")
    args = parser.parse_args()
    if args.rounds < 1 or args.buyers < 1 or args.stock < 1:
        parser.error("--rounds, --buyers and --stock must be at least 1")

    if connection.vendor != "postgresql":
        print(
            f"Refusing to run on {connection.vendor}: the race needs PostgreSQL row locks "
            "(SQLite runs one writer at a time, so it proves nothing). Set DATABASE_URL to a "
            "migrated PostgreSQL database.",
            file=sys.stderr,
        )
        return 2
    # Every placed order renders and sends the buyer an email; measure that, but keep the
    # console backend (dev settings) from printing hundreds of them.
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"

    expected = min(args.stock, args.buyers)
    seller = seller_create(stock=args.stock)
    baskets: list[int] = []
    totals = {"orders": 0, "refusals": 0, "oversold": 0, "short_rounds": 0, "errors": 0}
    order_ms: list[float] = []
    error_kinds: dict[str, int] = {}
    lines_before = 0
    try:
        for number in range(1, args.rounds + 1):
            result = round_run(
                seller=seller, buyers=args.buyers, stock=args.stock, baskets_made=baskets
            )
            record = StockRecord.objects.get(pk=seller.record.pk)
            lines = Line.objects.filter(product=seller.product)
            units_sold = (lines.aggregate(units=Sum("quantity"))["units"] or 0) - lines_before
            lines_before += units_sold
            oversold = max(0, record.num_allocated - args.stock, units_sold - args.stock)
            short = min(record.num_allocated, units_sold) < expected
            totals["orders"] += len(result.placed)
            totals["refusals"] += result.refused
            totals["oversold"] += oversold
            totals["short_rounds"] += short
            totals["errors"] += len(result.errors)
            order_ms += result.order_ms
            for error in result.errors:
                kind = error.split(":")[0]
                error_kinds[kind] = error_kinds.get(kind, 0) + 1
            if oversold or short or result.errors:
                print(
                    f"round {number}: {len(result.placed)} placed, {result.refused} refused, "
                    f"{units_sold} units in order lines, {record.num_allocated} allocated "
                    f"of {args.stock}; errors: {result.errors[:3]}",
                    file=sys.stderr,
                )
    finally:
        cleaned = cleanup(seller=seller, baskets=baskets)

    rows = [
        ("rounds", args.rounds),
        ("buyers per round", args.buyers),
        ("stock per round", args.stock),
        ("orders placed", totals["orders"]),
        ("refusals (LinesSoldOut)", totals["refusals"]),
        ("oversold units (must be 0)", totals["oversold"]),
        ("rounds short of stock (must be 0)", totals["short_rounds"]),
        ("other errors", totals["errors"]),
        ("order placement p50 (ms)", f"{percentile(order_ms, 0.50):.1f}"),
        ("order placement p95 (ms)", f"{percentile(order_ms, 0.95):.1f}"),
    ]
    width = max(len(label) for label, _value in rows)
    print(f"Oversell race on {settings.DATABASES['default']['NAME']}")
    for label, value in rows:
        print(f"  {label:<{width}}  {value:>8}")
    for kind, count in sorted(error_kinds.items()):
        print(f"  error {kind}: {count}")
    print(f"Cleanup: {cleaned}")
    return 1 if totals["oversold"] or totals["short_rounds"] else 0


if __name__ == "__main__":
    sys.exit(main())
