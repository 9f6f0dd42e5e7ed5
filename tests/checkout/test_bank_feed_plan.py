"""Finding the payment a transfer names must not read the shop's whole history: each call of
the bank feed's webhook runs this query, and the shop's past only grows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.payment import bank_feed

pytestmark = pytest.mark.django_db


def test_the_payment_a_transfer_names_is_found_through_indexes():
    if connection.vendor != "postgresql":
        pytest.skip("the query plan read is PostgreSQL's (production's database)")
    # Both kinds of reference: a payment's own ("CP100123 1") and an order's number alone.
    with CaptureQueriesContext(connection) as captured:
        bank_feed._reference_matches("CP100123 1 chuyen tien cp100124")
    (query,) = captured.captured_queries
    with connection.cursor() as cursor:
        # An empty table is read whole whatever the indexes; with sequential scans priced out
        # the planner shows whether an index can answer at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + query["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan" not in plan, plan
    # Each kind is looked up in an index, not found by walking one in full and filtering.
    assert "Index Cond: ((reference)::text = ANY" in plan, plan
    assert "Index Cond: ((number)::text =" in plan, plan
