"""How fast is the province-wide mentoring dashboard with many members?

Builds today's Lào Cai union tree with its history, from the administrative units (the
`places` app: run `manage.py load_admin_units` first): until 30 June 2025 the Lào Cai and
Yên Bái provincial unions, a district-level union for each district of the two provinces and
a commune union for each of their communes; on 1 July 2025 the restructure (as
mentoring.services.org_unit_merge leaves it): Yên Bái's union and every district union
closed into the province, each of today's 99 communes and wards continued by one of its
former communes' unions (renamed, under the province), the others closed into it with their
members transferred. With `--members` members (default 100,000) and the records the funnel
is computed from, all with bulk_create: answers to the survey fields, a few dated transfers,
e-commerce trainings with attendance, producers (most approved, with an audit-trail
approval), products on sale, orders (most paid, with their "Paid" payment event), teams,
activities and targets. It then runs funnel_recompute once (timed: the nightly job) and
times the dashboard selector for the province (this year, and last year: a year that spans
the restructure, whose report day comes before this year's transfers), for the province
under the 2024 tree (as it was), and for one commune union, `--runs` times each (default
30), printing p50/p95 in ms and the number of queries; with `--view` it also times the
dashboard page through Django's test client.

    DATABASE_URL=postgres://chophien_ci:chophien_ci@127.0.0.1:5432/chophien_bench \
    DJANGO_SETTINGS_MODULE=config.settings.dev python bench/mentoring_dashboard.py \
        --members 1000000 --view

(`manage.py load_admin_units` once on that database first.)

Its data is kept (units coded "bench-dash-…", members numbered "BD…"), so a second run with
the same --members reuses it; another --members, or --clean, deletes it first. See
bench/README.md.
"""

import argparse
import datetime
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import OuterRef, Subquery  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402
from oscar.apps.catalogue.models import ProductClass  # noqa: E402
from oscar.apps.order.models import PaymentEventType  # noqa: E402
from wagtail.models import ModelLogEntry  # noqa: E402

from marketplace.catalogue.models import Product  # noqa: E402
from marketplace.order.models import Line, Order, PaymentEvent  # noqa: E402
from marketplace.order.statuses import LineStatus, OrderStatus  # noqa: E402
from marketplace.partner.models import Partner, StockRecord  # noqa: E402
from marketplace.services import SPECIALTY_PRODUCT_CLASS_SLUG  # noqa: E402
from mentoring import selectors  # noqa: E402
from mentoring.models import (  # noqa: E402
    Activity,
    Attendance,
    DashboardCounts,
    Indicator,
    Member,
    MemberEvaluation,
    MemberStage,
    MemberTransfer,
    OrgUnit,
    OrgUnitVersion,
    Target,
    Team,
    TeamMember,
    Topic,
    TrainingSession,
    TriState,
)
from mentoring.reporting import dashboard, funnel  # noqa: E402
from places.models import (  # noqa: E402
    BEFORE_REFORM_2025,
    REFORM_2025,
    AdministrativeUnit,
    UnitSuccession,
)
from places.selectors import unit_on  # noqa: E402
from producers.models import Producer  # noqa: E402

PREFIX = "bench-dash"
NUMBER_PREFIX = "BD"
# GSO codes of the provinces before 1 July 2025 (Lào Cai, Yên Bái) and of the merged Lào Cai.
OLD_PROVINCES = (("10", "Lào Cai"), ("15", "Yên Bái"))
NEW_PROVINCE = "15"
BATCH = 10_000
OPENED = datetime.date(2020, 1, 1)


def log(message: str) -> None:
    print(message, flush=True)


def bench_members():
    return Member.objects.filter(member_number__startswith=NUMBER_PREFIX)


def bench_units():
    return OrgUnit.objects.filter(code__startswith=PREFIX)


# --- Cleaning up ---


