"""The embedded runtime used by scripts/demo.sh: DEBUG on, everything local."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
