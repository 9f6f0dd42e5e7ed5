"""Oscar's root dashboard is forked (Oscar's fork rules), so Oscar's loader finds our
"dashboard.…" classes by module and class name: no app patches another's views."""

from django.apps import apps

from marketplace.dashboard.catalogue.tables import CategoryTable, ProductTable
from marketplace.dashboard.offers.views import OfferListView
from marketplace.dashboard.orders.views import OrderDetailView, OrderListView
from marketplace.dashboard.views import IndexView


def test_the_root_dashboard_is_our_fork_and_its_home_is_ours():
    dashboard = apps.get_app_config("dashboard")
    assert dashboard.name == "marketplace.dashboard"
    assert dashboard.index_view is IndexView


def test_oscars_loader_finds_our_order_and_offer_views_and_catalogue_tables():
    orders = apps.get_app_config("orders_dashboard")
    assert orders.order_list_view is OrderListView
    assert orders.order_detail_view is OrderDetailView
    catalogue = apps.get_app_config("catalogue_dashboard")
    assert issubclass(catalogue.product_list_view.table_class, ProductTable)
    assert issubclass(catalogue.category_list_view.table_class, CategoryTable)
    assert issubclass(catalogue.category_detail_list_view.table_class, CategoryTable)
    offers = apps.get_app_config("offers_dashboard")
    assert offers.name == "marketplace.dashboard.offers"
    assert offers.list_view is OfferListView
