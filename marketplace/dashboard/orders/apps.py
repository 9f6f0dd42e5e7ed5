import oscar.apps.dashboard.orders.apps as apps

from marketplace.dashboard.permissions import staff_only


class OrdersDashboardConfig(apps.OrdersDashboardConfig):
    """Oscar's order pages, for staff only.

    Oscar also opens them to a partner's users who hold `partner.dashboard_access`, and then
    shows them the whole of any order holding one of their lines and lets them change it:
    another producer's lines and their statuses, the order's status, the delivery address.
    Producers see and ship their own lines in the portal (/producer/orders/) instead.

    The list and order pages are ours (views.py): no status is set there directly.
    """

    name = "marketplace.dashboard.orders"

    def configure_permissions(self):
        super().configure_permissions()
        self.permissions_map = staff_only(self.permissions_map)

    def ready(self):
        super().ready()
        # Oscar finds "dashboard.orders.views" through the root dashboard app, which is not
        # forked, so it would load its own views: ours are set here.
        from marketplace.dashboard.orders import views

        self.order_list_view = views.OrderListView
        self.order_detail_view = views.OrderDetailView
        # The dashboard home's order figures, without practice orders (mentoring.practice):
        # the root dashboard app is ready before this one, and reads its views at URL time.
        from django.apps import apps as django_apps

        from marketplace.dashboard.index import IndexView

        django_apps.get_app_config("dashboard").index_view = IndexView
