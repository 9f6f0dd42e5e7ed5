"""The country's administrative units for the tests that need them: loaded once per session
(about 14,000 rows, committed), kept when a transactional test empties the database, and
loaded again, committed, before a module that needs them should they be missing (a plugin of
tests/conftest.py).

A module needs them when it asks for `admin_units`, or posts or places an order (every
address is a place of today's map since the two-tier form): it names the checkout helpers'
ADDRESS, basket_checkout, or the worlds that place orders."""

import functools

import pytest
from django.core.management.commands import flush as flush_command

from places.models import AdministrativeUnit, UnitSuccession
from places.services import admin_units_load

# Words in a test module's source that mean it places orders or posts addresses.
_NEEDS_UNITS = ("admin_units", "ADDRESS", "basket_checkout", "place_order", "practice.world")


def _sql_flush_keeping_units(style, connection, reset_sequences=True, allow_cascade=False):
    """Django's `sql_flush` without the units' tables. A transactional test (a live server,
    real concurrent transactions) ends with `flush`, which emptied the 25,000 rows of the
    country's units, and the next test of a module that needs them loaded them all again:
    two to three seconds for each of about sixty tests. The units are reference data no test
    changes in a transaction it commits (the places tests change them inside rolled-back
    ones), so they stay, as they stay out of the serialized rollback
    (TEST_NON_SERIALIZED_APPS); the check below still loads them should they be missing."""
    kept = {model._meta.db_table for model in (AdministrativeUnit, UnitSuccession)}
    tables = [
        table
        for table in connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        if table not in kept
    ]
    return connection.ops.sql_flush(
        style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
    )


@pytest.fixture(scope="session", autouse=True)
def _flush_keeps_the_units():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flush_command, "sql_flush", _sql_flush_keeping_units)
        yield


@pytest.fixture(scope="session")
def _admin_units_in_test_db(django_db_setup, django_db_blocker):
    """Load the country's units once per session, outside the tests' transactions, so each
    test reads them without paying the load. Idempotent, so a reused test database costs
    only the comparison."""
    with django_db_blocker.unblock():
        admin_units_load()


@functools.cache
def _module_needs_units(path: str) -> bool:
    with open(path, encoding="utf-8") as source:
        text = source.read()
    return any(word in text for word in _NEEDS_UNITS)


@pytest.fixture(scope="module", autouse=True)
def _admin_units_for_module(request, django_db_blocker):
    """Before a module that needs the units (and its module-wide worlds): load them,
    committed, if they are missing."""
    path = getattr(request.module, "__file__", None)
    if not path or not _module_needs_units(path):
        return
    request.getfixturevalue("_admin_units_in_test_db")
    with django_db_blocker.unblock():
        if not AdministrativeUnit.objects.exists():
            admin_units_load()


@pytest.fixture(autouse=True)
def _admin_units_for_test(request, django_db_blocker):
    """The same before each test of such a module: a transactional test of the module may
    have emptied the database (one query when they are there)."""
    path = getattr(request.module, "__file__", None)
    if not path or not _module_needs_units(path):
        return
    if not (request.node.get_closest_marker("django_db") or "db" in request.fixturenames):
        return
    with django_db_blocker.unblock():
        if not AdministrativeUnit.objects.exists():
            admin_units_load()


@pytest.fixture
def admin_units(_admin_units_in_test_db, db):
    """The units, in a test's transaction. Should a transactional test of this module have
    emptied them, load them again (inside this test, rolled back after it)."""
    if not AdministrativeUnit.objects.exists():
        admin_units_load()
