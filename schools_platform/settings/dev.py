"""The embedded runtime used by scripts/demo.sh: DEBUG on, everything local."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# The demo's reflection sessions created by the platform have a (fictional) meeting link.
CPD_FOLLOW_UP_ONLINE_URL = env.str(
    "CPD_FOLLOW_UP_ONLINE_URL", default="https://meet.demo.invalid/reflection"
)
