"""Admin choosers: editors pick Oscar products and producers in pages and StreamField blocks.

The choosers list only what a buyer could see (public products, approved producers), so a
page cannot feature something the shop would hide. Search is a plain `icontains`: neither
model is in Wagtail's search index (Oscar owns the product, producers.Producer is ours).
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet

from marketplace.catalogue.models import Product
from producers.models import Producer
from producers.selectors import producers_public, products_public


class _SearchForm(BaseFilterForm):
    """A search box whose fields each view names in `search_lookups`."""

    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Search")}),
        required=False,
    )
    search_lookups: tuple[str, ...] = ()

    def filter(self, objects):
        objects = super().filter(objects)
        query = self.cleaned_data.get("q", "").strip()
        if query:
            condition = Q()
            for lookup in self.search_lookups:
                condition |= Q(**{lookup: query})
            objects = objects.filter(condition).distinct()
            self.is_searching = True
            self.search_query = query
        return objects


class ProductSearchForm(_SearchForm):
    search_lookups = ("title__icontains", "upc__iexact", "stockrecords__partner__name__icontains")


class ProducerSearchForm(_SearchForm):
    search_lookups = (
        "partner__name__icontains",
        "former_district__name__icontains",
        "commune__name__icontains",
    )


class _ProductChooserMixin:
    filter_form_class = ProductSearchForm

    def get_object_list(self):
        return products_public().prefetch_related("stockrecords__partner").order_by("title")

    @property
    def columns(self):
        return [
            self.title_column,
            Column("producer", label=_("Producer"), accessor=_product_producer_name),
            Column("origin_district", label=_("District of origin")),
        ]


def _product_producer_name(product) -> str:
    # Reads the prefetched stock records: no query per row.
    records = list(product.stockrecords.all())
    return records[0].partner.name if records else ""


class ProductChooseView(_ProductChooserMixin, ChooseView):
    pass


class ProductChooseResultsView(_ProductChooserMixin, ChooseResultsView):
    pass


class ProductChooserViewSet(ChooserViewSet):
    """Pick a public product of the shop (Oscar's catalogue.Product)."""

    model = Product
    icon = "tag"
    choose_one_text = _("Choose a product")
    choose_another_text = _("Choose another product")
    edit_item_text = _("Edit this product")
    choose_view_class = ProductChooseView
    choose_results_view_class = ProductChooseResultsView
    per_page = 20


class _ProducerChooserMixin:
    filter_form_class = ProducerSearchForm

    def get_object_list(self):
        return (
            producers_public()
            .select_related("partner", "commune", "former_district")
            .order_by("partner__name")
        )

    @property
    def columns(self):
        return [self.title_column, Column("place_name", label=_("Commune or ward"))]


class ProducerChooseView(_ProducerChooserMixin, ChooseView):
    pass


class ProducerChooseResultsView(_ProducerChooserMixin, ChooseResultsView):
    pass


class ProducerChooserViewSet(ChooserViewSet):
    """Pick an approved producer (producers.Producer)."""

    model = Producer
    icon = "group"
    choose_one_text = _("Choose a producer")
    choose_another_text = _("Choose another producer")
    choose_view_class = ProducerChooseView
    choose_results_view_class = ProducerChooseResultsView
    per_page = 20


product_chooser_viewset = ProductChooserViewSet("product_chooser", url_prefix="cms/products")
producer_chooser_viewset = ProducerChooserViewSet("producer_chooser", url_prefix="cms/producers")
