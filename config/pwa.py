"""The site as a home-screen app: its web app manifest, its service worker and the page the
worker shows offline.

The worker's script lives in static/js/sw.js, but is served from /sw.js by `service_worker`:
a worker controls only the pages under the folder it is served from, and /static/js/ holds
no page. Its caches are named after a hash of the script and of the site's static files, so
a deploy that changes either makes a new worker, which drops the old caches."""

import hashlib
import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

THEME_COLOUR = "#9e3a22"  # --red in static/css/chophien.css
BACKGROUND_COLOUR = "#fbf6ec"  # --paper
ICON_SIZES = (192, 512)
# Stored when the worker installs: the offline page and what it needs to look like the site.
PRECACHED_STATIC = (
    "css/chophien.css",
    "js/pwa.js",
    "js/search_suggest.js",
    "img/favicon.svg",
    "img/icons/icon-192.png",
)


@require_GET
@cache_control(max_age=60 * 60 * 24)
def manifest(request):
    data = {
        "name": "Chợ Phiên",
        "short_name": "Chợ Phiên",
        "description": _("Lao Cai specialties from young producers"),
        "lang": "vi",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "id": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {
                "src": static(f"img/icons/icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any maskable",
            }
            for size in ICON_SIZES
        ],
    }
    return JsonResponse(
        data,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


@cache
def _worker_source() -> tuple[str, str]:
    """The worker's script and a version naming its caches, read once per process. The
    version hashes every file of the site's own static folder: our files keep their names
    (StaticFilesStorage), so the worker's cache-first copies must go when one changes."""
    with open(finders.find("js/sw.js"), encoding="utf-8") as script:
        source = script.read()
    digest = hashlib.sha256(source.encode())
    for folder in settings.STATICFILES_DIRS:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
    return source, digest.hexdigest()[:12]


@require_GET
# The browser checks for a new worker at most once a day whatever this says; no-cache makes
# it ask us each time, so a deploy reaches phones at their next visit.
@cache_control(no_cache=True, max_age=0)
def service_worker(request):
    source, version = _worker_source()
    worker_settings = {
        "version": version,
        "offline": reverse("offline"),
        "manifest": reverse("manifest"),
        "precache": [reverse("offline"), reverse("manifest")]
        + [static(name) for name in PRECACHED_STATIC],
    }
    body = f"const SETTINGS = {json.dumps(worker_settings)};\n{source}"
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def offline(request):
    """What the worker shows for a page that is neither online nor stored on the phone."""
    return render(request, "offline.html")
