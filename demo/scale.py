"""Scale data for benchmarks: a province's or the whole country's members, producers, products
and orders, written with bulk inserts (`generate_scale_data`).

Everything generated is marked (org unit codes, partner codes, product slugs and UPCs, member
and order numbers start with "scale"), so it can be told apart from real data and deleted
again (`scale_data_delete`). Two accounts come with it, for the benchmark: the first
producer's owner (SCALE_PRODUCER_EMAIL) and a mentor of the first province
(SCALE_MENTOR_EMAIL), both with the password given.
"""

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from demo.shop import FORMER_LAO_CAI
from marketplace.order.statuses import LineStatus, OrderStatus
from places.selectors import communes_by_former_district, home_province

SIZES = {
    # members, producers, products, orders
    "province": (30_000, 1_000, 10_000, 50_000),
    "national": (1_000_000, 20_000, 100_000, 500_000),
}
# The shape of a province's Youth Union: the provincial union, its district-level unions (and
# one directly affiliated block), fifteen grassroots unions under each.
# The first province's district-level unions are named after the old Lào Cai's districts (the
# demo shop's list, read into today's units by its loader).
DISTRICTS = [*FORMER_LAO_CAI, "Khối Cơ quan"]  # and the directly affiliated block
COMMUNES_EACH = 15
PROVINCES_NATIONAL = 63
CATEGORIES = ["Chè", "Mật ong", "Gia vị", "Nấm và dược liệu", "Gạo và ngũ cốc", "Thổ cẩm"]
KINDS = ["Chè Shan Tuyết", "Mật ong bạc hà", "Thảo quả sấy khô", "Nấm hương", "Gạo Séng Cù",
         "Khăn thổ cẩm"]  # fmt: skip
PREFIX = "scale"
MEMBER_PREFIX = "SC"
SCALE_PRODUCER_EMAIL = "scale-producer@example.com"
SCALE_MENTOR_EMAIL = "scale-mentor@example.com"
OPENED = datetime.date(2020, 1, 1)


@dataclass
class Counts:
    members: int
    producers: int
    products: int
    orders: int
    units: int = 0


def planned_counts(size: str, scale: float = 1.0) -> Counts:
    members, producers, products, orders = SIZES[size]

    def scaled(n):
        return max(1, round(n * scale))

    return Counts(scaled(members), scaled(producers), scaled(products), scaled(orders))


def _batches(total: int, batch: int):
    for start in range(0, total, batch):
        yield range(start, min(start + batch, total))


def scale_data_delete(log: Callable[[str], None] = print) -> None:
    """Delete everything generate_scale_data wrote (and only that)."""
    from django.db.models import Q

    from accounts.models import User
    from marketplace.basket.models import Basket
    from marketplace.catalogue.models import Product
    from marketplace.order.models import Line, Order
    from marketplace.partner.models import Partner, StockRecord
    from marketplace.search.models import ProductSearchDocument
    from mentoring.models import (
        Activity,
        DashboardCounts,
        Member,
        MemberEvaluation,
        MemberStage,
        OnlineShop,
        OrgUnit,
        OrgUnitRole,
        OrgUnitVersion,
        ShopCheck,
        Team,
        TeamMember,
    )
    from producers.models import Producer

    started = time.monotonic()
    with transaction.atomic():
        DashboardCounts.objects.all().delete()
        orders = Order.objects.filter(number__startswith=MEMBER_PREFIX)
        Line.objects.filter(order__in=orders)._raw_delete(Line.objects.db)
        orders._raw_delete(orders.db)
        products = Product.objects.filter(upc__startswith=MEMBER_PREFIX)
        ProductSearchDocument.objects.filter(product__in=products).delete()
        partners = Partner.objects.filter(code__startswith=f"{PREFIX}-")
        StockRecord.objects.filter(partner__in=partners)._raw_delete(StockRecord.objects.db)
        Basket.objects.filter(lines__product__in=products).delete()
        products.delete()
        members = Member.objects.filter(member_number__startswith=MEMBER_PREFIX)
        MemberStage.objects.filter(member__in=members).delete()
        ShopCheck.objects.filter(shop__member__in=members)._raw_delete(ShopCheck.objects.db)
        for model in (MemberEvaluation, OnlineShop, TeamMember, Activity.attendees.through):
            model.objects.filter(member__in=members)._raw_delete(model.objects.db)
        Team.objects.filter(org_unit__code__startswith=f"{PREFIX}-").delete()
        Activity.objects.filter(org_unit__code__startswith=f"{PREFIX}-").delete()
        members._raw_delete(members.db)
        Producer.objects.filter(partner__in=partners).delete()
        partners.delete()
        User.objects.filter(Q(email=SCALE_PRODUCER_EMAIL) | Q(email=SCALE_MENTOR_EMAIL)).delete()
        units = OrgUnit.objects.filter(code__startswith=f"{PREFIX}-")
        OrgUnitRole.objects.filter(org_unit__in=units).delete()
        OrgUnitVersion.objects.filter(unit__in=units).delete()
        units.delete()
    log(f"deleted the scale data in {time.monotonic() - started:.1f} s")


