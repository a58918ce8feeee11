"""Private files: uploads that are not public, and the one way they are served.

Import files, failed-rows files and (soon) policy evidence and member attachments hold schools'
and people's data. They are stored by the ``private`` storage (``STORAGES["private"]``), whose
folder, ``PRIVATE_MEDIA_ROOT``, is outside ``MEDIA_ROOT`` and has no public URL: nothing serves
it but ``serve_private_file``, which answers only a signed-in user whom the file's owner lets
see it, as an attachment with ``X-Content-Type-Options: nosniff``. Anyone else gets 404, the
same as for a file that does not exist.

A module uses it in two steps (docs/modules/kit.md):

1. ``models.FileField(upload_to=..., storage=private_storage)``: the callable keeps the
   migration small and lets each runtime choose the backend in settings;
2. in the app's ``private_files.py``, ``register(Model, fields=[...], visible_to=selector)``,
   where ``visible_to(user)`` is the app's scoped queryset (a selector): the file is served
   when a row the user may see holds that file in one of the fields.
"""

import functools
import posixpath
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import FileSystemStorage, InMemoryStorage, storages
from django.core.signals import setting_changed
from django.db import models
from django.db.models import Q, QuerySet
from django.dispatch import receiver
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.functional import LazyObject, empty
from django.utils.module_loading import autodiscover_modules
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

STORAGE_ALIAS = "private"


class PrivateURLMixin:
    """A private file's URL is the permission-checking view, never a public media path."""

    def url(self, name):
        return reverse("private-file", kwargs={"name": name})


class PrivateFileSystemStorage(PrivateURLMixin, FileSystemStorage):
    def __init__(self, location=None, **kwargs):
        kwargs.pop("base_url", None)
        super().__init__(location=location or settings.PRIVATE_MEDIA_ROOT, **kwargs)


class PrivateInMemoryStorage(PrivateURLMixin, InMemoryStorage):
    """For the test suite: the same URLs and checks, nothing written to disk."""


class CurrentPrivateStorage(LazyObject):
    """``storages["private"]``, looked up lazily (as Django's ``default_storage`` is), so the
    runtime's settings choose the backend although Django calls a field's storage callable once
    when the model class is built."""

    def _setup(self):
        self._wrapped = storages[STORAGE_ALIAS]


_CURRENT = CurrentPrivateStorage()


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":  # override_settings in tests
        _CURRENT._wrapped = empty


def private_storage():
    """The storage for ``FileField(storage=private_storage)``."""
    return _CURRENT


# --- who may see which file ------------------------------------------------------------------


@dataclass(frozen=True)
class PrivateFileOwner:
    model: type[models.Model]
    fields: tuple[str, ...]
    visible_to: Callable[..., QuerySet]

    def holds(self, user, name: str) -> bool:
        match = Q()
        for field in self.fields:
            match |= Q(**{field: name})
        return self.visible_to(user).filter(match).exists()


_owners: list[PrivateFileOwner] = []


def register(model, *, fields, visible_to) -> None:
    """Declare that ``model``'s ``fields`` hold private files, visible to ``visible_to(user)``."""
    for field in fields:
        storage = model._meta.get_field(field).storage
        if storage is not _CURRENT:
            raise ValueError(f"{model.__name__}.{field} does not use the private storage")
    _owners.append(PrivateFileOwner(model, tuple(fields), visible_to))


@functools.cache
def _discover() -> None:
    autodiscover_modules("private_files")


def owners() -> list[PrivateFileOwner]:
    _discover()
    return list(_owners)


def user_may_see(user, name: str) -> bool:
    if not (user.is_authenticated and user.is_active) or not name:
        return False
    return any(owner.holds(user, name) for owner in owners())


@never_cache
@require_GET
def serve_private_file(request, name: str):
    """The file as an attachment, or 404 alike for missing, anonymous and not permitted."""
    name = posixpath.normpath(name)
    if name.startswith(("/", "..")) or not user_may_see(request.user, name):
        raise Http404("No such file")
    storage = private_storage()
    try:
        handle = storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404("No such file") from None
    response = FileResponse(handle, as_attachment=True, filename=posixpath.basename(name))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
