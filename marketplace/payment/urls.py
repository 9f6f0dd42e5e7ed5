from django.urls import path

from marketplace.payment import views

app_name = "payments"
urlpatterns = [
    path("<str:order_number>/", views.OrderPaymentsView.as_view(), name="order"),
]