def clean() -> None:
    started = time.monotonic()
    DashboardCounts.objects.all().delete()  # counted with the bench members
    partners = Partner.objects.filter(code__startswith=PREFIX)
    orders = Order.objects.filter(number__startswith=NUMBER_PREFIX)
    PaymentEvent.objects.filter(order__in=orders).delete()
    Line.objects.filter(order__in=orders).delete()
    orders.delete()
    StockRecord.objects.filter(partner__in=partners).delete()
    Product.objects.filter(upc__startswith=NUMBER_PREFIX).delete()
    producer_ids = list(Producer.objects.filter(partner__in=partners).values_list("pk", flat=True))
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Producer),
        object_id__in=[str(pk) for pk in producer_ids],
    ).delete()
    members = bench_members()
    for model in (MemberStage, MemberTransfer, Attendance):
        model.objects.filter(member__in=members).delete()
    TeamMember.objects.filter(member__in=members).delete()
    Activity.attendees.through.objects.filter(member__in=members).delete()
    MemberEvaluation.objects.filter(member__in=members).delete()
    members._raw_delete(members.db)  # the related rows are gone: no cascade to collect
    Producer.objects.filter(pk__in=producer_ids).delete()
    partners.delete()
    units = bench_units()
    for model in (TrainingSession, Activity, Team, Target):
        model.objects.filter(org_unit__in=units).delete()
    OrgUnitVersion.objects.filter(unit__in=units).delete()
    units.delete()
    log(f"cleaned the earlier bench data in {time.monotonic() - started:.0f} s")


# --- Building ---


