"""The site's URLs with the roster import screens mounted, as mentoring's wagtail_hooks does in
the Wagtail admin, so the import views can be tested on their own."""

from django.urls import include, path

from config.urls import urlpatterns as site_urlpatterns
from mentoring import import_views

urlpatterns = [
    path("cms-admin/mentoring/import/", include((import_views.urlpatterns, "mentoring_import"))),
    *site_urlpatterns,
]
