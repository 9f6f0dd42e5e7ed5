"""`manage.py backup` and `restore` round-trip the demo site: same rows, same files.

Transactional: `restore` replaces the database from outside the test's transaction (pg_restore
on PostgreSQL, a new database file on SQLite), which a rolled-back test could not see.
"""

import hashlib
import shutil
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Max

from accounts.models import User
from marketplace.backups import MANIFEST, BackupError, backup_create, backup_restore

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _content_types_cached_again(transactional_db):
    """`flush` and `restore` empty the content-type cache. Filled again before the test's data
    is flushed, so that the next test's `serialized_rollback` reload (whose saves look up
    content types) finds them cached instead of creating them with new ids."""
    yield
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(*apps.get_models(include_auto_created=True))


def _rows():
    """Every model's row count and highest primary key (a row lost and another added would
    keep the count): the through tables of many-to-many fields included."""
    figures = {}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        figures[model._meta.label] = model._base_manager.aggregate(rows=Count("pk"), last=Max("pk"))
    return figures


def _files(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file() and not path.is_symlink()
    }


def test_backup_then_restore_brings_back_every_row_and_file(settings, tmp_path):
    settings.DEBUG = True  # the loader adds the demo accounts and their orders only then
    call_command("load_demo_data", verbosity=0)
    settings.DEBUG = False
    # A member list in the private storage, as an import leaves it.
    storages["private"].save("roster-imports/2026/11/danh-sach.csv", ContentFile(b"Ho ten\n"))
    rows, media, private = (
        _rows(),
        _files(Path(settings.MEDIA_ROOT)),
        _files(Path(settings.PRIVATE_MEDIA_ROOT)),
    )
    assert rows["catalogue.Product"]["rows"] >= 120 and rows["order.Order"]["rows"] == 4
    assert len(media) >= 120 and "roster-imports/2026/11/danh-sach.csv" in private

    call_command("backup", dir=tmp_path, verbosity=0)
    (backup,) = tmp_path.glob("chophien-*")

    # Everything goes: the rows, the photos, the member lists.
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT)
    assert not User.objects.exists()

    call_command("restore", backup, interactive=False, verbosity=0)

    assert _rows() == rows
    assert _files(Path(settings.MEDIA_ROOT)) == media
    assert _files(Path(settings.PRIVATE_MEDIA_ROOT)) == private
    buyer = User.objects.get(email="buyer@example.com")
    assert buyer.check_password(settings.DEMO_PASSWORD)
    # The sequences came back too: a new row takes a fresh key instead of colliding.
    newcomer = User.objects.create_user(email="new@example.com", password="x" * 12)
    assert newcomer.pk > rows["accounts.User"]["last"]


def test_restore_replaces_rows_and_files_added_after_the_backup(settings, tmp_path):
    storages["default"].save("before.txt", ContentFile(b"kept"))
    summary = backup_create(into=tmp_path)
    User.objects.create_user(email="later@example.com", password="x" * 12)
    storages["default"].save("after.txt", ContentFile(b"gone"))
    storages["private"].save("after.csv", ContentFile(b"gone"))

    backup_restore(path=summary.path)

    assert not User.objects.filter(email="later@example.com").exists()
    assert (Path(settings.MEDIA_ROOT) / "before.txt").read_bytes() == b"kept"
    assert not (Path(settings.MEDIA_ROOT) / "after.txt").exists()
    assert not (Path(settings.PRIVATE_MEDIA_ROOT) / "after.csv").exists()


def test_a_damaged_backup_is_refused_before_anything_is_touched(settings, tmp_path):
    storages["default"].save("photo.txt", ContentFile(b"original"))
    summary = backup_create(into=tmp_path)
    User.objects.create_user(email="still-here@example.com", password="x" * 12)
    with open(summary.path / "media.tar", "ab") as archive:
        archive.write(b"\0" * 512)

    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", summary.path, interactive=False, verbosity=0)

    assert User.objects.filter(email="still-here@example.com").exists()


def test_an_archive_cannot_write_outside_the_media_folder(settings, tmp_path):
    """A backup folder edited by hand (manifest re-signed to match) still cannot plant a file
    outside MEDIA_ROOT: the archive is unpacked with tarfile's "data" filter."""
    import json

    summary = backup_create(into=tmp_path)
    User.objects.create_user(email="still-here@example.com", password="x" * 12)
    evil = tmp_path / "evil.txt"
    evil.write_bytes(b"owned")
    archive = summary.path / "media.tar"
    with tarfile.open(archive, "w") as tar:
        tar.add(evil, arcname="../../escaped.txt")
    manifest = json.loads((summary.path / MANIFEST).read_text())
    manifest["trees"]["media"]["sha256"] = hashlib.sha256(archive.read_bytes()).hexdigest()
    (summary.path / MANIFEST).write_text(json.dumps(manifest))

    with pytest.raises(tarfile.OutsideDestinationError):
        backup_restore(path=summary.path)
    assert not (Path(settings.MEDIA_ROOT).parent.parent / "escaped.txt").exists()
    assert User.objects.filter(email="still-here@example.com").exists()  # nothing restored


def test_restore_with_no_backup_says_so(tmp_path):
    with pytest.raises(CommandError, match="No backup"):
        call_command("restore", dir=tmp_path, interactive=False)
    with pytest.raises(BackupError):
        backup_restore(path=tmp_path)


@pytest.mark.skipif(
    "sqlite" not in __import__("django.conf").conf.settings.DATABASES["default"]["ENGINE"],
    reason="SQLite's write-ahead log",
)
def test_restore_on_sqlite_while_another_connection_holds_the_write_ahead_log(tmp_path):
    """The site runs SQLite in WAL mode, and a running site (or a second process) keeps
    connections open: committed pages can still sit in the -wal file. Writing the backup's
    bytes over the database file under them left it "malformed"; the restore goes through
    SQLite's backup API instead."""
    import sqlite3

    from django.db import connection

    User.objects.create_user(email="kept@example.com", password="x" * 12)
    call_command("backup", dir=tmp_path, verbosity=0)
    (backup,) = tmp_path.glob("chophien-*")

    # Another process: it writes after the backup and keeps its connection, so the WAL holds
    # its frames (nothing is checkpointed into the main file while it is open).
    other = sqlite3.connect(connection.settings_dict["NAME"])
    other.execute("PRAGMA wal_autocheckpoint=0")
    other.execute("UPDATE accounts_user SET first_name = 'after the backup'")
    other.commit()
    wal = Path(connection.settings_dict["NAME"] + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    try:
        backup_restore(path=backup)
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA integrity_check")
            assert cursor.fetchone()[0] == "ok"
        kept = User.objects.get(email="kept@example.com")
        assert kept.first_name != "after the backup"
        assert other.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        other.close()
