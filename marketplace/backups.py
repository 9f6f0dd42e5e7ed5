"""Back up and restore the whole site: the database, the media and the private media.

A backup is one folder, `chophien-<UTC time>/`, holding:

- the database, dumped by django-dbbackup's connector for the engine in use (PostgreSQL:
  `pg_dump --format=custom`, restored by `pg_restore --clean --single-transaction`; SQLite:
  the SQLite online-backup API, so a running site can be copied safely);
- `media.tar` (MEDIA_ROOT: product photos, CMS images and documents) and `private-media.tar`
  (PRIVATE_MEDIA_ROOT: the union's uploaded member lists);
- `manifest.json`: the engine, the connector, and a SHA-256 of every file above and of every
  media file inside the archives.

Why not dbbackup's own `mediabackup`/`mediarestore`: they know one storage only (the private
one would be left out), and restoring adds files without removing those the backup does not
have. Restoring here replaces everything, and checks every checksum before anything is touched.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dbbackup.db.base import get_connector
from dbbackup.db.exceptions import CommandConnectorError
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections

MANIFEST = "manifest.json"
FORMAT_VERSION = 1
# Each tree backed up: the name of its archive in a backup and where it lives on this site.
TREES = {
    "media": lambda: Path(settings.MEDIA_ROOT),
    "private-media": lambda: Path(settings.PRIVATE_MEDIA_ROOT),
}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    database_bytes: int
    files: dict[str, int]  # tree name → number of files


def backup_root() -> Path:
    return Path(settings.BACKUP_ROOT)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def tree_checksums(root: Path) -> dict[str, str]:
    """SHA-256 of every file under `root`, by path relative to it ('/'-separated)."""
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): file_sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink()
    }


def _tree_archive(*, root: Path, archive: Path) -> dict[str, str]:
    """Archive the regular files under `root` (symlinks are left out: Oscar's missing-image
    link points into site-packages and is recreated on demand)."""
    checksums = tree_checksums(root)
    with tarfile.open(archive, "w") as tar:
        for name in checksums:
            tar.add(root / name, arcname=name, recursive=False)
    return checksums


def backup_create(*, into: Path | None = None, database: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Write a new backup folder under `into` (settings.BACKUP_ROOT by default)."""
    into = Path(into or backup_root())
    into.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    final = into / f"chophien-{stamp}"
    # Written under a temporary name and renamed at the end: a half-written backup is never
    # mistaken for a complete one.
    work = Path(tempfile.mkdtemp(prefix=".incomplete-", dir=into))
    try:
        connector = get_connector(database)
        database_file = f"database.{connector.extension}"
        try:
            dump = connector.create_dump()
        except CommandConnectorError as error:
            raise BackupError(str(error)) from error
        dump.seek(0)
        with open(work / database_file, "wb") as out:
            shutil.copyfileobj(dump, out, CHUNK)
        dump.close()

        trees = {}
        for name, root in TREES.items():
            archive = f"{name}.tar"
            checksums = _tree_archive(root=root(), archive=work / archive)
            trees[name] = {"archive": archive, "files": checksums}

        manifest = {
            "format": FORMAT_VERSION,
            "created": datetime.now(UTC).isoformat(),
            "engine": connections[database].settings_dict["ENGINE"],
            "connector": f"{type(connector).__module__}.{type(connector).__name__}",
            "database": {"file": database_file, "sha256": file_sha256(work / database_file)},
            "trees": {
                name: {**tree, "sha256": file_sha256(work / tree["archive"])}
                for name, tree in trees.items()
            },
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return BackupSummary(
        path=final,
        database_bytes=(final / database_file).stat().st_size,
        files={name: len(tree["files"]) for name, tree in trees.items()},
    )


def backup_latest(*, root: Path | None = None) -> Path:
    """The newest complete backup under `root` (settings.BACKUP_ROOT by default)."""
    root = Path(root or backup_root())
    found = sorted(root.glob("chophien-*/" + MANIFEST)) if root.is_dir() else []
    if not found:
        raise BackupError(f"No backup in {root}.")
    return found[-1].parent


def backup_verify(*, path: Path) -> dict:
    """Read a backup's manifest and check every checksum; return the manifest."""
    try:
        manifest = json.loads((path / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{path} is not a backup: {error}") from error
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"{path}: unknown backup format {manifest.get('format')!r}.")
    parts = [manifest["database"], *manifest["trees"].values()]
    for part in parts:
        name = part.get("file") or part["archive"]
        if not (path / name).is_file() or file_sha256(path / name) != part["sha256"]:
            raise BackupError(f"{path / name} is missing or damaged (checksum differs).")
    return manifest


def _tree_unpack(*, archive: Path, root: Path, expected: dict[str, str]) -> Path:
    """Unpack an archive into a new folder next to `root` and check it holds `expected`."""
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}-restoring-", dir=root.parent))
    try:
        with tarfile.open(archive) as tar:
            # The "data" filter refuses absolute paths, '..', links out of the folder and
            # device files: an archive can only ever write inside `staging`.
            tar.extractall(staging, filter="data")
        if tree_checksums(staging) != expected:
            raise BackupError(f"{archive} does not hold the files its manifest lists.")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _tree_swap(*, staging: Path, root: Path) -> None:
    old = root.with_name(f".{root.name}-replaced")
    shutil.rmtree(old, ignore_errors=True)
    if root.exists():
        root.rename(old)
    staging.rename(root)
    shutil.rmtree(old, ignore_errors=True)


def _sqlite_restore(*, database: str, dump_path: Path) -> None:
    """Copy the backup into the live SQLite database with SQLite's online-backup API.

    dbbackup's connector writes the backup's bytes over the database file, which is only safe
    for a database nobody has open in rollback-journal mode. The site runs SQLite in WAL mode
    (config.settings.base): committed pages may still sit in the -wal file, and overwriting the
    main file under it leaves "database disk image is malformed". The backup API writes the
    pages through SQLite itself, WAL included, in one step. The backup is read from a copy, so
    opening it (SQLite may add -wal/-shm files beside it) never touches the backup folder."""
    connection = connections[database]
    connection.ensure_connection()
    with tempfile.TemporaryDirectory(prefix="chophien-restore-") as work:
        copy = Path(work) / "database.sqlite3"
        shutil.copyfile(dump_path, copy)
        source = sqlite3.connect(copy)
        try:
            source.backup(connection.connection)
        except sqlite3.Error as error:
            raise BackupError(f"{dump_path}: {error}") from error
        finally:
            source.close()


def backup_restore(*, path: Path, database: str = DEFAULT_DB_ALIAS) -> dict:
    """Replace the database, the media and the private media with the backup's.

    Every checksum is checked first; the database is restored in one transaction on
    PostgreSQL. Run it with the site stopped: other processes keep their own connections."""
    path = Path(path)
    manifest = backup_verify(path=path)
    engine = connections[database].settings_dict["ENGINE"]
    if manifest["engine"] != engine:
        raise BackupError(
            f"The backup holds a {manifest['engine']} database; this site uses {engine}."
        )
    # Files first, next to their folders: a bad archive stops the restore before the
    # database or any folder is touched.
    staged = {}
    try:
        for name, tree in manifest["trees"].items():
            staged[name] = _tree_unpack(
                archive=path / tree["archive"], root=TREES[name](), expected=tree["files"]
            )
        # SQLite's file is replaced as a whole: no connection may stay open on the old one.
        connections.close_all()
        connector = get_connector(database, connector_path=manifest["connector"])
        # The tables take the restoring role as owner, so a backup restores under another role.
        connector.pg_options = ["--no-owner", "--no-privileges"]
        if connections[database].vendor == "sqlite":
            _sqlite_restore(database=database, dump_path=path / manifest["database"]["file"])
        else:
            with open(path / manifest["database"]["file"], "rb") as dump:
                try:
                    connector.restore_dump(dump)
                except CommandConnectorError as error:
                    raise BackupError(str(error)) from error
        connections.close_all()
        # Content types are cached by id in this process; the restored ids may differ.
        ContentType.objects.clear_cache()
    except BaseException:
        for staging in staged.values():
            shutil.rmtree(staging, ignore_errors=True)
        raise
    for name, staging in staged.items():
        _tree_swap(staging=staging, root=TREES[name]())
    return manifest
