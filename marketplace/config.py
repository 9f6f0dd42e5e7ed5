from django.urls import path
from django.views.generic import RedirectView
from oscar import config


class Shop(config.Shop):
    """Oscar's root app, with a shop front at /shop/ and without the dashboard.

    Oscar redirects /shop/ to the catalogue; we show categories and new products there instead.
    Staff reach the dashboard at /dashboard/ (mounted in config/urls.py); Oscar would also nest
    it under /shop/dashboard/, and mounting it twice gives a duplicate namespace. Search
    covers pages as well as products, so it lives at /search/ (config/urls.py); the old
    /shop/search/ redirects there. The app stays named "oscar": Oscar's class loader looks
    things up under that name.
    """

    def ready(self):
        super().ready()
        from accounts.password_reset import ResetSetPasswordForm

        # A completed reset also clears the account's failed sign-ins (accounts.throttling).
        self.set_password_form = ResetSetPasswordForm

    def get_urls(self):
        from marketplace.views import ShopHomeView

        dropped = ("", "dashboard/", "search/")
        urls = [url for url in super().get_urls() if str(url.pattern) not in dropped]
        return [
            path("", ShopHomeView.as_view(), name="home"),
            path(
                "search/",
                RedirectView.as_view(pattern_name="search:search", query_string=True),
                name="old-search",
            ),
            *urls,
        ]
