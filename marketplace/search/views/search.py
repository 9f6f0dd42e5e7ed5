from django.core.paginator import Paginator
from django.http import JsonResponse
from django.utils import numberformat
from django.utils.formats import get_format
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView
from oscar.apps.search.signals import user_search

from marketplace.search.query import SORTS
from marketplace.search.selectors import search_page, search_products_for, search_suggestions

RESULTS_PER_PAGE = 24


def grouped(number: int) -> str:
    """1.000 in Vietnamese, 1,000 in English (Django's vi format sets no grouping)."""
    return numberformat.format(
        number,
        get_format("DECIMAL_SEPARATOR"),
        grouping=3,
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


class FacetedSearchView(TemplateView):
    """/search/?q=…: products first (with facets), then CMS pages. Every choice is a GET
    parameter, so a result page can be shared. The name is Oscar's, kept for its loader."""

    template_name = "oscar/search/results.html"

    def get(self, request, *args, **kwargs):
        self.search = search_page(params=request.GET)
        if self.search.query:
            user_search.send(
                sender=self, session=request.session, user=request.user, query=self.search.query
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = Paginator(self.search.documents, RESULTS_PER_PAGE)
        page_obj = paginator.get_page(self.request.GET.get("page"))
        params = self.request.GET.copy()
        params.pop("page", None)
        context.update(
            search=self.search,
            query=self.search.query,
            products=search_products_for(documents=page_obj.object_list),
            paginator=paginator,
            page_obj=page_obj,
            is_paginated=paginator.num_pages > 1,
            # "More than 1,000 results": counted up to the cap (RankedResults, CappedResults).
            more_than=grouped(paginator.count)
            if getattr(self.search.documents, "capped", False)
            else None,
            sorts=SORTS,
            hidden_params=[(k, v) for k, vs in params.lists() if k != "sort" for v in vs],
        )
        return context


@require_GET
@cache_control(max_age=60, public=True)
def suggest(request):
    """/search/suggest/?q=…: up to six product titles as JSON, for the search box."""
    return JsonResponse({"results": search_suggestions(query=request.GET.get("q", ""))})
