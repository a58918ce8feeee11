from rest_framework import viewsets

from schools_platform.registry.selectors import schools_for_user

from .serializers import SchoolSerializer


class SchoolViewSet(viewsets.ReadOnlyModelViewSet):
    """Schools the caller may see; another school's URN answers 404, as a missing one does."""

    serializer_class = SchoolSerializer
    lookup_field = "urn"

    def get_queryset(self):
        return schools_for_user(self.request.user).order_by("urn")
