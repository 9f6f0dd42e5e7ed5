"""The site as a home-screen app (config.pwa): the manifest, the service worker served from
the root, the offline page, and every page linking both. The worker's behaviour offline is
tested in a browser: tests/browser/test_offline.py."""

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from PIL import Image

from accounts.models import User
from tests.factories.marketplace import make_product
from tests.support.people import sign_in_with_password

pytestmark = pytest.mark.django_db


def test_manifest_is_valid_json_with_the_apps_name_and_colours(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Chợ Phiên"
    assert manifest["short_name"]
    assert (manifest["start_url"], manifest["scope"]) == ("/", "/")
    assert manifest["display"] == "standalone"
    assert manifest["lang"] == "vi"
    css = open(finders.find("css/chophien.css"), encoding="utf-8").read()
    assert f"--red: {manifest['theme_color']};" in css
    assert f"--paper: {manifest['background_color']};" in css


def test_manifest_icons_exist_at_their_declared_sizes(client):
    icons = json.loads(client.get("/manifest.webmanifest").content)["icons"]
    assert {icon["sizes"] for icon in icons} >= {"192x192", "512x512"}
    for icon in icons:
        assert icon["type"] == "image/png"
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon["src"]
        width, height = (int(n) for n in icon["sizes"].split("x"))
        with Image.open(path) as image:
            assert (image.format, image.size) == ("PNG", (width, height))


def test_service_worker_is_served_from_the_root_as_javascript(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    settings = json.loads(re.match(rb"const SETTINGS = (.*);\n", response.content).group(1))
    assert settings["offline"] == "/offline/"
    assert "/offline/" in settings["precache"]
    assert re.fullmatch(r"[0-9a-f]{12}", settings["version"])
    # Every file the worker stores at install is there (addAll fails on a single 404).
    for url in settings["precache"]:
        if url.startswith("/static/"):
            assert finders.find(url.removeprefix("/static/")), url


def test_service_worker_never_keeps_checkout_basket_payment_or_accounts(client):
    """The worker's list of paths it never stores, read from the script it is served as."""
    source = client.get("/sw.js").content.decode()
    never = re.search(r"const NEVER = \[(.*?)\];", source, re.S).group(1)
    patterns = [re.compile(p.replace("\\/", "/")) for p in re.findall(r"/(\^?.*?[^\\])/,", never)]

    def refused(path):
        return any(pattern.search(path) for pattern in patterns)

    for path in [
        "/shop/checkout/",
        "/shop/checkout/order/100001/abc/",
        "/shop/checkout/pay/100001/abc/",
        "/shop/basket/",
        "/shop/accounts/login/",
        "/shop/accounts/orders/100001/",
        "/dashboard/",
        "/cms-admin/",
        "/producer/orders/",
        "/dashboard/payments/",
    ]:
        assert refused(path), path
    for path in ["/shop/catalogue/mat-ong_1/", "/shop/producers/htx-bac-ha/", "/t/abc/"]:
        assert not refused(path), path


@pytest.mark.parametrize("path", ["/sw.js", "/manifest.webmanifest", "/offline/"])
def test_a_background_fetch_that_left_before_a_sign_in_does_not_sign_the_person_out(path):
    """The browser fetches the worker's script (on every visit), the manifest and the offline
    page by itself. One that left with the old session's cookie and reached the server just
    after a sign-in used to be answered "delete the session cookie": the new one. Seen as a
    practice-shop trainee signed out between opening the join page and pressing its button
    (tests/browser/test_practice.py, on a loaded machine)."""
    User.objects.create_user(phone="0912345678", password="mat-ong-bac-ha-2026")
    phone = Client()
    before = phone.session  # an anonymous visitor's session, as a join link's page makes
    before["opened"] = "a join link"
    before.save()
    old_cookie = phone.cookies[settings.SESSION_COOKIE_NAME].value
    signed_in = sign_in_with_password(phone, "0912345678", "mat-ong-bac-ha-2026")
    assert signed_in.status_code == 302
    assert phone.cookies[settings.SESSION_COOKIE_NAME].value != old_cookie  # a new key

    late = Client()
    late.cookies[settings.SESSION_COOKIE_NAME] = old_cookie
    response = late.get(path)
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    # A page opened with that cookie is answered as Django always does (the session is
    # gone, and so is its cookie): only what the browser fetches by itself is left alone.
    assert late.get("/").cookies[settings.SESSION_COOKIE_NAME].value == ""


def test_offline_page_says_so(client):
    response = client.get("/offline/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.h1.get_text() == "Bạn đang ngoại tuyến"


@pytest.mark.parametrize("path", ["/", "/shop/", "/shop/basket/", "/offline/", "product"])
def test_pages_link_the_manifest_and_the_register_script(client, path):
    if path == "product":
        path = make_product().get_absolute_url()
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    assert soup.select_one("link[rel=manifest]")["href"] == "/manifest.webmanifest"
    assert soup.select_one("script[src='/static/js/pwa.js']")
    note = soup.select_one("#cp-offline")
    if path != "/offline/":
        assert note.has_attr("hidden")
        assert note.get_text().startswith("Bạn đang ngoại tuyến")
