from django.urls import path

from . import views

app_name = "places"

urlpatterns = [
    path("communes/", views.communes, name="communes"),
]
