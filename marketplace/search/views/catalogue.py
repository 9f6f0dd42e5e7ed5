from urllib.parse import unquote

from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from marketplace.catalogue.models import Category
from marketplace.search.selectors import product_browse_list
from marketplace.search.views.base import ProductListView


class CatalogueView(ProductListView):
    """Every public product."""

    template_name = "oscar/catalogue/browse.html"

    def get_queryset(self):
        # Shown only as cards: the grid prefetches for the cards it has to render.
        return product_browse_list(sort=self.get_sort_form().sort(), prefetch=False)

    def count_key(self) -> str:
        return "catalogue"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = _("All products")
        return context


class ProductCategoryView(ProductListView):
    """The public products of a category and its subcategories."""

    template_name = "oscar/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, pk=kwargs["pk"])
        if not (self.category.is_public or request.user.is_staff):
            raise Http404
        expected_path = self.category.get_absolute_url()
        if unquote(expected_path) != unquote(request.path):
            # Categories are found by primary key, so a renamed slug redirects.
            return HttpResponsePermanentRedirect(expected_path)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return product_browse_list(
            category=self.category, sort=self.get_sort_form().sort(), prefetch=False
        )

    def count_key(self) -> str:
        # A category's products include its subcategories', which a moved category changes:
        # categories set a new page cache version too.
        return f"category:{self.category.pk}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = self.category
        context["summary"] = self.category.name
        return context
