from django.urls import path

from producers import views

app_name = "producers"
urlpatterns = [
    path("", views.ProducerDirectoryView.as_view(), name="directory"),
    path("<slug:slug>/", views.ProducerDetailView.as_view(), name="detail"),
    # Outside the admin so that everyone but reviewing staff gets a plain 404 (the admin would
    # send a producer to its sign-in page, telling them something is there).
    path(
        "identity-documents/<int:pk>/",
        views.IdentityDocumentView.as_view(),
        name="identity_document",
    ),
]
