import oscar.apps.dashboard.catalogue.apps as apps

from marketplace.dashboard.permissions import staff_only


class CatalogueDashboardConfig(apps.CatalogueDashboardConfig):
    """Oscar's catalogue pages, for staff only.

    A partner's user with `partner.dashboard_access` could otherwise edit their products here,
    making them public and skipping staff review. Producers list and edit their products in the
    portal, where a new name, price, photo or OCOP rating goes back to review.

    Our tables (tables.py) are found by Oscar's loader through the forked root dashboard
    (marketplace.dashboard).
    """

    name = "marketplace.dashboard.catalogue"

    def configure_permissions(self):
        super().configure_permissions()
        self.permissions_map = staff_only(self.permissions_map)
