from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.views.generic import ListView

from marketplace.search.forms import SortForm
from pagecache.services import page_cache_version


class CountCachedPaginator(Paginator):
    """A paginator whose count is kept under the page cache's version: the number of public
    products changes only with a change that sets a new version (pagecache), and counting
    them was most of an uncached catalogue page's database time at national size (a 28 ms
    scan of 100,000 products on every request)."""

    def __init__(self, *args, count_key: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        key = f"listing-count:{page_cache_version()}:{self.count_key}"
        return cache.get_or_set(
            key, lambda: Paginator.count.func(self), settings.CHOPHIEN_PAGE_CACHE_SECONDS
        )


class ProductListView(ListView):
    """A page of products with a sort choice; subclasses say which products, and under
    which name their count is cached (`count_key`)."""

    context_object_name = "products"
    paginate_by = settings.OSCAR_PRODUCTS_PER_PAGE
    paginator_class = CountCachedPaginator

    def count_key(self) -> str:
        raise NotImplementedError

    def get_paginator(self, *args, **kwargs):
        return super().get_paginator(*args, count_key=self.count_key(), **kwargs)

    def get_sort_form(self) -> SortForm:
        if not hasattr(self, "_sort_form"):
            self._sort_form = SortForm(self.request.GET)
        return self._sort_form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sort_form"] = self.get_sort_form()
        return context