def build(count: int, rng: random.Random) -> None:
    started = time.monotonic()
    today = selectors.today()
    province, districts, communes = build_tree()
    units = bench_units()

    # Producers first (1% of members, all with a specialty product), so members point at them.
    sellers = max(1, count // 100)
    partners = Partner.objects.bulk_create(
        Partner(code=f"{PREFIX}-p{i}", name=f"Hộ kinh doanh bench {i}") for i in range(sellers)
    )
    producers = Producer.objects.bulk_create(
        Producer(
            partner=partner,
            slug=f"{PREFIX}-p{i}",
            kind=Producer.Kind.HOUSEHOLD,
            status=Producer.Status.APPROVED if rng.random() < 0.8 else Producer.Status.SUBMITTED,
        )
        for i, partner in enumerate(partners)
    )
    seller_every = count // sellers

    def member(index: int) -> Member:
        seller = index % seller_every == 0 and index // seller_every < sellers
        specialty = seller or rng.random() < 0.3
        public = rng.choices([TriState.YES, TriState.NO, TriState.UNKNOWN], [5, 2, 3])[0]
        epay = rng.choices([TriState.YES, TriState.NO, TriState.UNKNOWN], [6, 1, 3])[0]
        recorded = today - datetime.timedelta(days=rng.randrange(700))
        return Member(
            member_number=f"{NUMBER_PREFIX}{index:08d}",
            full_name=f"Đoàn viên {index}",
            birth_year=rng.randrange(1990, 2008),
            gender=rng.choice([Member.Gender.FEMALE, Member.Gender.MALE]),
            org_unit=old_communes[index % len(old_communes)],
            has_specialty_product=TriState.YES if specialty else TriState.NO,
            specialty_recorded_on=recorded if specialty else None,
            uses_public_services=public,
            public_services_recorded_on=recorded if public != TriState.UNKNOWN else None,
            has_epayment_account=epay,
            epayment_recorded_on=recorded if epay != TriState.UNKNOWN else None,
            producer=producers[index // seller_every] if seller else None,
        )

    old_communes = [unit for unit in communes if unit.opened_on == OPENED]
    for start in range(0, count, BATCH):
        Member.objects.bulk_create(member(i) for i in range(start, min(start + BATCH, count)))
    moved_in_restructure = restructure(province, districts, communes)
    communes = [unit for unit in communes if unit.closed_on is None]
    log(
        f"  {count} members, {units.count()} units, {sellers} producers; "
        f"{moved_in_restructure} members transferred on {REFORM_2025}"
    )

    # 0.3% moved to another commune this March: last year's report counts them where they were.
    moved_on = datetime.date(today.year, 3, 1)
    moved = list(
        bench_members().order_by("?")[: max(1, count * 3 // 1000)].values_list("pk", "org_unit_id")
    )
    transfers = []
    for pk, unit_id in moved:
        to_unit = rng.choice(communes)
        transfers.append(
            MemberTransfer(member_id=pk, from_unit_id=unit_id, to_unit=to_unit, on=moved_on)
        )
        Member.objects.filter(pk=pk).update(org_unit=to_unit)
    MemberTransfer.objects.bulk_create(transfers)

    # E-commerce trainings, two a year per district union until the restructure, then one a
    # half-year in every fifth commune union; 8% of members attended one.
    def held_by(day):
        return districts if day < REFORM_2025 else communes[::5]

    sessions = TrainingSession.objects.bulk_create(
        TrainingSession(
            topic=Topic.ECOMMERCE,
            title="Bán hàng trên sàn thương mại điện tử",
            held_on=held_on,
            org_unit=unit,
        )
        for year in (today.year - 1, today.year)
        for half in (0, 1)
        if (held_on := datetime.date(year, 4 + 5 * half, 10)) <= today
        for unit in held_by(held_on)
    )
    attended = (
        bench_members().filter(has_specialty_product=TriState.YES).values_list("pk", flat=True)
    )
    share = min(1.0, 0.08 * count / max(1, attended.count()))
    rows = []
    for pk in attended.iterator(chunk_size=BATCH):
        if rng.random() < share:
            rows.append(Attendance(session=rng.choice(sessions), member_id=pk))
            if len(rows) >= BATCH:
                Attendance.objects.bulk_create(rows)
                rows = []
    Attendance.objects.bulk_create(rows)

    # Approvals in the audit trail, products on sale, and orders.
    producer_type = ContentType.objects.get_for_model(Producer)
    approved = [p for p in producers if p.status == Producer.Status.APPROVED]
    ModelLogEntry.objects.bulk_create(
        ModelLogEntry(
            content_type=producer_type,
            label=p.slug,
            action=funnel.PRODUCER_APPROVED_ACTION,
            object_id=str(p.pk),
            timestamp=timezone.now() - datetime.timedelta(days=rng.randrange(30, 600)),
        )
        for p in approved
    )
    product_class = ProductClass.objects.get(slug=SPECIALTY_PRODUCT_CLASS_SLUG)
    offers = []  # (partner, product)
    products = []
    for p in approved:
        for n in range(rng.randrange(1, 4)):
            products.append(
                (
                    p.partner,
                    Product(
                        product_class=product_class,
                        structure=Product.STANDALONE,
                        title=f"Đặc sản bench {p.pk}-{n}",
                        slug=f"{PREFIX}-{p.pk}-{n}",
                        upc=f"{NUMBER_PREFIX}{p.pk}-{n}",
                        is_public=rng.random() < 0.85,
                        moderation=Product.Moderation.APPROVED,
                    ),
                )
            )
    Product.objects.bulk_create([product for _partner, product in products], batch_size=BATCH)
    StockRecord.objects.bulk_create(
        (
            StockRecord(
                product=product,
                partner=partner,
                partner_sku=product.upc,
                price=Decimal(150000),
                num_in_stock=20,
            )
            for partner, product in products
        ),
        batch_size=BATCH,
    )
    offers = [(partner, product) for partner, product in products if product.is_public]
    orders, lines = [], []
    for partner, product in rng.sample(offers, int(len(offers) * 0.6)):
        for _n in range(rng.randrange(1, 5)):
            number = f"{NUMBER_PREFIX}-{len(orders):08d}"
            status = rng.choices(
                [OrderStatus.PAID, OrderStatus.AWAITING_PAYMENT, OrderStatus.CANCELLED], [85, 10, 5]
            )[0]
            order = Order(
                number=number,
                currency="VND",
                total_incl_tax=Decimal(150000),
                total_excl_tax=Decimal(150000),
                status=status,
                payment_method="cod",
                date_placed=timezone.now() - datetime.timedelta(days=rng.randrange(400)),
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
                    quantity=1,
                    line_price_incl_tax=Decimal(150000),
                    line_price_excl_tax=Decimal(150000),
                    line_price_before_discounts_incl_tax=Decimal(150000),
                    line_price_before_discounts_excl_tax=Decimal(150000),
                    num_allocated=0,
                    status=LineStatus.PENDING,
                )
            )
    Order.objects.bulk_create(orders, batch_size=BATCH)
    Line.objects.bulk_create(lines, batch_size=BATCH)
    paid_type, _created = PaymentEventType.objects.get_or_create(
        code=funnel.PAID_EVENT_CODE, defaults={"name": "Paid"}
    )
    PaymentEvent.objects.bulk_create(
        (
            PaymentEvent(order=o, event_type=paid_type, amount=o.total_incl_tax)
            for o in orders
            if o.status == OrderStatus.PAID
        ),
        batch_size=BATCH,
    )
    # Paid a day after it was placed.
    PaymentEvent.objects.filter(order__number__startswith=NUMBER_PREFIX).update(
        date_created=Subquery(
            Order.objects.filter(pk=OuterRef("order_id")).values("date_placed")[:1]
        )
        + datetime.timedelta(days=1)
    )
    log(f"  {len(products)} products, {len(orders)} orders")

    # Teams, activities and the plan's targets.
    Team.objects.bulk_create(
        [
            *(
                Team(kind=Team.Kind.CORE, name=f"Đội nòng cốt {i}", org_unit=districts[i % 10])
                for i in range(14)
            ),
            *(
                Team(
                    kind=Team.Kind.COMMUNITY,
                    name=f"Tổ CNSCĐ {c.code}",
                    org_unit=c,
                    youth_at_core_reported=rng.random() < 0.8,
                )
                for c in communes
            ),
        ]
    )
    activities = Activity.objects.bulk_create(
        Activity(
            kind=Activity.Kind.TRAINING,
            title=f"Hoạt động {n}",
            held_on=held_on,
            org_unit=unit,
            other_participants=40,
        )
        for year in (today.year - 1, today.year)
        for n in range(4)
        if (held_on := min(datetime.date(year, 2 + 3 * n, 15), today))
        for unit in held_by(held_on)
        if rng.random() < 0.6
    )
    # Who came: one member each (only activities with a recorded participant count).
    someone = bench_members().values_list("pk", flat=True).first()
    Activity.attendees.through.objects.bulk_create(
        Activity.attendees.through(activity_id=activity.pk, member_id=someone)
        for activity in activities
        if activity.pk is not None
    )
    Target.objects.bulk_create(
        Target(indicator=indicator, org_unit=province, year=today.year, value=value)
        for indicator, value in (
            (Indicator.SELLING_ONLINE, 10),
            (Indicator.PUBLIC_SERVICES, 60),
            (Indicator.EPAYMENT, 80),
            (Indicator.CORE_TEAMS, 20),
        )
    )
    log(f"built in {time.monotonic() - started:.0f} s")


def build_tree() -> tuple[OrgUnit, list[OrgUnit], list[OrgUnit]]:
    """The union's units until 30 June 2025, named and coded after the administrative units:
    the two provincial unions, a union for each district, one for each commune. Then the
    commune unions of today's communes (a continuing former commune union each, renamed
    under the province on 1 July 2025; see restructure)."""
    if not AdministrativeUnit.objects.exists():
        sys.exit("No administrative units: run `python manage.py load_admin_units` first.")
    province = OrgUnit.objects.create(code=f"{PREFIX}-lc", kind="province", opened_on=OPENED)
    versions = [OrgUnitVersion(unit=province, name="Tỉnh đoàn Lào Cai (bench)", valid_from=OPENED)]
    districts, communes = [], []
    for code, name in OLD_PROVINCES:
        if code == "10":
            old_union = province
        else:
            old_union = OrgUnit.objects.create(
                code=f"{PREFIX}-p{code}",
                kind="province",
                opened_on=OPENED,
                closed_on=REFORM_2025,
                successor=province,
            )
            versions.append(
                OrgUnitVersion(unit=old_union, name=f"Tỉnh đoàn {name}", valid_from=OPENED)
            )
        old_province = unit_on(code, on=BEFORE_REFORM_2025)
        for district in AdministrativeUnit.objects.on(BEFORE_REFORM_2025).filter(
            parent=old_province
        ):
            union = OrgUnit.objects.create(
                code=f"{PREFIX}-d{district.code}",
                kind=OrgUnit.Kind.DISTRICT,
                opened_on=OPENED,
                closed_on=REFORM_2025,
                successor=province,
            )
            versions.append(
                OrgUnitVersion(
                    unit=union,
                    name=f"Đoàn {district.full_name}",
                    parent=old_union,
                    valid_from=OPENED,
                )
            )
            districts.append(union)
            for commune in AdministrativeUnit.objects.on(BEFORE_REFORM_2025).filter(
                parent=district
            ):
                unit = OrgUnit(
                    code=f"{PREFIX}-c{commune.code}", kind=OrgUnit.Kind.GRASSROOTS, opened_on=OPENED
                )
                unit.save()
                unit.place_code = commune.code
                versions.append(
                    OrgUnitVersion(
                        unit=unit, name=f"Đoàn {commune.full_name}", parent=union, valid_from=OPENED
                    )
                )
                communes.append(unit)
    OrgUnitVersion.objects.bulk_create(versions)
    return province, districts, communes


def restructure(province: OrgUnit, districts: list[OrgUnit], communes: list[OrgUnit]) -> int:
    """1 July 2025 for the commune unions, as org_unit_merge leaves them, in bulk: each of
    today's communes is continued by the union of its first former commune (renamed, moved
    under the province); the other former communes' unions close into it, their members
    transferred. Returns how many members were transferred."""
    by_code = {unit.place_code: unit for unit in communes}
    today_province = unit_on(NEW_PROVINCE, on=REFORM_2025)
    continuing: dict[int, OrgUnit] = {}  # old commune union id -> the union it became part of
    versions = []
    for new in AdministrativeUnit.objects.on(REFORM_2025).filter(parent=today_province):
        olds = [
            by_code[code]
            for code in UnitSuccession.objects.filter(successor=new)
            .order_by("predecessor__code")
            .values_list("predecessor__code", flat=True)
            if code in by_code and by_code[code].pk not in continuing
        ]
        if not olds:
            continue
        heir = olds[0]
        versions.append(
            OrgUnitVersion(
                unit=heir, name=f"Đoàn {new.full_name}", parent=province, valid_from=REFORM_2025
            )
        )
        for old in olds:
            continuing[old.pk] = heir
    OrgUnitVersion.objects.bulk_create(versions)
    moved = 0
    for unit in communes:
        heir = continuing.get(unit.pk, province)
        if heir.pk == unit.pk:
            continue
        unit.closed_on, unit.successor = REFORM_2025, heir
        unit.save(update_fields=["closed_on", "successor"])
        members = list(Member.objects.filter(org_unit=unit).values_list("pk", flat=True))
        MemberTransfer.objects.bulk_create(
            MemberTransfer(member_id=pk, from_unit=unit, to_unit=heir, on=REFORM_2025)
            for pk in members
        )
        Member.objects.filter(pk__in=members).update(org_unit=heir)
        moved += len(members)
    return moved


# --- Timing ---


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(label: str, runs: int, call) -> None:
    """Run `call` once to warm up (content types, query plans), then `runs` times."""
    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    # Counted by a wrapper, not connection.queries: a request through the test client
    # empties that log when it starts.
    with connection.execute_wrapper(count):
        call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    log(
        f"{label:<52} p50 {statistics.median(times):7.1f} ms"
        f"   p95 {percentile(times, 0.95):7.1f} ms   {len(executed)} queries"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--view", action="store_true", help="also time the page (test client)")
    parser.add_argument("--clean", action="store_true", help="delete the bench data and stop")
    args = parser.parse_args()

    existing = bench_members().count()
    if args.clean or (existing and existing != args.members):
        clean()
        if args.clean:
            return
        existing = 0
    if not existing:
        log(f"building {args.members} members on {connection.vendor}…")
        with transaction.atomic():
            build(args.members, random.Random(2023))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        started = time.monotonic()
        result = funnel.funnel_recompute()
        log(
            f"funnel_recompute (all members, nightly job): {time.monotonic() - started:.1f} s, "
            f"{result.created} rows written; members per stage: {result.stages}"
        )
    else:
        log(f"reusing {existing} bench members on {connection.vendor}")

    this_year = selectors.today().year
    province = bench_units().get(code=f"{PREFIX}-lc")
    # a commune union today, with former communes merged into it
    district = (
        bench_units()
        .filter(closed_on__isnull=True, kind=OrgUnit.Kind.GRASSROOTS, predecessors__isnull=False)
        .order_by("code")
        .first()
    )
    # "counting": the counts computed by SQL every time (fresh=True), as on "Count again now"
    # and in the nightly job; "stored": the cache emptied before each run, so the counts the
    # nightly job (here the counting runs) stored in DashboardCounts are read, as on a cache
    # miss; "cached": as the other requests get them.
    for label, unit, year, fresh in (
        ("counting", province, this_year, True),
        ("counting", province, this_year - 1, True),
        ("counting", province, 2024, True),
        ("counting", district, this_year, True),
        ("stored", province, this_year, False),
        ("stored", province, this_year - 1, False),
        ("stored", district, this_year, False),
        ("cached", province, this_year, False),
        ("cached", district, this_year, False),
    ):
        day = dashboard.report_day(year)

        def build_report(unit=unit, year=year, day=day, fresh=fresh, label=label):
            if label == "stored":
                cache.clear()
            tree = selectors.org_tree_on(day)
            return dashboard.dashboard_build(
                tree=tree, unit_id=unit.pk, year=year, day=day, fresh=fresh
            )

        kind = "province" if unit == province else "commune"
        timed(f"dashboard selector, {kind}, {year}, {label}", args.runs, build_report)

    if args.view:
        from django.test import Client
        from django.urls import reverse

        from accounts.models import User

        user, _created = User.objects.get_or_create(
            email="bench-dashboard@example.com", defaults={"is_superuser": True, "is_staff": True}
        )
        client = Client()
        client.force_login(user)
        index = reverse("mentoring_dashboard:index")

        def get(url, clear=False):
            def call():
                if clear:
                    cache.clear()
                response = client.get(url)
                assert response.status_code == 200, response.status_code

            return call

        figure = reverse("mentoring_dashboard:figure", args=[province.pk, "selling_online"])
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            for label, url in (
                ("page, province, counting", f"{index}?unit={province.pk}&fresh=1"),
                ("page, province, stored", f"{index}?unit={province.pk}"),
                ("page, province, cached", f"{index}?unit={province.pk}"),
                ("page, commune, cached", f"{index}?unit={district.pk}"),
                (
                    "page, province, 2024 under today's units",
                    f"{index}?unit={province.pk}&year=2024&units=today",
                ),
                ("drill-down: selling online, province", figure),
                ("drill-down: its base, first page", f"{figure}?part=base"),
            ):
                timed(label, args.runs, get(url, clear=label.endswith("stored")))


if __name__ == "__main__":
    main()
