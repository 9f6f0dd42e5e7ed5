"""Products built through our own services, as the demo loader and producers will build them."""

import itertools
from decimal import Decimal

from marketplace import services

_sequence = itertools.count(1)


def make_category(*, name: str = "Mật ong rừng", slug: str | None = None):
    return services.category_upsert(slug=slug or f"cat-{next(_sequence)}", name=name)


def make_partner(*, name: str = "Hợp tác xã Mật ong Bắc Hà"):
    return services.partner_upsert(code=f"partner-{next(_sequence)}", name=name)


def make_product(
    *,
    title: str | None = None,
    partner=None,
    category=None,
    price: int = 150000,
    num_in_stock: int = 10,
    origin_district: str = "Bắc Hà",
    description: str = "Mật ong hoa bạc hà, thu hoạch mùa đông.",
):
    number = next(_sequence)
    return services.product_upsert(
        partner=partner or make_partner(),
        sku=f"sku-{number}",
        title=title or f"Mật ong bạc hà số {number} – chai 500ml",
        description=description,
        category=category or make_category(),
        price=Decimal(price),
        num_in_stock=num_in_stock,
        origin_district=origin_district,
    )
