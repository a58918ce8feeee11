"""The registry of importers. A module adds one with a single call in its ``resources.py``::

    from schools_platform.imports import Importer, register_importer

    register_importer(Importer(
        name="governors",                       # URL slug, stored on each ImportJob
        label="Governors",
        resource_class=GovernorResource,        # a PipelineResource subclass
        permission="governors.import_governors",
        description="One row per governor ...", # shown on the upload screen
    ))

and links to its upload screen with ``reverse("imports:upload", args=["governors"])`` (or
``importer.upload_url``). The imports app imports every app's ``resources`` module at start-up.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404
from django.urls import reverse


@dataclass(frozen=True)
class Importer:
    name: str
    label: str
    resource_class: type
    permission: str
    description: str = ""
    # Turns the raw bytes of a CSV upload into text; the default accepts UTF-8 only.
    pre_reader: Callable[[bytes], str] | None = None
    # Who may download the current data in this importer's layout; defaults to ``permission``.
    export_permission: str | None = None

    @property
    def upload_url(self) -> str:
        return reverse("imports:upload", args=[self.name])

    def export_url(self, fmt: str = "csv") -> str:
        return reverse("imports:export", args=[self.name, fmt])

    def can_import(self, user) -> bool:
        return bool(user and user.is_authenticated and user.is_active) and user.has_perm(
            self.permission
        )

    def can_export(self, user) -> bool:
        return bool(user and user.is_authenticated and user.is_active) and user.has_perm(
            self.export_permission or self.permission
        )

    def require_import(self, user) -> None:
        # A None actor is the platform itself (management commands), never a web request.
        if user is not None and not self.can_import(user):
            raise PermissionDenied(f"You cannot import {self.label.lower()}.")

    def require_export(self, user) -> None:
        if user is not None and not self.can_export(user):
            raise PermissionDenied(f"You cannot export {self.label.lower()}.")

    def resource(self):
        return self.resource_class()


_importers: dict[str, Importer] = {}


def register_importer(importer: Importer) -> Importer:
    existing = _importers.get(importer.name)
    if existing is not None and existing != importer:
        raise ImproperlyConfigured(f"Two importers are named {importer.name!r}.")
    _importers[importer.name] = importer
    return importer


def get_importer(name: str) -> Importer:
    try:
        return _importers[name]
    except KeyError:
        raise Http404("No such importer") from None


def all_importers() -> list[Importer]:
    return sorted(_importers.values(), key=lambda i: i.label)


def importers_for(user) -> list[Importer]:
    return [i for i in all_importers() if i.can_import(user) or i.can_export(user)]
