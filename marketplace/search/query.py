"""What a search asks for: the words, the chosen facet values and the sort, read from GET
parameters so that every result page is a shareable URL."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_WORDS = 8  # longer queries are cut: each word is one more LIKE
MAX_QUERY_LENGTH = 100
SORTS = {
    "relevance": _("Best match"),
    "newest": _("Newest"),
    "price-asc": _("Price low to high"),
    "price-desc": _("Price high to low"),
}


@dataclass(frozen=True)
class PriceBand:
    label: str
    low: int | None
    high: int | None

    @property
    def lookups(self) -> dict:
        lookups = {"price__isnull": False}
        if self.low is not None:
            lookups["price__gte"] = Decimal(self.low)
        if self.high is not None:
            lookups["price__lt"] = Decimal(self.high)
        return lookups


PRICE_BANDS = {
    "0-100": PriceBand(_("Under 100,000 ₫"), None, 100_000),
    "100-200": PriceBand(_("100,000 – 200,000 ₫"), 100_000, 200_000),
    "200-500": PriceBand(_("200,000 – 500,000 ₫"), 200_000, 500_000),
    "500-": PriceBand(_("500,000 ₫ and over"), 500_000, None),
}


def ocop_valid_q(day=None) -> Q:
    """Documents whose OCOP certificate is valid today (the badge buyers see)."""
    day = day or timezone.localdate()
    return Q(ocop_stars__isnull=False, ocop_valid_from__lte=day, ocop_valid_until__gte=day)


def _ints(values: list[str]) -> list[int]:
    return sorted({int(v) for v in values if v.isdigit() and len(v) < 10})


@dataclass
class SearchFilters:
    """Facet values chosen: OR within one facet, AND across facets."""

    category: list[int] = field(default_factory=list)
    district: list[str] = field(default_factory=list)
    commune: list[str] = field(default_factory=list)
    producer: list[int] = field(default_factory=list)
    ocop: list[int] = field(default_factory=list)
    price: list[str] = field(default_factory=list)
    in_stock: bool = False

    @classmethod
    def from_querydict(cls, data: QueryDict) -> "SearchFilters":
        """Unknown or malformed values are ignored: a shared URL never breaks the page."""
        return cls(
            category=_ints(data.getlist("category")),
            district=sorted({d.strip()[:100] for d in data.getlist("district") if d.strip()}),
            commune=sorted({c.strip()[:120] for c in data.getlist("commune") if c.strip()}),
            producer=_ints(data.getlist("producer")),
            ocop=[s for s in _ints(data.getlist("ocop")) if 3 <= s <= 5],
            price=[key for key in PRICE_BANDS if key in data.getlist("price")],
            in_stock=data.get("in_stock") == "1",
        )

    def conditions(self, without: str = "") -> list[Q]:
        conditions = []
        if self.category and without != "category":
            conditions.append(Q(category_id__in=self.category))
        if self.district and without != "district":
            conditions.append(Q(district__in=self.district))
        if self.commune and without != "commune":
            conditions.append(Q(commune__in=self.commune))
        if self.producer and without != "producer":
            conditions.append(Q(producer_id__in=self.producer))
        if self.ocop and without != "ocop":
            conditions.append(ocop_valid_q() & Q(ocop_stars__in=self.ocop))
        if self.price and without != "price":
            band_q = Q()
            for key in self.price:
                band_q |= Q(**PRICE_BANDS[key].lookups)
            conditions.append(band_q)
        if self.in_stock and without != "in_stock":
            conditions.append(Q(in_stock=True))
        return conditions

    def apply(self, documents: QuerySet, *, without: str = "") -> QuerySet:
        for condition in self.conditions(without):
            documents = documents.filter(condition)
        return documents

    def chosen(self, name: str) -> list:
        """The values chosen for one facet, as the facet's rows hold them."""
        if name == "in_stock":
            return ["1"] if self.in_stock else []
        values = getattr(self, name)
        return [str(v) for v in values] if name == "ocop" else list(values)

    def is_chosen(self, name: str, value) -> bool:
        chosen = getattr(self, name)
        if name == "in_stock":
            return chosen and str(value) == "1"
        return value in chosen or str(value) in [str(c) for c in chosen]

    @property
    def any(self) -> bool:
        return (
            bool(
                self.category
                or self.district
                or self.commune
                or self.producer
                or self.ocop
                or self.price
            )
            or self.in_stock
        )


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int | None  # None: more matches than counted (RESULT_CAP), shown without a count
    chosen: bool
    url: str  # the current search with this value switched on or off


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    values: list[FacetValue]  # the most common first; only the first few unless expanded
    total: int = 0  # how many values the facet has (shown or not)
    more_url: str = ""  # lists every value ("" when all are shown and none are hidden)
    fewer_url: str = ""  # back to the first few (when expanded and some would be hidden)
