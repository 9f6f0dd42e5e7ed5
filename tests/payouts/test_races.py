"""Staff racing on PostgreSQL: two people making a batch, or marking one paid, at the same
moment. Row locks keep every entry in one batch and every batch paid once."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from payouts import services
from payouts.models import LedgerEntry, PayoutBatch
from tests.payouts.helpers import card_paid_order, sellers

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _at_once(work, times: int) -> tuple[list, list]:
    start = threading.Barrier(times)
    done, refused = [], []

    def run(index):
        try:
            start.wait()
            done.append(work(index))
        except ValidationError as error:
            refused.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done, refused


def test_racing_staff_make_one_batch_and_pay_it_once(admin_units):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite runs one writer at a time)")
    _honey, jar, _tea, pack = sellers()
    card_paid_order([(jar, 1), (pack, 1)])

    today = timezone.localdate()
    made, refused = _at_once(
        lambda _i: services.payout_batch_create(period_end=today, by=None), times=4
    )
    assert len(made) == 1 and len(refused) == 3
    assert PayoutBatch.objects.count() == 1
    assert not LedgerEntry.objects.filter(batch__isnull=True).exists()

    batch = services.payout_batch_export(batch=made[0], by=None)
    paid, refused = _at_once(
        lambda i: services.payout_batch_mark_paid(
            batch=batch, reference=f"VCB-{i}", paid_on=today, by=None
        ),
        times=4,
    )
    assert len(paid) == 1 and len(refused) == 3
    batch.refresh_from_db()
    assert batch.paid_reference == paid[0].paid_reference
