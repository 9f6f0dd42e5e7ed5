"""Search documents: one small row per product and per live page, kept up to date on save.

Every backend reads the same rows. The folded columns hold `core.text.fold()` and `text.exact()`
forms with a space at each end, so a word's start is " word". SQLite matches them with LIKE
(a scan, fine for a district's catalogue); PostgreSQL adds trigram GIN indexes on them
(migration 0002) and trigram similarity for typos; Wagtail's search framework (OpenSearch or
Elasticsearch) indexes the same rows when CHOPHIEN_SEARCH_ENGINE = "wagtail".
"""

from django.conf import settings
from django.db import models
from modelsearch import index


def _wagtail_fields(fields: list) -> list:
    # Wagtail indexes a model on every save as soon as it has search fields. With our own
    # database backends that would be a second, unused index, so the fields are declared
    # only when the Wagtail engine (OpenSearch/Elasticsearch) is the one answering.
    return fields if getattr(settings, "CHOPHIEN_SEARCH_ENGINE", "") == "wagtail" else []


class ProductSearchDocumentQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(is_listed=True)


class ProductSearchDocument(index.Indexed, models.Model):
    """What search needs to know about a product, denormalised so that matching, ranking and
    facet counts read one table. Rebuilt by `marketplace.search.indexing` after each commit
    that touches the product, its stock, producer, category or OCOP certificate."""

    product = models.OneToOneField(
        "catalogue.Product",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    is_listed = models.BooleanField(default=False)  # Product.objects.shown_to_public()
    title_folded = models.TextField(blank=True)
    title_exact = models.TextField(blank=True)
    text_folded = models.TextField(blank=True)  # title, category, producer, district, description
    text_exact = models.TextField(blank=True)
    category = models.ForeignKey(
        "catalogue.Category", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # the top-level category the product sits under
    producer = models.ForeignKey(
        "producers.Producer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    district = models.CharField(max_length=100, blank=True)
    # Today's commune or ward of the producer, by its full official name ("Xã Tú Lệ"): the
    # second place facet. Names are unique within the site's one province, so no code.
    commune = models.CharField(max_length=120, blank=True)
    ocop_stars = models.PositiveSmallIntegerField(null=True, blank=True)
    ocop_valid_from = models.DateField(null=True, blank=True)
    ocop_valid_until = models.DateField(null=True, blank=True)
    price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    in_stock = models.BooleanField(default=False)
    date_created = models.DateTimeField(null=True, blank=True)

    objects = ProductSearchDocumentQuerySet.as_manager()

    search_fields = _wagtail_fields(
        [
            index.SearchField("title_folded", boost=3),
            index.SearchField("text_folded"),
            index.AutocompleteField("title_folded"),
            index.FilterField("is_listed"),
            index.FilterField("category_id"),
            index.FilterField("producer_id"),
            index.FilterField("district"),
            index.FilterField("commune"),
            index.FilterField("ocop_stars"),
            index.FilterField("price"),
            index.FilterField("in_stock"),
        ]
    )

    class Meta:
        indexes = [
            models.Index(fields=["is_listed", "category"], name="search_doc_category"),
            models.Index(fields=["is_listed", "district"], name="search_doc_district"),
            models.Index(fields=["is_listed", "commune"], name="search_doc_commune"),
            models.Index(fields=["is_listed", "producer"], name="search_doc_producer"),
            models.Index(fields=["is_listed", "price"], name="search_doc_price"),
            models.Index(fields=["is_listed", "-date_created"], name="search_doc_newest"),
        ]

    def __str__(self):
        return self.title_folded.strip()


class PageSearchDocument(models.Model):
    """The searchable text of a live, public Wagtail page of any type, taken from the page
    type's own `search_fields`, so new page types are found without changes here."""

    page = models.OneToOneField(
        "wagtailcore.Page", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    title_folded = models.TextField(blank=True)
    title_exact = models.TextField(blank=True)
    text_folded = models.TextField(blank=True)
    text_exact = models.TextField(blank=True)

    def __str__(self):
        return self.title_folded.strip()


class SearchWord(models.Model):
    """A word of some listed product's folded text (numbers left out). On PostgreSQL a typed
    word that starts no word of any product is looked up here by trigram similarity (an index
    on a few thousand short rows, about a millisecond) and its near neighbours are matched
    like typed words: comparing the typo with every document's whole text instead took
    0.3 s for "thao quar" at 100,000 products. Rows are added as documents are refreshed and
    never removed: a word no longer used only matches nothing."""

    word = models.CharField(max_length=100, primary_key=True)

    def __str__(self):
        return self.word
