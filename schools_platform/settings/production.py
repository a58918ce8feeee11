"""Production: PostgreSQL, Celery on Redis, secure cookies. Fails fast when misconfigured."""

from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import configure_database, env

_REQUIRED = (
    "SECRET_KEY",
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "ALLOWED_HOSTS",
    # The survey pseudonyms' key (cpd/evaluation/pseudonyms.py): never the embedded default.
    "CPD_EVALUATION_PSEUDONYM_KEY",
)
_missing = [name for name in _REQUIRED if not env.str(name, default="")]
if _missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: " + ", ".join(_missing)
    )

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")
CPD_EVALUATION_PSEUDONYM_KEY = env.str("CPD_EVALUATION_PSEUDONYM_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
DATABASES = {"default": configure_database(env.db("DATABASE_URL"))}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL")
# Real e-mail by default (EMAIL_HOST, EMAIL_PORT, ... from base.py); never the console.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
CELERY_TASK_ALWAYS_EAGER = False


# --- cache (issue 7): a Redis database of its own, and an outage of it is a miss, not a 500 ---
def _cache_beside_broker(broker: str) -> str:
    """Without CACHE_URL: the broker's Redis server, another database number (0 -> 1)."""
    parts = urlsplit(broker)
    if parts.scheme not in ("redis", "rediss"):
        return "locmemcache://schools-platform"
    database = 2 if parts.path.strip("/") == "1" else 1
    return urlunsplit(parts._replace(path=f"/{database}"))


CACHES = {"default": env.cache("CACHE_URL", default=_cache_beside_broker(CELERY_BROKER_URL))}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "schools_platform.core.cache.ResilientRedisCache"
    _options = CACHES["default"].setdefault("OPTIONS", {})
    _options.setdefault("socket_connect_timeout", env.float("CACHE_TIMEOUT_SECONDS", default=0.5))
    _options.setdefault("socket_timeout", env.float("CACHE_TIMEOUT_SECONDS", default=0.5))
# --- end cache ---

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
# Several web instances behind PROXY_COUNT proxies: axes must key on the client's address, not
# the proxy's. Each proxy appends the address it was reached from to X-Forwarded-For, so the
# client is the PROXY_COUNT-th entry from the right (the last proxy is REMOTE_ADDR itself);
# anything left of it was written by the client and is ignored. django-ipware counts only the
# proxies listed in the header, hence one fewer (docs/security.md).
PROXY_COUNT = env.int("PROXY_COUNT", default=1)
if PROXY_COUNT > 0:
    AXES_IPWARE_PROXY_ORDER = "left-most"
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
