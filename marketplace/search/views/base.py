from django.conf import settings
from django.views.generic import ListView

from marketplace.search.forms import SortForm


class ProductListView(ListView):
    """A page of products with a sort choice; subclasses say which products."""

    context_object_name = "products"
    paginate_by = settings.OSCAR_PRODUCTS_PER_PAGE

    def get_sort_form(self) -> SortForm:
        if not hasattr(self, "_sort_form"):
            self._sort_form = SortForm(self.request.GET)
        return self._sort_form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sort_form"] = self.get_sort_form()
        return context
