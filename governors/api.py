"""The governors API: boards, terms of office and vacancies, scoped like the member pages
(another school's board answers 404, as a missing one does). Read-only; no contact details."""

from django.http import JsonResponse
from rest_framework import mixins, serializers, viewsets

from . import selectors, services
from .models import Term


class BoardSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    foundation_rule = serializers.CharField()
    school_urns = serializers.SerializerMethodField()

    def get_school_urns(self, board) -> list[int]:
        return [m.school.urn for m in board.current_memberships]


class TermSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="governor.full_name", read_only=True)

    class Meta:
        model = Term
        fields = [
            "id",
            "board",
            "name",
            "category",
            "appointing_body",
            "starts_on",
            "ends_on",
            "ended_on",
            "end_reason",
        ]


class CategoryVacancySerializer(serializers.Serializer):
    category = serializers.CharField()
    seats = serializers.IntegerField()
    term_years = serializers.IntegerField(allow_null=True)
    serving = serializers.IntegerField()
    vacant = serializers.IntegerField()
    vacant_since = serializers.ListField(child=serializers.DateField())


class VacancySerializer(serializers.Serializer):
    board = serializers.IntegerField()
    name = serializers.CharField()
    day = serializers.DateField()
    seats = serializers.IntegerField()
    serving = serializers.IntegerField()
    vacant = serializers.IntegerField()
    categories = CategoryVacancySerializer(many=True)


def _vacancy_row(m) -> dict:
    return {
        "board": m.board.pk,
        "name": m.board.name,
        "day": m.day,
        "seats": m.seats,
        "serving": m.serving,
        "vacant": m.vacant,
        "categories": [
            {
                "category": line.category,
                "seats": line.seats,
                "term_years": line.term_years,
                "serving": len(line.serving),
                "vacant": line.vacant,
                "vacant_since": line.vacant_since,
            }
            for line in m.lines
        ],
    }


class BoardViewSet(viewsets.ReadOnlyModelViewSet):
    """Governing boards the caller may see."""

    serializer_class = BoardSerializer

    def get_queryset(self):
        return selectors.boards_for_user(self.request.user)


class TermViewSet(viewsets.ReadOnlyModelViewSet):
    """Terms of office on the boards the caller may see, newest first."""

    serializer_class = TermSerializer

    def get_queryset(self):
        terms = Term.objects.filter(
            board__in=selectors.boards_for_user(self.request.user).values("pk")
        ).select_related("governor")
        return terms.order_by("-starts_on", "pk")


class VacancyViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Seats, serving governors and vacancies per category today, for each board the caller
    may see (derived from the instrument in force, never stored)."""

    serializer_class = VacancySerializer

    def get_queryset(self):
        return selectors.boards_for_user(self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        # ``_vacancy_row`` already gives the serializer's output (ints, strings, dates, which
        # the JSON renderer writes as ISO dates as DateField does): walking it again through
        # ``VacancySerializer`` cost a field call per value. The serializer stays the
        # documented shape; tests/governors/test_api.py checks the two agree.
        # The figures are cached against the governors inputs' version (services), for the
        # page of boards the caller may see.
        rows = services.vacancy_figures(
            list(page), render=lambda make_ups: [_vacancy_row(m) for m in make_ups]
        )
        return self.get_paginated_response(rows)


def not_found(request, path=""):
    """Any other URL under /governors/api/ (an id with a dot, a mistyped path) answers as the
    API does, in JSON, not with the HTML 404 page."""
    return JsonResponse({"detail": "Not found."}, status=404)
