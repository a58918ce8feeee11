"""Reads of core data that a user sees, already scoped to that user."""

from django.db.models import QuerySet

from .models import Notification


def notifications_for(user) -> QuerySet[Notification]:
    """The messages sent to ``user``: nobody sees another person's."""
    if not (user.is_authenticated and user.is_active):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)
