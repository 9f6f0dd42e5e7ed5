"""The Redis cache, made to degrade rather than fail when Redis is out of reach."""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


def _missing_on_outage(default):
    """A cache call that answers `default` (a miss, nothing stored) while Redis is down."""

    def wrap(method):
        @functools.wraps(method)
        def call(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as error:
                logger.warning("Redis unreachable, cache %s skipped: %s", method.__name__, error)
                return default() if callable(default) else default

        return call

    return wrap


class TolerantRedisCache(RedisCache):
    """Django's Redis cache, but a lost Redis reads as an empty cache and writes are dropped:
    every page is then rendered from PostgreSQL (slower, never wrong: nothing lives only in
    the cache), instead of every request failing. Sessions are `cached_db`, so they fall back
    to the database too."""

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNREACHABLE as error:
            logger.warning("Redis unreachable, cache get skipped: %s", error)
            return default

    get_many = _missing_on_outage(dict)(RedisCache.get_many)
    has_key = _missing_on_outage(False)(RedisCache.has_key)
    add = _missing_on_outage(False)(RedisCache.add)
    set = _missing_on_outage(None)(RedisCache.set)
    set_many = _missing_on_outage(list)(RedisCache.set_many)
    touch = _missing_on_outage(False)(RedisCache.touch)
    delete = _missing_on_outage(False)(RedisCache.delete)
    delete_many = _missing_on_outage(None)(RedisCache.delete_many)
    clear = _missing_on_outage(False)(RedisCache.clear)
