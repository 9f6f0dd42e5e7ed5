import pytest
from django.db import transaction

from marketplace.search.indexing import search_documents_rebuild
from tests.search.catalogue import build_catalogue


@pytest.fixture(scope="module")
def catalogue(django_db_setup, django_db_blocker):
    """The test catalogue, built once per module inside a transaction that is rolled back at
    the end (each test still runs in its own savepoint). Documents are built explicitly: the
    on-commit refresh never fires inside a test's transaction (test_indexing covers it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        data = build_catalogue()
        search_documents_rebuild()
        yield data
        transaction.set_rollback(True)
