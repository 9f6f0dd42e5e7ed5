import pytest
from django.core.cache import cache
from django.utils import translation

# Worlds built once and shared (the demo data once per run): see tests/support/worlds.py.
pytest_plugins = [
    "tests.support.database",
    "tests.support.worlds",
    "tests.support.phone_gateways",
    "tests.support.places",
    "tests.support.union_tree",
]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (local memory outlives the test's database): no
    page cached by an earlier test is served to this one."""
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _vietnamese_by_default():
    """Each test starts in the site's default language, whatever the previous one switched to."""
    with translation.override("vi"):
        yield


@pytest.fixture
def media_in_a_temporary_folder(settings, tmp_path):
    """Files a test uploads or makes (rosters, products, photos) go to a folder of its own, not
    the run's media folder."""
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(scope="session", autouse=True)
def _migrated_data_kept_for_the_next_run(django_db_setup, django_db_blocker):
    """Tests that need a live server (card payments with localstripe's webhooks) or real
    concurrent transactions run as transactional tests, which empty the database when they
    finish; they ask for `serialized_rollback` to get the migrations' data (product class,
    shipping rates, the home page) back. After the run, put it back once more, so that the
    database reused by the next run (`--reuse-db`) is complete."""
    yield
    from django.db import connection

    from tests.support.database import migrated_data_put_back

    contents = getattr(connection, "_test_serialized_contents", None)
    with django_db_blocker.unblock():
        from oscar.apps.catalogue.models import ProductClass

        if contents and not ProductClass.objects.exists():
            migrated_data_put_back(contents)
