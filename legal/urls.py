from django.urls import path

from legal.views import ConsentsView, CurrentDocumentView, GateView

app_name = "legal"
urlpatterns = [
    path("accept/", GateView.as_view(), name="gate"),
    path("consents/", ConsentsView.as_view(), name="consents"),
    path("<slug:kind>/", CurrentDocumentView.as_view(), name="document"),
]
