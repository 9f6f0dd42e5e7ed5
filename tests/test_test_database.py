"""The test database a run leaves for the next one (`--reuse-db`): the migrations' data put
back, and new rows still getting ids of their own."""

import datetime

import pytest
from django.db import connection

from payouts.models import WithholdingRate
from tests.support.database import migrated_data_put_back


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_rows_made_after_the_migrations_data_is_put_back_get_new_ids():
    # The rate of Decree 117/2025 is a data migration's row: it comes back with its old id.
    decree = WithholdingRate.objects.get(effective_from=datetime.date(2025, 7, 1))

    migrated_data_put_back(connection._test_serialized_contents)

    assert WithholdingRate.objects.get(effective_from=datetime.date(2025, 7, 1)).pk == decree.pk
    later = WithholdingRate.objects.create(
        kind="goods", vat_percent=2, pit_percent=1, effective_from=datetime.date(2027, 1, 1)
    )
    assert later.pk > decree.pk
