import oscar.apps.dashboard.catalogue.apps as apps

from marketplace.dashboard.permissions import staff_only


class CatalogueDashboardConfig(apps.CatalogueDashboardConfig):
    """Oscar's catalogue pages, for staff only.

    A partner's user with `partner.dashboard_access` could otherwise edit their products here,
    making them public and skipping staff review. Producers list and edit their products in the
    portal, where a new name, price, photo or OCOP rating goes back to review.
    """

    name = "marketplace.dashboard.catalogue"

    def configure_permissions(self):
        super().configure_permissions()
        self.permissions_map = staff_only(self.permissions_map)

    def ready(self):
        super().ready()
        # Oscar finds "dashboard.catalogue.tables" through the root dashboard app, which is not
        # forked, so its views would keep its tables: ours are set here (as orders does).
        from marketplace.dashboard.catalogue import tables

        def with_table(view, table):
            return type(view.__name__, (view,), {"table_class": table})

        self.product_list_view = with_table(self.product_list_view, tables.ProductTable)
        self.category_list_view = with_table(self.category_list_view, tables.CategoryTable)
        self.category_detail_list_view = with_table(
            self.category_detail_list_view, tables.CategoryTable
        )
