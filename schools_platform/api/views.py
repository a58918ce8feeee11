from django.http import JsonResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.authtoken.views import ObtainAuthToken

from schools_platform.registry.selectors import schools_for_user

from .serializers import SchoolSerializer


class SchoolViewSet(viewsets.ReadOnlyModelViewSet):
    """Schools the caller may see; another school's URN answers 404, as a missing one does."""

    serializer_class = SchoolSerializer
    lookup_field = "urn"

    def get_queryset(self):
        return schools_for_user(self.request.user).order_by("urn")


class Credentials(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(trim_whitespace=False)


def _messages():
    return serializers.ListField(child=serializers.CharField(), required=False)


class TokenView(ObtainAuthToken):
    """POST a username and password, get the token for `Authorization: Token <token>`."""

    @extend_schema(
        summary="Get an API token",
        request=Credentials,
        responses={
            200: inline_serializer("Token", {"token": serializers.CharField()}),
            400: OpenApiResponse(
                inline_serializer(
                    "CredentialsError",
                    {
                        "username": _messages(),
                        "password": _messages(),
                        "non_field_errors": _messages(),
                    },
                ),
                description="A field is missing or blank, or no active user has that username "
                "and password (the messages say which).",
            ),
        },
        auth=[{}],  # no token is needed to get one
    )
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


def not_found(request, path=""):
    """Any other URL under /api/ answers as the API does (JSON), not with the HTML 404 page."""
    return JsonResponse({"detail": "Not found."}, status=404)
