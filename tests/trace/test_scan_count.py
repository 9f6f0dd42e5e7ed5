"""The trace page's scan count never fails or holds up the page (issue 21, item 3)."""

import sqlite3
import time

import pytest
from django.db import connection
from django.test import Client

from producers.models import Lot
from tests.trace.test_lots import PHONE, _lot


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_trace_page_is_served_while_another_writer_holds_the_database(tea, caplog):
    """A phone opens a label while someone else writes (SQLite: one writer at a time, held
    here longer than the busy timeout). The page is served at once; only the scan goes
    uncounted, and the log says so."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's single writer lock")
    lot = _lot(*tea)
    # A first visit, as on any running site: the menu and footer settings exist from then on
    # (Wagtail creates them on first read).
    Client(HTTP_USER_AGENT=PHONE).get(lot.get_absolute_url())
    connection.ensure_connection()
    # The settings' 20 s wait, shortened so the test is quick; the same connection serves the
    # test client's requests.
    connection.connection.execute("PRAGMA busy_timeout = 300")
    other_writer = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    other_writer.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        response = Client(HTTP_USER_AGENT=PHONE).get(lot.get_absolute_url())
        elapsed = time.monotonic() - started
    finally:
        other_writer.execute("ROLLBACK")
        other_writer.close()
    assert response.status_code == 200
    assert lot.lot_number in response.content.decode()
    assert elapsed < 5
    assert Lot.objects.get(pk=lot.pk).scan_count == 1
    assert "not counted" in caplog.text

    # Once the writer is gone, scans count again.
    Client(HTTP_USER_AGENT=PHONE).get(lot.get_absolute_url())
    assert Lot.objects.get(pk=lot.pk).scan_count == 2


@pytest.mark.django_db
def test_a_head_request_is_not_a_scan(tea):
    lot = _lot(*tea)
    assert Client(HTTP_USER_AGENT=PHONE).head(lot.get_absolute_url()).status_code == 200
    assert Lot.objects.get(pk=lot.pk).scan_count == 0
