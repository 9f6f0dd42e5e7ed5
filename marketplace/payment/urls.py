from django.urls import path

from marketplace.payment import bank_feed_views, views

app_name = "payments"
urlpatterns = [
    # Before the order pattern, which would take "bank-feed" for an order number.
    path("bank-feed/", bank_feed_views.ReconciliationView.as_view(), name="bank-feed"),
    path("<str:order_number>/", views.OrderPaymentsView.as_view(), name="order"),
]
