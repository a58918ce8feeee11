"""Keep Python's garbage collector off the objects every request shares (a web server only).

A worker holds about 320,000 objects that the garbage collector tracks once Django, Wagtail
and every app are loaded and the first page has been served (URL patterns, compiled
templates, model and form classes). They live as long as the process, yet each full collection
walks them all: profiled on the audit log at large scale, collections took about 196 ms of a
511 ms request in process, against 5 ms once they were frozen (docs/benchmarks.md). Pages that
allocate more (long tables, reports) trigger more collections, so they paid the most.

``gc.freeze()`` moves every object tracked now into a permanent generation that collections
skip; objects made afterwards are collected as usual, and reference counting still frees
frozen objects that are dropped. ``freeze_after_first_request`` freezes once at start-up and
once more after the first request (which builds the lazily made objects); called from
``schools_platform/wsgi.py``, so tests, commands and workers are not affected.
"""

import gc

from django.core.signals import request_finished

_UID = "core.gc_freeze.after_first_request"


def _freeze_once(**kwargs) -> None:
    request_finished.disconnect(dispatch_uid=_UID)
    gc.collect()  # what the first request left as garbage is not frozen with the rest
    gc.freeze()


def freeze_after_first_request() -> None:
    gc.collect()
    gc.freeze()
    request_finished.connect(_freeze_once, dispatch_uid=_UID, weak=False)
