"""SQLite as `make run` serves it, under concurrent clients: not one 500 (issue 21, item 3).

The server is the one `make run` starts (scripts/serve.sh: `manage.py runserver`, a thread per
request) with the settings users get (config.settings.dev, the default DATABASE_URL path),
not the test settings, on a copy of this test's database. bench/load_mix.py drives it:
reads, basket adds, form posts, failed sign-ins and trace-page views from 16 clients at once.
"""

import contextlib
import datetime
import html
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.urls import reverse

from accounts.models import User
from bench import load_mix
from producers import trace
from tests.checkout.helpers import ADDRESS, make_seller
from tests.factories.cms import make_site_pages
from tests.factories.marketplace import make_category, make_product
from tests.factories.producers import make_producer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
THANK_YOU = "/shop/checkout/thank-you/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _users_settings_server(database, tmp_path):
    """`manage.py runserver` as scripts/serve.sh runs it, on `database` (an SQLite file)."""
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(tmp_path / "private-media"),
        "STRIPE_API_BASE": "http://127.0.0.1:9",  # no payment in this mix
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "server.log", "wb"),  # noqa: SIM115  (closed with the process)
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            requests.get(url + "/shop/", timeout=5)
            return process, url
        except requests.ConnectionError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    process.kill()
    pytest.fail("the server did not start:\n" + (tmp_path / "server.log").read_text()[-3000:])


def _log(tmp_path) -> str:
    return "\n" + (tmp_path / "server.log").read_text()[-4000:]


@contextlib.contextmanager
def _served_copy(tmp_path):
    """This test's database, as it stands, copied and served by `make run`'s server."""
    database = tmp_path / "db.sqlite3"
    source = sqlite3.connect(connection.settings_dict["NAME"])
    with sqlite3.connect(database) as copy:
        source.backup(copy)
    source.close()
    process, url = _users_settings_server(database, tmp_path)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def _sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's single writer; PostgreSQL is measured by bench/load_mix.py")


def test_make_runs_sqlite_server_answers_a_mixed_load_without_a_single_500(tmp_path):
    _sqlite_only()
    category = make_category(name="Chè Shan Tuyết")
    producer = make_producer()
    product = make_product(partner=producer.partner, category=category, num_in_stock=10_000)
    for _ in range(3):
        make_product(partner=producer.partner, category=category, num_in_stock=10_000)
    owner = User.objects.create_user(email="pao@example.com", password="x" * 12)
    producer.partner.users.add(owner)
    lot = trace.lot_save(
        producer=producer,
        by=owner,
        product=product,
        lot_number="CHE-1",
        quantity="120 gói",
        produced_on=datetime.date(2026, 3, 12),
    )
    pages = make_site_pages(producer=producer)  # the home page and the sell form among them
    User.objects.create_user(email="buyer@example.com", password="y" * 12)

    with _served_copy(tmp_path) as url:
        report = load_mix.run(
            url,
            clients=16,
            seconds=12,
            trace_urls=[lot.get_absolute_url()],
            form_path=pages["form"].url,
        )
    print(report.table())

    assert report.server_errors == 0, (
        report.table() + "\n" + (tmp_path / "server.log").read_text()[-4000:]
    )
    # Every kind ran and its writes went through, many of them at the same time.
    # (A few each at least: on a loaded machine the 12 s hold fewer requests.)
    assert report.statuses["basket_add"]["302"] >= 3
    assert report.statuses["failed_sign_in"]["200"] >= 3
    assert report.statuses["form_post"]["200"] >= 3
    assert report.statuses["trace"]["200"] >= 3
    with sqlite3.connect(tmp_path / "db.sqlite3") as copy:
        (scans,) = copy.execute("SELECT scan_count FROM producers_lot").fetchone()
    assert scans >= report.statuses["trace"]["200"] * 0.9  # counted, after each page


class Buyer:
    """A guest with a browser's cookies going through checkout on the served site."""

    def __init__(self, url: str):
        self.url = url
        self.session = requests.Session()
        self.session.headers["User-Agent"] = load_mix.PHONE
        self.session.get(url + "/shop/basket/", timeout=60)

    def post(self, path: str, data: dict) -> requests.Response:
        token = self.session.cookies.get("csrftoken", "")
        return self.session.post(
            self.url + path,
            data={**data, "csrfmiddlewaretoken": token},
            headers={"Referer": self.url + path},
            allow_redirects=False,
            timeout=60,
        )

    def to_preview(self, producer, product) -> None:
        steps = [
            (reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1}),
            (reverse("checkout:index"), {"username": "mua@example.com", "options": "anonymous"}),
            (reverse("checkout:shipping-address"), ADDRESS),
            (reverse("checkout:shipping-method"), {f"group_{producer.partner_id}": "pickup"}),
            (reverse("checkout:payment-method"), {"method": "cod"}),
        ]
        for path, data in steps:
            response = self.post(path, data)
            assert response.status_code == 302, (path, response.text[:2000])
        preview = self.session.get(self.url + reverse("checkout:preview"), timeout=60)
        self.place_order_form = dict(
            re.findall(
                r'<input type="hidden" name="(action|basket|terms_\w+)" value="([^"]*)"',
                preview.text,
            )
        )

    def place_order(self) -> requests.Response:
        return self.post(reverse("checkout:preview"), self.place_order_form)


