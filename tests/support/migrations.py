"""Round trips through the migrations, for the tests of data migrations: the test database
is migrated back, forward and back again, and put back at the latest migrations when done."""

import contextlib
import sqlite3

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets):
    """Migrate the test database to `targets` ([(app, migration), …]); returns the apps as
    they were there (historical models)."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@contextlib.contextmanager
def latest_migrations_afterwards(tmp_path):
    """Whatever the round trip does, the database is at the latest migrations afterwards, as
    the tests after it need it.

    On SQLite the database is copied first (SQLite's backup API) and put back from the copy:
    migrating every later migration forward again cost about 30 s a test, nearly all of it
    Django rendering the project's states, and the way forward from no table at all is what
    builds every test database anyway. The rows the test wrote go with it, as the flush
    after a transactional test would take them. On PostgreSQL (CI's other pass) it migrates
    forward, as before."""
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    if connection.vendor != "sqlite":
        try:
            yield
        finally:
            migrate_to(leaves)
        return
    copy = sqlite3.connect(tmp_path / "before-the-round-trip.sqlite3")
    connection.ensure_connection()
    try:
        connection.connection.backup(copy)
        try:
            yield
        finally:
            copy.backup(connection.connection)
    finally:
        copy.close()
    # Nothing left to migrate: the copy was taken at the latest migrations.
    assert not MigrationExecutor(connection).migration_plan(leaves)
