"""SQLite as `make run` serves it, under concurrent clients: not one 500 (issue 21, item 3).

The server is the one `make run` starts (scripts/serve.sh: `manage.py runserver`, a thread per
request) with the settings users get (config.settings.dev, the default DATABASE_URL path),
not the test settings, on a copy of this test's database. bench/load_mix.py drives it:
reads, basket adds, form posts, failed sign-ins and trace-page views from 16 clients at once.
"""

import datetime
import os
import socket
import sqlite3
import subprocess
import sys
import time

import pytest
import requests
from django.conf import settings
from django.db import connection

from accounts.models import User
from bench import load_mix
from producers import trace
from tests.factories.cms import make_site_pages
from tests.factories.marketplace import make_category, make_product
from tests.factories.producers import make_producer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


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


def test_make_runs_sqlite_server_answers_a_mixed_load_without_a_single_500(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's single writer; PostgreSQL is measured by bench/load_mix.py")
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

    database = tmp_path / "db.sqlite3"
    source = sqlite3.connect(connection.settings_dict["NAME"])
    with sqlite3.connect(database) as copy:
        source.backup(copy)
    source.close()

    process, url = _users_settings_server(database, tmp_path)
    try:
        report = load_mix.run(
            url,
            clients=16,
            seconds=12,
            trace_urls=[lot.get_absolute_url()],
            form_path=pages["form"].url,
        )
    finally:
        process.terminate()
        process.wait(timeout=20)
    print(report.table())

    assert report.server_errors == 0, (
        report.table() + "\n" + (tmp_path / "server.log").read_text()[-4000:]
    )
    # Every kind ran and its writes went through, many of them at the same time.
    assert report.statuses["basket_add"]["302"] >= 10
    assert report.statuses["failed_sign_in"]["200"] >= 10
    assert report.statuses["form_post"]["200"] >= 10
    assert report.statuses["trace"]["200"] >= 10
    with sqlite3.connect(database) as copy:
        (scans,) = copy.execute("SELECT scan_count FROM producers_lot").fetchone()
    assert scans >= report.statuses["trace"]["200"] * 0.9  # counted, after each page
