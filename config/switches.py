"""The environment switches that spread Chợ Phiên over many machines (docs/deploy.md).

Each function reads only the variables it is given (a mapping, normally os.environ), so the
tests can try every switch without reloading the settings. With none of them set, everything
stays on one machine: tasks run inline, media and members' lists on the local disk, every
query on the one database.
"""

from collections.abc import Mapping
from pathlib import Path

import environ

TASKS_IMMEDIATE = "immediate"
TASKS_DATABASE = "database"


def task_settings(environ_: Mapping[str, str]) -> tuple[dict, list[str]]:
    """TASKS and the apps it needs, from CHOPHIEN_TASKS_BACKEND.

    "immediate" (the default): django-tasks runs each task in the process that enqueues it, so
    `make run` needs no worker. "database": tasks wait in the database (django-tasks-db) until
    a separate worker process (`manage.py db_worker`) on any machine takes them.
    """
    choice = environ_.get("CHOPHIEN_TASKS_BACKEND", TASKS_IMMEDIATE) or TASKS_IMMEDIATE
    if choice == TASKS_IMMEDIATE:
        return {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}, []
    if choice == TASKS_DATABASE:
        return {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}, ["django_tasks_db"]
    raise ValueError(
        f"CHOPHIEN_TASKS_BACKEND={choice!r}: use {TASKS_IMMEDIATE!r} or {TASKS_DATABASE!r}"
    )


def storage_settings(environ_: Mapping[str, str], *, private_media_root: Path) -> dict:
    """STORAGES' default (public media) and private (members' lists) storages.

    On the local disk unless AWS_STORAGE_BUCKET_NAME names an S3-compatible bucket; then the
    members' lists go to their own bucket, CHOPHIEN_PRIVATE_BUCKET_NAME (required: personal
    data must never share the public bucket), read only by the code with signed requests.
    Credentials come from boto3's own variables (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or
    the machine's role, never from settings.
    """
    bucket = environ_.get("AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        return {
            # MEDIA_ROOT, read when the storage is first used (the tests point it elsewhere).
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "private": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(private_media_root), "base_url": None},
            },
        }
    private_bucket = environ_.get("CHOPHIEN_PRIVATE_BUCKET_NAME", "")
    if not private_bucket or private_bucket == bucket:
        raise ValueError(
            "AWS_STORAGE_BUCKET_NAME is set: CHOPHIEN_PRIVATE_BUCKET_NAME must name another "
            "bucket for the members' lists"
        )
    common = {
        "endpoint_url": environ_.get("AWS_S3_ENDPOINT_URL") or None,  # None: Amazon's S3
        "region_name": environ_.get("AWS_S3_REGION_NAME") or None,
        "file_overwrite": False,  # two servers uploading "photo.jpg" keep both files
    }
    public = {
        **common,
        "bucket_name": bucket,
        # Public media (product photos, renditions) are read by browsers: plain URLs, which
        # a CDN or the front proxy may serve under the site's own address (same origin, so the
        # Content-Security-Policy needs no other host).
        "querystring_auth": False,
        "custom_domain": environ_.get("AWS_S3_CUSTOM_DOMAIN") or None,
        "url_protocol": environ_.get("AWS_S3_URL_PROTOCOL", "https:"),
    }
    private = {
        **common,
        "bucket_name": private_bucket,
        "default_acl": "private",
        "querystring_auth": True,  # any URL made by mistake expires and needs a signature
        "querystring_expire": 300,
    }
    return {
        "default": {"BACKEND": "config.storage.MediaStorage", "OPTIONS": public},
        "private": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": private},
    }


def replica_database(environ_: Mapping[str, str], *, default: dict) -> dict | None:
    """DATABASES["replica"] from DATABASE_REPLICA_URL (a PostgreSQL standby), or None.

    Only the reports that name it read from it (core.db.reporting_database); every other
    query and every write stays on "default". The tests mirror it to "default".
    """
    url = environ_.get("DATABASE_REPLICA_URL", "")
    if not url:
        return None
    replica = environ.Env.db_url_config(url)
    for key in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS"):
        if key in default:
            replica[key] = default[key]
    replica["TEST"] = {"MIRROR": "default"}
    return replica


def session_engine(*, redis_url: str) -> str:
    """Sessions live in the shared database, so every app server sees every session; with
    Redis they are also cached there (one database read saved per request)."""
    if redis_url:
        return "django.contrib.sessions.backends.cached_db"
    return "django.contrib.sessions.backends.db"
