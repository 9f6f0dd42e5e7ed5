"""The country's units are loaded once per test run and outlive the `flush` that ends each
transactional test (tests/support/places.py): reloading them after every live-server test
cost two to three seconds each. Everything else is still emptied."""

import pytest
from django.core.management import call_command

from accounts.models import User
from places.models import AdministrativeUnit, UnitSuccession
from places.services import admin_units_load


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_flush_empties_the_tables_but_keeps_the_units():
    if not AdministrativeUnit.objects.exists():
        admin_units_load()
    units, successions = AdministrativeUnit.objects.count(), UnitSuccession.objects.count()
    User.objects.create_user(email="flushed@example.com", password="x")

    # As a transactional test's teardown flushes: the sequences are not reset (on PostgreSQL a
    # reset, with the serialized rows put back by their ids, would make the next insert collide).
    call_command(
        "flush", verbosity=0, interactive=False, inhibit_post_migrate=True, reset_sequences=False
    )

    assert not User.objects.exists()
    assert AdministrativeUnit.objects.count() == units > 10000
    assert UnitSuccession.objects.count() == successions > 0
