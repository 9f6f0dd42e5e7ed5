import oscar.apps.dashboard.offers.apps as apps


class OffersDashboardConfig(apps.OffersDashboardConfig):
    """Oscar's offers pages, with the list of offers always in an order (views.py)."""

    name = "marketplace.dashboard.offers"
