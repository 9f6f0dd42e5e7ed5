"""Search and facet latency over a 100,000-product catalogue on PostgreSQL.

Generates `--products` products (default 100,000) with Vietnamese names, 300 producers in the
Lao Cai districts, six categories, prices, stock and OCOP ratings, by bulk insert, then builds
their search documents with the real indexing code (`product_documents_refresh`, in batches).
It then times, for a set of buyer queries (with and without diacritics, typos, facets chosen):

- search: the typo check, matching, ranking, the result count and the first page of 24 (what
  the page lists, through the engine's `product_results`);
- facets: the six facet counts (category, district, producer, OCOP, price band, in stock),
  one query through `product_facets`, never from the cache.

    DATABASE_URL=postgres://... DJANGO_SETTINGS_MODULE=config.settings.dev \\
        python bench/search.py --products 100000 --rounds 5

Generated rows carry SKUs starting "bench-" and are kept for the next run (generation is
skipped when they exist); `--reset` deletes them first. See bench/README.md.
"""

import argparse
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.utils import timezone  # noqa: E402
from oscar.apps.partner.models import Partner  # noqa: E402

from marketplace.catalogue.models import (  # noqa: E402
    Category,
    OcopCertificate,
    Product,
    ProductCategory,
    ProductClass,
)
from marketplace.partner.models import StockRecord  # noqa: E402
from marketplace.search.backends import get_engine  # noqa: E402
from marketplace.search.backends.matching import ParsedQuery  # noqa: E402
from marketplace.search.indexing import product_documents_refresh  # noqa: E402
from marketplace.search.query import SearchFilters  # noqa: E402
from marketplace.services import SPECIALTY_PRODUCT_CLASS_SLUG  # noqa: E402
from producers.models import Producer  # noqa: E402

DISTRICTS = [
    "Bắc Hà",
    "Sa Pa",
    "Bát Xát",
    "Mường Khương",
    "Si Ma Cai",
    "Bảo Yên",
    "Bảo Thắng",
    "Văn Bàn",
    "Lào Cai",
    "Bảo Hà",
]
CATEGORIES = ["Mật ong", "Chè và trà", "Gia vị", "Thịt gác bếp", "Nấm và lâm sản", "Gạo"]
KINDS = [
    ("Mật ong", 0),
    ("Mật ong rừng", 0),
    ("Sáp ong", 0),
    ("Chè Shan Tuyết", 1),
    ("Trà hoa vàng", 1),
    ("Chè xanh", 1),
    ("Thảo quả", 2),
    ("Đường phèn", 2),
    ("Mắc khén", 2),
    ("Hạt dổi", 2),
    ("Tương ớt", 2),
    ("Thịt trâu gác bếp", 3),
    ("Lạp xưởng", 3),
    ("Thịt con dê", 3),
    ("Con dế rang", 3),
    ("Nấm hương", 4),
    ("Mộc nhĩ", 4),
    ("Măng khô", 4),
    ("Tam thất", 4),
    ("Gạo Séng Cù", 5),
    ("Miến dong", 5),
    ("Đậu tương", 5),
    ("Khoai sọ", 5),
    ("Táo mèo", 2),
]
QUALIFIERS = [
    "loại một",
    "nguyên chất",
    "hữu cơ",
    "thượng hạng",
    "sấy khô",
    "hun khói",
    "đặc biệt",
    "truyền thống",
    "vùng cao",
    "cổ thụ",
    "tự nhiên",
    "mùa đông",
]
PACKS = ["túi 200g", "túi 500g", "hộp 1kg", "chai 500ml", "lọ 300g", "gói 100g"]
QUERIES = [
    {"q": "mật ong"},
    {"q": "mat ong"},
    {"q": "MẬT ONG RỪNG"},
    {"q": "duong phen"},
    {"q": "con dê"},
    {"q": "che shan tuyet"},
    {"q": "thao qua say kho"},
    {"q": "nam huong"},
    {"q": "gao seng cu bac ha"},
    {"q": "tam that"},
    {"q": "thao quar"},
    {"q": "shan tuyeet"},
    {"q": "mật ong", "district": "Bắc Hà"},
    {"q": "nấm", "ocop": "4", "in_stock": "1"},
    {"q": "thịt", "price": "200-500"},
    {"q": "hop 1kg"},
    {"q": "ong"},
    {"q": "m"},
    {"district": "Sa Pa"},
    {},
]


