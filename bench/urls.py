"""The site's URLs, the benchmark's baseline view and the media files (the generated
products' thumbnails), which the site leaves to the web server in production."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import path, re_path
from django.views.static import serve

from config.urls import urlpatterns as site_urlpatterns


def baseline(request):
    """The least a Django request can cost here: every middleware, no template, no query."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/baseline/", baseline),
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *site_urlpatterns,
]
