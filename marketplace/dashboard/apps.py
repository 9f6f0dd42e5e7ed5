import oscar.apps.dashboard.apps as apps


class DashboardConfig(apps.DashboardConfig):
    """Oscar's dashboard root, forked (Oscar's fork rules): Oscar looks up every
    "dashboard.…" class in this package first, so our home page (views.IndexView), order pages
    (orders/views.py) and catalogue tables (catalogue/tables.py) replace Oscar's by module and
    class name, and the rest stay Oscar's."""

    name = "marketplace.dashboard"
