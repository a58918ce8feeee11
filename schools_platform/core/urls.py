"""The kit's member pages: your messages, your data, and the steward's erasure screens."""

from django.urls import path

from . import notification_views

urlpatterns = [
    path("messages/", notification_views.notification_list, name="notifications"),
    path("messages/<int:pk>/", notification_views.notification_detail, name="notification-detail"),
]
