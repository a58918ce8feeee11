"""Reads of import jobs, scoped to what the user may see."""

from django.db.models import QuerySet

from .importers import all_importers
from .models import ImportJob


def jobs_for_user(user) -> QuerySet[ImportJob]:
    """Jobs of every importer the user may run; officers sharing a permission share jobs."""
    names = [i.name for i in all_importers() if i.can_import(user)]
    return ImportJob.objects.filter(importer__in=names)
