from oscar.apps.search.signals import user_search

from marketplace.search.selectors import product_search
from marketplace.search.views.base import ProductListView


class FacetedSearchView(ProductListView):
    """Product search from the shop's search box (the name is Oscar's, kept for its loader)."""

    template_name = "oscar/search/results.html"

    def get(self, request, *args, **kwargs):
        self.query = request.GET.get("q", "").strip()
        user_search.send(sender=self, session=request.session, user=request.user, query=self.query)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return product_search(query=self.query, sort=self.get_sort_form().sort())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.query
        return context