def scale_data_generate(  # noqa: PLR0915  one straight sequence of bulk inserts
    *,
    size: str,
    scale: float = 1.0,
    password: str,
    batch: int = 5_000,
    seed: int = 7,
    log: Callable[[str], None] = print,
) -> Counts:
    from django.contrib.auth.hashers import make_password
    from oscar.apps.catalogue.models import Category, ProductCategory, ProductClass

    from accounts.models import User
    from marketplace.catalogue.models import Product
    from marketplace.order.models import Line, Order
    from marketplace.partner.models import Partner, StockRecord
    from marketplace.search.indexing import product_documents_refresh
    from marketplace.services import SPECIALTY_PRODUCT_CLASS_SLUG
    from mentoring import services as mentoring_services
    from mentoring.models import Member, OrgUnit, OrgUnitRole, OrgUnitVersion, TriState
    from producers.models import Producer

    rng = random.Random(seed)
    counts = planned_counts(size, scale)
    started = time.monotonic()
    today = timezone.localdate()
    now = timezone.now()

    # --- The union's tree: provinces → district-level unions → grassroots unions.
    provinces_wanted = 1 if size == "province" else max(2, round(PROVINCES_NATIONAL * scale))
    units, versions, communes, province_units = [], [], [], []
    for p in range(provinces_wanted):
        province = OrgUnit(code=f"{PREFIX}-p{p}", kind=OrgUnit.Kind.PROVINCE, opened_on=OPENED)
        units.append(province)
        versions.append((province, f"Tỉnh đoàn số {p + 1}" if p else "Tỉnh đoàn Lào Cai", None))
        province_units.append(province)
        for d, name in enumerate(DISTRICTS):
            kind = OrgUnit.Kind.DIRECT if name.startswith("Khối") else OrgUnit.Kind.DISTRICT
            district = OrgUnit(code=f"{PREFIX}-p{p}-d{d}", kind=kind, opened_on=OPENED)
            units.append(district)
            versions.append(
                (district, f"Huyện đoàn {name}" if p == 0 else f"Huyện {p}-{d}", province)
            )
            for c in range(COMMUNES_EACH):
                commune = OrgUnit(
                    code=f"{PREFIX}-p{p}-d{d}-c{c}",
                    kind=OrgUnit.Kind.GRASSROOTS,
                    opened_on=OPENED,
                )
                units.append(commune)
                versions.append((commune, f"Đoàn xã {p}-{d}-{c}", district))
                communes.append(commune)
    with transaction.atomic():
        OrgUnit.objects.bulk_create(units, batch_size=batch)
        OrgUnitVersion.objects.bulk_create(
            (
                OrgUnitVersion(unit=unit, name=name, parent=parent, valid_from=OPENED)
                for unit, name, parent in versions
            ),
            batch_size=batch,
        )
    counts.units = len(units)
    log(f"  {len(units):,} org units")

    # --- Producers (each a partner), categories, products with their stock and category.
    product_class = ProductClass.objects.get(slug=SPECIALTY_PRODUCT_CLASS_SLUG)
    categories = []
    for i, name in enumerate(CATEGORIES):
        categories.append(
            Category.objects.filter(depth=1, slug=f"{PREFIX}-{i}").first()
            or Category.add_root(name=name, slug=f"{PREFIX}-{i}")
        )
    with transaction.atomic():
        partners = Partner.objects.bulk_create(
            (
                Partner(code=f"{PREFIX}-{i}", name=f"Hợp tác xã {KINDS[i % 6]} số {i}")
                for i in range(counts.producers)
            ),
            batch_size=batch,
        )
        # Producers spread over today's communes of the site's province, each with the
        # district it was in before 1 July 2025 (none when the units are not loaded).
        province = home_province()
        places = [
            (commune, district)
            for district, communes in (
                communes_by_former_district(province) if province is not None else []
            )
            for commune in communes
        ] or [(None, None)]
        producers = Producer.objects.bulk_create(
            (
                Producer(
                    partner=partner,
                    slug=f"{PREFIX}-{i}",
                    kind=Producer.Kind.COOPERATIVE if i % 3 == 0 else Producer.Kind.HOUSEHOLD,
                    commune=places[i % len(places)][0],
                    former_district=places[i % len(places)][1],
                    status=Producer.Status.APPROVED,
                    story="Sản phẩm của thanh niên vùng cao.",
                )
                for i, partner in enumerate(partners)
            ),
            batch_size=batch,
        )
    log(f"  {len(producers):,} producers")
    product_rows = []  # (product id, partner, price)
    for chunk in _batches(counts.products, batch):
        rows = []
        for n in chunk:
            producer = producers[n % len(producers)]
            kind = n % len(KINDS)
            rows.append(
                (
                    Product(
                        product_class=product_class,
                        structure=Product.STANDALONE,
                        title=f"{KINDS[kind]} {producer.district_name} số {n}",
                        slug=f"{PREFIX}-{n}",
                        upc=f"{MEMBER_PREFIX}{n:07d}",
                        description=f"{KINDS[kind]} của {producer.partner.name}.",
                        origin_district=producer.district_name,
                        is_public=True,
                        moderation=Product.Moderation.APPROVED,
                        date_created=now,
                        date_updated=now,
                    ),
                    producer.partner,
                    categories[kind],
                    Decimal(rng.randrange(20, 900) * 1000),
                )
            )
        with transaction.atomic():
            made = Product.objects.bulk_create([row[0] for row in rows])
            StockRecord.objects.bulk_create(
                StockRecord(
                    product=product,
                    partner=partner,
                    partner_sku=product.upc,
                    price=price,
                    price_currency="VND",
                    num_in_stock=rng.choice([0, 5, 20, 100]),
                )
                for product, (_p, partner, _c, price) in zip(made, rows, strict=True)
            )
            ProductCategory.objects.bulk_create(
                ProductCategory(product=product, category=category)
                for product, (_p, _partner, category, _price) in zip(made, rows, strict=True)
            )
            product_documents_refresh(product_ids=[product.pk for product in made])
        product_rows += [
            (product, partner, price)
            for product, (_p, partner, _c, price) in zip(made, rows, strict=True)
        ]
    log(f"  {len(product_rows):,} products")

    # --- Members: spread over the grassroots unions; the producers are among them.
    member_every = max(1, counts.members // counts.producers)
    for chunk in _batches(counts.members, batch):

        def member(index):
            seller = index % member_every == 0 and index // member_every < len(producers)
            specialty = seller or rng.random() < 0.3
            return Member(
                member_number=f"{MEMBER_PREFIX}{index:08d}",
                full_name=f"Đoàn viên {index}",
                birth_year=rng.randrange(1990, 2008),
                gender=rng.choice([Member.Gender.FEMALE, Member.Gender.MALE]),
                org_unit=communes[index % len(communes)],
                has_specialty_product=TriState.YES if specialty else TriState.NO,
                specialty_recorded_on=today if specialty else None,
                uses_public_services=rng.choice(list(TriState.values)),
                has_epayment_account=rng.choice(list(TriState.values)),
                producer=producers[index // member_every] if seller else None,
            )

        Member.objects.bulk_create([member(i) for i in chunk])
    log(f"  {counts.members:,} members")
    _plan_measures_generate(today=today, rng=rng, batch=batch, log=log)

    # --- Orders: one line each, over the products, paid for the most part.
    for chunk in _batches(counts.orders, batch):
        orders, lines = [], []
        for n in chunk:
            product, partner, price = product_rows[rng.randrange(len(product_rows))]
            quantity = rng.randrange(1, 4)
            total = price * quantity
            order = Order(
                number=f"{MEMBER_PREFIX}-{n:08d}",
                currency="VND",
                total_incl_tax=total,
                total_excl_tax=total,
                shipping_incl_tax=Decimal(0),
                shipping_excl_tax=Decimal(0),
                status=rng.choices(
                    [OrderStatus.PAID, OrderStatus.AWAITING_PAYMENT, OrderStatus.CANCELLED],
                    [85, 10, 5],
                )[0],
                payment_method="cod",
                guest_email=f"khach{n}@example.com",
                date_placed=now - datetime.timedelta(minutes=rng.randrange(60 * 24 * 400)),
            )
            orders.append(order)
            lines.append(
                Line(
                    order=order,
                    partner=partner,
                    partner_name=partner.name,
                    partner_sku=product.upc,
                    product=product,
                    title=product.title,
                    quantity=quantity,
                    line_price_incl_tax=total,
                    line_price_excl_tax=total,
                    line_price_before_discounts_incl_tax=total,
                    line_price_before_discounts_excl_tax=total,
                    unit_price_incl_tax=price,
                    unit_price_excl_tax=price,
                    num_allocated=0,
                    status=LineStatus.PENDING,
                )
            )
        with transaction.atomic():
            Order.objects.bulk_create(orders)
            Line.objects.bulk_create(lines)
    log(f"  {counts.orders:,} orders")

    # --- The benchmark's two accounts: the first producer's owner, a mentor of the province.
    hashed = make_password(password)
    owner = User.objects.create(email=SCALE_PRODUCER_EMAIL, password=hashed)
    producers[0].partner.users.add(owner)
    mentor = User.objects.create(email=SCALE_MENTOR_EMAIL, password=hashed)
    mentoring_services.org_unit_role_grant(
        role=OrgUnitRole.objects.create(user=mentor, org_unit=province_units[0])
    )
    log(f"generated in {time.monotonic() - started:.1f} s")
    return counts


# What the plan measures beyond Chợ Phiên's own orders (issue 27), at about the demo's shares:
# one member in 25 without a shop here records one elsewhere, two in three of those checked by
# a mentor with a sale this year; four members in five evaluated this year; a community team
# of six in one grassroots union in ten, and an activity with three who came in one in five.
SHOP_EVERY, TEAM_EVERY, ACTIVITY_EVERY, TEAM_SIZE = 25, 10, 5, 6


def _plan_measures_generate(*, today, rng, batch: int, log) -> None:
    from mentoring.models import (
        Activity,
        Evaluation,
        Member,
        MemberEvaluation,
        OnlineShop,
        ShopCheck,
        Team,
        TeamMember,
    )

    members = (
        Member.objects.filter(member_number__startswith=MEMBER_PREFIX)
        .order_by("pk")
        .values_list("pk", "org_unit_id", "producer_id")
    )
    grades = list(Evaluation.values)
    by_unit: dict[int, list[int]] = {}
    evaluations, shops = [], []
    shop_count = evaluation_count = 0
    for index, (pk, unit_id, producer_id) in enumerate(members.iterator(chunk_size=batch)):
        if len(by_unit.setdefault(unit_id, [])) < TEAM_SIZE:
            by_unit[unit_id].append(pk)
        if index % 5:
            evaluations.append(
                MemberEvaluation(
                    member_id=pk, year=today.year, grade=rng.choice(grades), source="roster"
                )
            )
        if producer_id is None and index % SHOP_EVERY == 1:
            shops.append(
                OnlineShop(
                    member_id=pk,
                    platform="shopee",
                    url=f"https://shopee.vn/scale-{pk}",
                    since=today.replace(month=1, day=1) - datetime.timedelta(days=100),
                    confirmed_at=timezone.now(),
                )
            )
        if len(evaluations) >= batch:
            MemberEvaluation.objects.bulk_create(evaluations)
            evaluation_count += len(evaluations)
            evaluations = []
        if len(shops) >= batch:
            shop_count += _shops_create(shops, today=today, model=OnlineShop, check=ShopCheck)
            shops = []
    MemberEvaluation.objects.bulk_create(evaluations)
    evaluation_count += len(evaluations)
    shop_count += _shops_create(shops, today=today, model=OnlineShop, check=ShopCheck)
    log(f"  {evaluation_count:,} evaluations, {shop_count:,} shops elsewhere")

    units = sorted(by_unit)
    teams = Team.objects.bulk_create(
        Team(kind=Team.Kind.COMMUNITY, name=f"Tổ công nghệ số {unit}", org_unit_id=unit)
        for unit in units[::TEAM_EVERY]
    )
    TeamMember.objects.bulk_create(
        (
            TeamMember(
                team=team,
                member_id=pk,
                role=TeamMember.Role.LEADER if n == 0 else TeamMember.Role.MEMBER,
            )
            for team in teams
            for n, pk in enumerate(by_unit[team.org_unit_id])
        ),
        batch_size=batch,
    )
    activities = Activity.objects.bulk_create(
        Activity(
            kind=Activity.Kind.TRAINING,
            title="Tập huấn kỹ năng số",
            held_on=today.replace(month=1, day=15),
            org_unit_id=unit,
        )
        for unit in units[::ACTIVITY_EVERY]
    )
    Activity.attendees.through.objects.bulk_create(
        (
            Activity.attendees.through(activity_id=activity.pk, member_id=pk)
            for activity in activities
            for pk in by_unit[activity.org_unit_id][:3]
        ),
        batch_size=batch,
    )
    log(f"  {len(teams):,} community teams, {len(activities):,} activities with who came")


def _shops_create(shops: list, *, today, model, check) -> int:
    made = model.objects.bulk_create(shops)
    check.objects.bulk_create(
        check(
            shop=shop,
            checked_on=today,
            link_opened=True,
            sold_count=12,
            last_sale_on=today - datetime.timedelta(days=2),
        )
        for n, shop in enumerate(made)
        if n % 3
    )
    return len(made)