def generate(total: int, batch: int = 5000) -> None:
    rng = random.Random(7)
    product_class = ProductClass.objects.get(slug=SPECIALTY_PRODUCT_CLASS_SLUG)
    categories = []
    for i, name in enumerate(CATEGORIES):
        categories.append(
            Category.objects.filter(depth=1, slug=f"bench-{i}").first()
            or Category.add_root(name=f"{name} (bench)", slug=f"bench-{i}")
        )
    producers = []
    for i in range(300):
        district = DISTRICTS[i % len(DISTRICTS)]
        partner = Partner.objects.create(code=f"bench-{i}", name=f"Hợp tác xã số {i} {district}")
        producers.append(
            Producer.objects.create(
                partner=partner,
                slug=f"bench-{i}",
                kind="cooperative",
                # As typed: the bench measures the search, not the map (no units loaded).
                district_as_typed=district,
                commune_as_typed=f"Xã {i}",
                status="approved",
            )
        )
    now = timezone.now()
    today = timezone.localdate()
    made = 0
    while made < total:
        size = min(batch, total - made)
        rows = []
        for n in range(made, made + size):
            kind, category_index = KINDS[n % len(KINDS)]
            producer = producers[rng.randrange(len(producers))]
            place = producer.district_name
            title = f"{kind} {rng.choice(QUALIFIERS)} {place} – {rng.choice(PACKS)} {n}"
            rows.append(
                (
                    Product(
                        product_class=product_class,
                        structure=Product.STANDALONE,
                        title=title,
                        slug=f"bench-{n}",
                        description=f"{kind} của {producer}.",
                        origin_district=producer.district_name,
                        is_public=True,
                        date_created=now,
                        date_updated=now,
                    ),
                    producer,
                    categories[category_index],
                )
            )
        with transaction.atomic():
            products = Product.objects.bulk_create([r[0] for r in rows])
            StockRecord.objects.bulk_create(
                StockRecord(
                    product=p,
                    partner_id=producer.partner_id,
                    partner_sku=f"bench-{p.slug}",
                    price=Decimal(rng.randrange(20, 900) * 1000),
                    price_currency="VND",
                    num_in_stock=rng.choice([0, 3, 10, 50]),
                )
                for p, (_, producer, _c) in zip(products, rows, strict=True)
            )
            ProductCategory.objects.bulk_create(
                ProductCategory(product=p, category=c)
                for p, (_, _p, c) in zip(products, rows, strict=True)
            )
            OcopCertificate.objects.bulk_create(
                OcopCertificate(
                    product=p,
                    stars=rng.choice([3, 4, 5]),
                    number=f"bench-{p.pk}",
                    issued_on=today.replace(year=today.year - 1),
                    expires_on=today.replace(year=today.year + 2),
                )
                for p in products
                if rng.random() < 0.15
            )
            product_documents_refresh(product_ids=[p.pk for p in products])
        made += size
        print(f"  {made:,} products", flush=True)


def reset() -> None:
    with transaction.atomic():
        Product.objects.filter(slug__startswith="bench-").delete()
        Producer.objects.filter(slug__startswith="bench-").delete()
        Partner.objects.filter(code__startswith="bench-").delete()
        for category in Category.objects.filter(depth=1, slug__startswith="bench-"):
            category.delete()


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def measure(rounds: int) -> None:
    engine = get_engine()
    search_ms, facet_ms, typed_facet_ms, browse_facet_ms = [], [], [], []
    print(f"\n{'query':42} {'results':>8} {'search ms':>10} {'facets ms':>10}")
    for params in QUERIES:
        data = QueryDict(mutable=True)
        for key, value in params.items():
            data[key] = value
        filters = SearchFilters.from_querydict(data)
        sort = "relevance" if params.get("q") else "newest"
        times_s, times_f = [], []
        for round_ in range(rounds + 1):  # the first round warms the caches
            # What the search page runs: the typo check, the count and the first page (the
            # shortlist ranked by the full score when sorting by relevance)...
            start = time.perf_counter()
            q = engine.prepare(ParsedQuery(params.get("q", "")))
            documents = engine.product_results(q, filters, sort)
            count = documents.count()
            [d.product_id for d in documents[:24]]
            middle = time.perf_counter()
            # ...then the six facets, not from the cache (browsing with no words reads them
            # from the cache on the page, but a cache miss costs this).
            engine.product_facets(q, filters, cached=False)
            end = time.perf_counter()
            if round_:
                times_s.append((middle - start) * 1000)
                times_f.append((end - middle) * 1000)
        search_ms += times_s
        facet_ms += times_f
        # Browsing with no words reads its facets from the cache on the page: the figure here
        # is the cache miss (once per catalogue change), shown apart from typed searches'.
        (typed_facet_ms if params.get("q") else browse_facet_ms).extend(times_f)
        label = " ".join(f"{k}={v}" for k, v in params.items()) or "(browse all)"
        print(
            f"{label[:42]:42} {count:>8,} {statistics.median(times_s):>10.1f} "
            f"{statistics.median(times_f):>10.1f}"
        )
    print(f"\nengine: {engine.name}, {ProductSearchDocumentCount()} documents, {rounds} rounds")
    rows = (
        ("search", search_ms),
        ("facets", facet_ms),
        ("  of which with words typed", typed_facet_ms),
        ("  of which browsing (cache miss)", browse_facet_ms),
    )
    for name, values in rows:
        print(
            f"{name:32} p50 {percentile(values, 50):6.1f} ms   p95 {percentile(values, 95):6.1f} ms"
        )


def ProductSearchDocumentCount() -> str:  # noqa: N802
    from marketplace.search.models import ProductSearchDocument

    return f"{ProductSearchDocument.objects.count():,}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--reset", action="store_true", help="delete earlier bench rows first")
    parser.add_argument(
        "--measure-only", action="store_true", help="time the rows already there, add none"
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this on PostgreSQL (DATABASE_URL=postgres://...): it measures pg_trgm.")
    if args.reset:
        reset()
    existing = Product.objects.filter(slug__startswith="bench-").count()
    if existing < args.products and not args.measure_only:
        if existing:
            reset()
        print(f"Generating {args.products:,} products…", flush=True)
        started = time.perf_counter()
        generate(args.products)
        print(f"  done in {time.perf_counter() - started:.0f} s", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    measure(args.rounds)


if __name__ == "__main__":
    main()
