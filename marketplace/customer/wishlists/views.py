"""Oscar's wish list views, with adding a product POST only."""

from oscar.apps.customer.wishlists import views
from oscar.apps.customer.wishlists.views import *  # noqa: F403  the views we do not change


class WishListAddProduct(views.WishListAddProduct):
    """Oscar adds on a GET too ("nasty", says its comment): any page could fill a signed-in
    buyer's wish list. Only a POST with the CSRF token adds; a GET adds nothing (405)."""

    http_method_names = ["post", "options"]

    def dispatch(self, request, *args, **kwargs):
        # Oscar's dispatch creates the buyer's wish list before the method is checked.
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)
