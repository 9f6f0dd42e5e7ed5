from django.urls import path

from producers import views

app_name = "producers"
urlpatterns = [
    path("", views.ProducerDirectoryView.as_view(), name="directory"),
    path("<slug:slug>/", views.ProducerDetailView.as_view(), name="detail"),
]