def _at_once(calls) -> list:
    """Run the calls in threads released together; their results (or exceptions)."""
    start = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        start.wait()
        try:
            results[index] = call()
        except Exception as error:  # noqa: BLE001  (reported by the test's assertion)
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_six_buyers_of_the_last_unit_and_a_double_click_hear_why_not_a_500(tmp_path):
    """On `make run`'s server: six guests place an order for the last unit at the same moment
    (one order; five see the preview again saying it is gone), and a seventh clicks "Place
    order" twice (one order; the second click says it was already placed)."""
    _sqlite_only()
    producer, last_unit = make_seller(name="HTX Mận Bắc Hà", stock=1, post=False)
    other, plenty = make_seller(name="HTX Chè Tả Phìn", stock=50, post=False)
    with _served_copy(tmp_path) as url:
        buyers = [Buyer(url) for _ in range(6)]
        for buyer in buyers:
            buyer.to_preview(producer, last_unit)
        double_clicker = Buyer(url)
        double_clicker.to_preview(other, plenty)

        race = _at_once([buyer.place_order for buyer in buyers])
        clicks = _at_once([double_clicker.place_order, double_clicker.place_order])
        sold = [_after(buyer, answer, url) for buyer, answer in zip(buyers, race, strict=True)]
        # A browser shows the answer to the last click only: follow the one that is not the
        # first click's thank-you page (the messages are shown on whichever page comes first).
        clicks.sort(key=lambda c: getattr(c, "headers", {}).get("Location") == THANK_YOU)
        clicked = [_after(double_clicker, answer, url) for answer in clicks]

    # One buyer got the unit; the five others are back at their basket, told it is gone.
    assert sorted(status for status, _where, _told in sold) == [302] * 6, [sold, _log(tmp_path)]
    assert sorted(where for _status, where, _told in sold) == (["/shop/basket/"] * 5 + [THANK_YOU])
    for _status, where, told in sold:
        if where == "/shop/basket/":
            assert f"'{last_unit.get_title()}'không có sẵn" in told
    # One order from the double click; the second click shows it, saying it was placed.
    assert sorted(status for status, _where, _told in clicked) == [302, 302], clicked
    late = clicked[0]
    assert clicked[1][1] == THANK_YOU, clicked
    assert late[1].startswith("/shop/checkout/order/"), clicked
    assert "Đơn hàng này đã được đặt rồi." in late[2]
    with sqlite3.connect(tmp_path / "db.sqlite3") as copy:
        (orders,) = copy.execute("SELECT count(*) FROM order_order").fetchone()
    assert orders == 2  # one for the last unit, one for the double click


def _after(buyer, answer, url) -> tuple:
    """(status, where it sent the buyer, the messages shown there) of one answer."""
    if not isinstance(answer, requests.Response):
        return (repr(answer), None, "")
    where = answer.headers.get("Location")
    if answer.status_code != 302 or not where:
        return (answer.status_code, None, "")
    return (302, where, _messages(buyer.session.get(url + where, timeout=60)))


def _messages(page: requests.Response) -> str:
    """The text of the page's messages box (templates/oscar/partials/alert_messages.html)."""
    match = re.search(r'<div id="messages".*?</main>|<div id="messages".*', page.text, re.S)
    return html.unescape(re.sub(r"<[^>]+>|\s+", " ", match.group(0))) if match else ""


@pytest.mark.django_db(transaction=False)
def test_the_tests_use_the_sqlite_options_users_get():
    """No SQLite option of the test settings hides what `make run` users would meet."""
    _sqlite_only()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    users = subprocess.run(
        [
            sys.executable,
            "-c",
            # The settings alone, without loading the apps (django.setup() costs seconds).
            "import json; from django.conf import settings; "
            "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))",
        ],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(users.stdout.strip().splitlines()[-1]) == connection.settings_dict["OPTIONS"]
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
