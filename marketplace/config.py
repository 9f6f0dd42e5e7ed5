from oscar import config


class Shop(config.Shop):
    """Oscar's root app, with the shop's URLs minus the dashboard.

    Staff reach the dashboard at /dashboard/ (mounted in config/urls.py); Oscar would also nest
    it under /shop/dashboard/, and mounting it twice gives a duplicate namespace. The app stays
    named "oscar": Oscar's class loader looks things up under that name.
    """

    def get_urls(self):
        return [url for url in super().get_urls() if str(url.pattern) != "dashboard/"]
