"""No template source reaches a reader: a `{# #}` comment over two lines is printed by Django
as text (it was, on the thank-you and order pages), and so is a broken tag.

Two checks: a cheap scan of the template files for a `{#` not closed on its line, and a crawl
of every page the demo site links to, as each kind of user (buyer, guest through checkout,
producer, mentor, staff, superuser), that fails if `{#`, `#}`, `{%` or `{{` is in the HTML."""

import re
from collections import Counter, deque
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from wagtail.models import Page

from accounts.models import User
from marketplace.catalogue.models import Product
from tests.checkout.helpers import basket_add, checkout_to_preview, place_order

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates"]
LEAKS = ("{#", "#}", "{%", "{{")


def _template_files():
    for folder in TEMPLATE_DIRS:
        yield from (p for p in folder.rglob("*") if p.suffix in {".html", ".txt", ".xml"})


def test_every_template_comment_closes_on_its_own_line():
    """Django's `{# #}` comment is one line; longer ones are `{% comment %}` blocks."""
    unclosed = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for path in _template_files()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "{#" in line and "#}" not in line.split("{#", 1)[1]
    ]
    assert unclosed == []


# The crawl ---------------------------------------------------------------------------------

# Never followed: they sign the crawler out or hand over a file, not a page.
SKIP = re.compile(
    r"logout|/static/|/media/|/documents/|/sitemap|/robots\.txt|\.(xlsx|csv|zip|pdf)$"
)
# Pages of one kind (one URL pattern; one Wagtail page type) share their templates: one of each.
PER_KIND = 1
MAX_PAGES = 400
# What a browser shows: scripts, styles and inert templates hold code, not text.
CODE = re.compile(r"<(script|style|template)\b.*?</\1\s*>", re.S | re.I)
HREF = re.compile(r"""href\s*=\s*["']([^"'#]+)""", re.I)
# Wagtail's admin menu is drawn by its script from JSON ("url": "/cms-admin/...").
JSON_URL = re.compile(r'"url":\s*"(/[^"#]*)"')


def _kind(url: str) -> str | None:
    """Which view draws the page (its URL pattern; for Wagtail's pages, their type): the
    same view with other ids or filters in the query draws the same template."""
    path = urlsplit(url).path
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.url_name == "wagtail_serve":  # one pattern for every page: kind by page type
        types = Page.objects.filter(url_path__endswith=path).values_list("content_type", flat=True)
        return f"page:{min(types) if path != '/' and types else path}"
    return match.route


def _leaks(html: str) -> list[str]:
    text = unescape(CODE.sub("", html))
    found = []
    for marker in LEAKS:
        at = text.find(marker)
        if at >= 0:
            found.append(" ".join(text[max(0, at - 60) : at + 80].split()))
    return found


def _crawl(client: Client, starts: list[str]) -> tuple[dict[str, list[str]], int]:
    seen, kinds, leaks, visited = set(), Counter(), {}, 0
    queue = deque(starts)
    while queue and visited < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        kind = _kind(url)
        if kind is None or (kinds[kind] >= PER_KIND and url not in starts):
            continue
        kinds[kind] += 1
        response = client.get(url)
        visited += 1
        if response.status_code in (301, 302, 303, 307, 308):
            queue.append(urljoin(url, response["Location"]))
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        if found := _leaks(html):
            leaks[url] = found
        for href in HREF.findall(html) + JSON_URL.findall(html):
            target = urljoin(url, unescape(href).strip())
            parts = urlsplit(target)
            if parts.scheme in ("http", "https") and parts.netloc not in ("testserver", ""):
                continue
            if parts.scheme not in ("", "http", "https") or SKIP.search(parts.path):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    print(f"{visited} pages, {len(kinds)} kinds")  # noqa: T201  shown with -s
    return leaks, visited


@pytest.fixture(scope="module")
def demo_site(demo_data_with_accounts, django_db_blocker):
    """The demo site (every kind of page, with its users and orders: loaded once per run, see
    tests/support/worlds.py) with its search documents, built for the module in a
    transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("rebuild_search_documents", verbosity=0)
        yield
        transaction.set_rollback(True)


def _client_for(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


STARTS = {
    "visitor": ["/", "/shop/", "/shop/producers/", "/search/?q=mat+ong", "/producer/"],
    "buyer@example.com": ["/", "/shop/accounts/", "/shop/basket/"],
    "producer@example.com": ["/producer/"],
    "mentor@example.com": ["/cms-admin/", "/cms-admin/mentoring/"],
    "staff@example.com": ["/dashboard/", "/cms-admin/"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("who", list(STARTS))
def test_no_page_shows_template_source(demo_site, who):
    client = Client() if who == "visitor" else _client_for(who)
    if who == "buyer@example.com":
        # The basket with something in it, then the product pages it links to.
        product = Product.objects.filter(is_public=True).first()
        basket_add(client, product)
    leaks, visited = _crawl(client, STARTS[who])
    assert visited > 5
    assert leaks == {}


@pytest.mark.django_db
def test_checkout_thank_you_order_page_and_emails_show_no_template_source(
    demo_site, django_capture_on_commit_callbacks
):
    """A guest's way through checkout: each step, the thank-you page, the order's own page
    (the signed link the thank-you page gives) and the emails sent."""
    client = Client()
    product = (
        Product.objects.filter(is_public=True, stockrecords__partner__producer__offers_pickup=True)
        .select_related()
        .first()
    )
    basket_add(client, product)
    producer = product.stockrecords.get().partner.producer
    checkout_to_preview(client, options={producer: "pickup"})
    steps = [
        reverse("basket:summary"),
        reverse("checkout:shipping-address"),
        reverse("checkout:shipping-method"),
        reverse("checkout:payment-method"),
        reverse("checkout:preview"),
    ]
    leaks = {}
    for url in steps:
        response = client.get(url)
        assert response.status_code == 200, url
        if found := _leaks(response.content.decode()):
            leaks[url] = found
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the emails go once committed
        assert place_order(client).status_code == 302
    thank_you = client.get(reverse("checkout:thank-you"))
    status_url = thank_you.context["status_url"]  # the order's own page, by its signed link
    for url, response in [("thank-you", thank_you), (status_url, client.get(status_url))]:
        assert response.status_code == 200, url
        if found := _leaks(response.content.decode()):
            leaks[url] = found
    for message in mail.outbox:
        bodies = [message.body] + [body for body, _type in getattr(message, "alternatives", [])]
        if found := [m for body in bodies for m in _leaks(body)]:
            leaks[f"email: {message.subject}"] = found
    assert mail.outbox
    assert leaks == {}
