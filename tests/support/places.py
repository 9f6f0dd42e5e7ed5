"""The country's administrative units for the tests that need them (`admin_units`): loaded
once per session, only when a test asks for them (a plugin of tests/conftest.py)."""

import pytest

from places.models import AdministrativeUnit
from places.services import admin_units_load


@pytest.fixture(scope="session")
def _admin_units_in_test_db(django_db_setup, django_db_blocker):
    """Load the country's units once per session (about 14,000 rows), outside the tests'
    transactions, so each test reads them without paying the load. Idempotent, so a reused
    test database costs only the comparison."""
    with django_db_blocker.unblock():
        admin_units_load()


@pytest.fixture
def admin_units(_admin_units_in_test_db, db):
    """The units, in a test's transaction. A transactional test elsewhere in the session may
    have flushed them; then load them again (inside this test, rolled back after it)."""
    if not AdministrativeUnit.objects.exists():
        admin_units_load()
