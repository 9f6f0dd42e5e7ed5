"""The environment switches for many machines (config.switches, docs/deploy.md)."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from config import switches
from core.db import reporting_database

PRIVATE = Path("/srv/private")
S3 = {
    "AWS_STORAGE_BUCKET_NAME": "chophien-media",
    "CHOPHIEN_PRIVATE_BUCKET_NAME": "chophien-private",
    "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
}


def test_tasks_run_inline_when_nothing_is_set():
    tasks, apps = switches.task_settings({})
    assert tasks["default"]["BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"
    assert apps == []


def test_database_tasks_backend_installs_its_app_for_the_worker():
    tasks, apps = switches.task_settings({"CHOPHIEN_TASKS_BACKEND": "database"})
    assert tasks["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert apps == ["django_tasks_db"]


def test_unknown_tasks_backend_is_refused():
    with pytest.raises(ValueError, match="CHOPHIEN_TASKS_BACKEND"):
        switches.task_settings({"CHOPHIEN_TASKS_BACKEND": "celery"})


def test_media_and_members_lists_stay_on_disk_without_a_bucket():
    storages = switches.storage_settings({}, private_media_root=PRIVATE)
    assert storages["default"]["BACKEND"].endswith("FileSystemStorage")
    assert storages["private"]["OPTIONS"] == {"location": str(PRIVATE), "base_url": None}


def test_a_bucket_moves_media_to_s3_and_members_lists_to_a_signed_private_bucket():
    storages = switches.storage_settings(S3, private_media_root=PRIVATE)
    public, private = storages["default"], storages["private"]
    assert public["BACKEND"] == "config.storage.MediaStorage"  # an S3Storage sorl can make
    assert private["BACKEND"] == "storages.backends.s3.S3Storage"
    assert public["OPTIONS"]["bucket_name"] == "chophien-media"
    assert public["OPTIONS"]["querystring_auth"] is False
    assert private["OPTIONS"]["bucket_name"] == "chophien-private"
    assert private["OPTIONS"]["querystring_auth"] is True
    assert private["OPTIONS"]["default_acl"] == "private"
    assert public["OPTIONS"]["endpoint_url"] == "http://127.0.0.1:9000"


@pytest.mark.parametrize("private_bucket", ["", "chophien-media"])
def test_members_lists_never_share_the_public_bucket(private_bucket):
    with pytest.raises(ValueError, match="CHOPHIEN_PRIVATE_BUCKET_NAME"):
        switches.storage_settings(
            {**S3, "CHOPHIEN_PRIVATE_BUCKET_NAME": private_bucket}, private_media_root=PRIVATE
        )


def test_no_replica_without_its_url():
    assert switches.replica_database({}, default={}) is None


def test_replica_url_adds_a_replica_mirrored_in_tests():
    replica = switches.replica_database(
        {"DATABASE_REPLICA_URL": "postgres://reader:pw@standby:5432/chophien"},
        default={"CONN_MAX_AGE": 600},
    )
    assert replica["HOST"] == "standby"
    assert replica["ENGINE"] == "django.db.backends.postgresql"
    assert replica["CONN_MAX_AGE"] == 600
    assert replica["TEST"] == {"MIRROR": "default"}


def test_reports_read_the_one_database_without_a_replica():
    assert "replica" not in settings.DATABASES
    assert reporting_database() == "default"


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")  # only its keys are read
def test_reports_read_the_replica_when_there_is_one():
    with override_settings(DATABASES={**settings.DATABASES, "replica": {}}):
        assert reporting_database() == "replica"


def test_sessions_are_cached_in_redis_when_there_is_one():
    assert switches.session_engine(redis_url="") == "django.contrib.sessions.backends.db"
    assert switches.session_engine(redis_url="redis://r:6379/0").endswith("cached_db")


def test_settings_follow_the_switches_in_a_fresh_process():
    """The real settings module, imported with the switches on (no server is contacted)."""
    code = (
        # The settings alone, without loading the apps (django.setup() costs seconds).
        "from django.conf import settings\n"
        "from django.core.files.storage import storages\n"
        "print(settings.TASKS['default']['BACKEND'], 'django_tasks_db' in settings.INSTALLED_APPS,"
        " sorted(settings.DATABASES), type(storages['private']).__name__,"
        " storages['private'].bucket_name, settings.SESSION_ENGINE)\n"
    )
    env = {
        **S3,
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CHOPHIEN_TASKS_BACKEND": "database",
        "DATABASE_REPLICA_URL": "postgres://reader:pw@standby:5432/chophien",
        "REDIS_URL": "redis://127.0.0.1:1/0",
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [
        "django_tasks_db.DatabaseBackend",
        "True",
        "['default',",
        "'replica']",
        "S3Storage",
        "chophien-private",
        "django.contrib.sessions.backends.cached_db",
    ]


def test_a_lost_redis_reads_as_an_empty_cache_instead_of_failing():
    from config.cache import TolerantRedisCache

    # Port 1 on this machine: nothing listens, the connection is refused at once.
    cache = TolerantRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_timeout": 0.2}})
    assert cache.get("page", "missing") == "missing"
    assert cache.add("version", "v1") is False
    cache.set("page", "<html>")  # dropped, no error
    assert cache.get_many(["a", "b"]) == {}
    assert cache.get_or_set("x", "computed") == "computed"


def test_thumbnails_storage_made_from_its_class_name_alone_uses_the_media_bucket():
    """sorl-thumbnail builds its storage with no options (Oscar's product thumbnails)."""
    from config.storage import MediaStorage

    s3 = switches.storage_settings(S3, private_media_root=PRIVATE)
    with override_settings(STORAGES={**settings.STORAGES, **s3}):
        storage = MediaStorage()
    assert storage.bucket_name == "chophien-media"
    assert storage.endpoint_url == "http://127.0.0.1:9000"
    assert storage.querystring_auth is False
