import oscar.apps.dashboard.orders.apps as apps

from marketplace.dashboard.permissions import staff_only


class OrdersDashboardConfig(apps.OrdersDashboardConfig):
    """Oscar's order pages, for staff only.

    Oscar also opens them to a partner's users who hold `partner.dashboard_access`, and then
    shows them the whole of any order holding one of their lines and lets them change it:
    another producer's lines and their statuses, the order's status, the delivery address.
    Producers see and ship their own lines in the portal (/producer/orders/) instead.

    The list and order pages are ours (views.py, found by Oscar's loader through the forked
    root dashboard, marketplace.dashboard): no status is set there directly.
    """

    name = "marketplace.dashboard.orders"

    def configure_permissions(self):
        super().configure_permissions()
        self.permissions_map = staff_only(self.permissions_map)
