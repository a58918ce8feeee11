from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from .reference import reference
from .views import SchoolViewSet, TokenView, not_found

router = DefaultRouter()
router.register("schools", SchoolViewSet, basename="api-school")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", reference, name="api-reference"),
    # POST username and password, get a token for the Authorization: Token <key> header.
    path("token/", TokenView.as_view(), name="api-token"),
    path("", include(router.urls)),
    # Last: a URN with a dot or a slash, or a mistyped path, still gets a JSON 404. Only paths
    # ending in a slash, so APPEND_SLASH still redirects /api/schools to /api/schools/.
    re_path(r"^(?P<path>.*/)$", not_found),
]
