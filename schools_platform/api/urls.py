from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from .views import SchoolViewSet

router = DefaultRouter()
router.register("schools", SchoolViewSet, basename="api-school")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # POST username and password, get a token for the Authorization: Token <key> header.
    path("token/", obtain_auth_token, name="api-token"),
    path("", include(router.urls)),
]
