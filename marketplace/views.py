from django.views.generic import TemplateView

from marketplace.search.selectors import category_list_with_counts, product_browse_list

SHOP_HOME_PRODUCT_COUNT = 12


class ShopHomeView(TemplateView):
    """The shop's front at /shop/: its categories and the newest products."""

    template_name = "oscar/shop_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["categories"] = category_list_with_counts()
        context["products"] = product_browse_list()[:SHOP_HOME_PRODUCT_COUNT]
        return context
