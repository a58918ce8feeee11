"""A Redis cache whose outage is a miss, not an error page.

Django's own Redis backend raises when Redis cannot be reached, and Wagtail reads its site
cache on every page, so a cache outage took down the public home page (issue 7). This backend
is Django's, except that a connection error or timeout is logged and answered as a miss: reads
return the default, writes do nothing. After one such error it does not try Redis again for
``RETRY_AFTER_SECONDS`` in this process, so pages are not slowed by a connection attempt per
cache call while Redis is away. Other Redis errors (a bad command) still raise.
"""

import functools
import hashlib
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_AFTER_SECONDS = 10.0


class _Unavailable(Exception):
    pass


def _miss(answer):
    """Run the method; while Redis is unavailable, give ``answer(*args, **kwargs)`` instead."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                if time.monotonic() < self._down_until:
                    raise _Unavailable
                return method(self, *args, **kwargs)
            except _Unavailable:
                pass
            except UNAVAILABLE as error:
                self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
                logger.warning(
                    "Cache unavailable, answering as a miss for %ss: %s: %s",
                    RETRY_AFTER_SECONDS,
                    type(error).__name__,
                    error,
                )
            return answer(*args, **kwargs)

        return wrapper

    return decorate


def _none(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _default(key, default=None, version=None):
    return default


def _no_key(key, delta=1, version=None):
    raise ValueError(f"Key '{key}' not found (the cache is unavailable)")


class ResilientRedisCache(RedisCache):
    """django.core.cache.backends.redis.RedisCache, with outages answered as misses."""

    _down_until = 0.0

    get = _miss(_default)(RedisCache.get)
    get_many = _miss(lambda keys, version=None: {})(RedisCache.get_many)
    has_key = _miss(_false)(RedisCache.has_key)
    add = _miss(_false)(RedisCache.add)
    set = _miss(_none)(RedisCache.set)
    set_many = _miss(lambda data, *a, **k: list(data))(RedisCache.set_many)
    touch = _miss(_false)(RedisCache.touch)
    delete = _miss(_false)(RedisCache.delete)
    delete_many = _miss(_none)(RedisCache.delete_many)
    incr = _miss(_no_key)(RedisCache.incr)
    clear = _miss(_false)(RedisCache.clear)


def cache_key(prefix: str, choices) -> str:
    """The key ``get_or_build`` keeps a build of ``choices`` under (for a result that
    names its own entry, e.g. to key fragments made from it)."""
    return prefix + hashlib.sha256(repr(choices).encode()).hexdigest()


def get_or_build(prefix: str, choices, build, *, timeout: int):
    """``build()``, kept in the default cache under ``prefix`` plus a digest of ``choices``
    (everything the result depends on: an inputs version, the filters, the viewer's scope),
    so the same choices read it back until ``timeout`` seconds of disuse. Whatever backend
    is configured, a cache that cannot be read or written is a miss, never a failed page:
    the result is built and returned. ``build`` must return something other than None."""
    from django.core.cache import cache

    key = cache_key(prefix, choices)
    try:
        found = cache.get(key)
    except Exception:  # noqa: BLE001 - a cache outage is a miss, never a failed page
        logger.warning("cache unavailable reading %s", prefix, exc_info=True)
        found = None
    if found is None:
        found = build()
        try:
            cache.set(key, found, timeout=timeout)
        except Exception:  # noqa: BLE001 - a cache outage is a miss, never a failed page
            logger.warning("cache unavailable writing %s", prefix, exc_info=True)
    return found
