"""One migrated test database per run, copied for each test worker.

With pytest-xdist (`make test`) pytest-django gives each worker its own test database
(`…_gw0`, `…_gw1`) and each worker ran every migration to build it: about a minute of CPU per
worker, the same minute spent once per worker, side by side on CI's two CPUs. Here the first
worker to arrive builds the database once under the names a single process would use
(`--create-db` and `--reuse-db` mean what they always mean), and every worker then gets a copy
under its own name, made as Django's own parallel test runner makes its clones: a file copy
on SQLite (by SQLite's backup API, consistent even in write-ahead-log mode), a database made
from a template on PostgreSQL. pytest-django then finds the worker's database there and only
checks its migrations (`keepdb`). Without xdist nothing changes.
"""

import sqlite3

import pytest
from filelock import FileLock


def _worker_id(request) -> str | None:
    return getattr(request.config, "workerinput", {}).get("workerid")


def _base_database_build(*, keepdb: bool) -> None:
    """Create (or, with keepdb, bring up to date) the test database under its own name, as a
    single test process would, and point the connection back at the configured database."""
    from django.db import connection
    from django.test.utils import setup_databases

    configured = connection.settings_dict["NAME"]
    setup_databases(
        verbosity=0, interactive=False, keepdb=keepdb, aliases={"default"}, serialized_aliases=()
    )
    connection.close()
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = configured
    connection.settings_dict["NAME"] = configured


def _copy(*, source: str, target: str) -> None:
    from django.db import connection

    if connection.vendor == "sqlite":
        with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
            original.backup(copy)
        return
    quote = connection.ops.quote_name
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(target)}")
        cursor.execute(f"CREATE DATABASE {quote(target)} WITH TEMPLATE {quote(source)}")


@pytest.fixture(scope="session")
def django_db_createdb(request) -> bool:
    """A worker's database is a fresh copy of this run's migrated one: pytest-django need not
    create it again (and would, by migrating, with --create-db)."""
    if _worker_id(request):
        return False
    return request.config.getvalue("create_db")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, tmp_path_factory, django_db_blocker) -> None:
    """pytest-django's hook "just before the databases are configured": on an xdist worker,
    build this run's migrated database once (the first worker; the others wait for it) and
    copy it under this worker's name."""
    worker = _worker_id(request)
    if not worker:
        request.getfixturevalue("django_db_modify_db_settings_parallel_suffix")
        return
    from django.db import connection

    run_folder = tmp_path_factory.getbasetemp().parent  # shared by this run's workers
    built = run_folder / "test-database-built"
    with django_db_blocker.unblock(), FileLock(str(run_folder / "test-database.lock")):
        if not built.exists():
            keepdb = not request.config.getvalue("create_db")
            _base_database_build(keepdb=keepdb)
            built.write_text("")
        source = connection.creation._get_test_db_name()
        # Now the worker's own name (pytest-django's `_gw0` suffix), and the copy under it.
        request.getfixturevalue("django_db_modify_db_settings_parallel_suffix")
        target = connection.creation._get_test_db_name()
        _copy(source=source, target=target)


def migrated_data_put_back(contents: str) -> None:
    """Put the migrations' data (Django's serialization of it, taken when the databases were
    set up) back into an emptied test database, as the end of a run does for the next run.

    Emptied first: a request that reached a live server after the last flush (a browser's
    late fetch) may have recreated rows such as content types. The flush keeps the tables'
    id sequences where they are: the rows come back with their old ids, and on PostgreSQL a
    sequence reset to 1 would hand those ids out again (the next run's first new withholding
    rate failed on its primary key)."""
    from django.core.management import call_command
    from django.db import connection

    call_command(
        "flush", verbosity=0, interactive=False, inhibit_post_migrate=True, reset_sequences=False
    )
    connection.creation.deserialize_db_from_string(contents)
