"""The kit's member pages: your messages, your data, and the steward's erasure screens."""

from django.urls import path, re_path

from . import notification_views, personal_data_views

urlpatterns = [
    path("messages/", notification_views.notification_list, name="notifications"),
    path("messages/<int:pk>/", notification_views.notification_detail, name="notification-detail"),
    path("your-data/", personal_data_views.my_data, name="personal-data"),
    re_path(
        r"^your-data/download\.(?P<fmt>json|xlsx)$",
        personal_data_views.my_data_download,
        name="personal-data-download",
    ),
    path("personal-data/erase/", personal_data_views.erasure_find, name="personal-data-erase-find"),
    path(
        "personal-data/erase/<int:pk>/",
        personal_data_views.erasure_confirm,
        name="personal-data-erase",
    ),
]
