"""The cache version that every cached public page and fragment is keyed by.

A change to what public pages show (a product, its price or stock, a category, a producer, a
published page, the site's menu and footer) sets a new version: every entry keyed by the old
one is never read again and expires by itself. One write invalidates everything, in every
process sharing the cache (Redis); with the local-memory cache each process has its own
version, so entries live only CHOPHIEN_PAGE_CACHE_SECONDS (short there by default).
"""

import time
import uuid

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "pagecache:version"


def _new_version() -> str:
    # Never a number used before, even if the cache lost the key (eviction, restart).
    return f"{time.time_ns():x}{uuid.uuid4().hex[:6]}"


def page_cache_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = _new_version()
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY) or version
    return version


def _set_new_version() -> None:
    cache.set(VERSION_KEY, _new_version(), timeout=None)


def page_cache_bump() -> None:
    """Make every cached page and fragment stale: now, and again once the current transaction
    commits (a visitor may have cached the old content between the two)."""
    _set_new_version()
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        entry[1] is _set_new_version for entry in connection.run_on_commit
    ):
        return  # once per transaction
    transaction.on_commit(_set_new_version)
