"""The admissions API: check a proposed panel from outside (the same checker, no database
writes), and the pool, blocks and rosters scoped like the pages (the clerk's role sees all; a
panel member only their own record and blocks). Read-only apart from the check, which stores
nothing."""

from django.http import JsonResponse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from . import panel_file, selectors


class CheckPanelRequest(serializers.Serializer):
    """The format of docs/modules/admissions.md, "Checking a panel from outside"."""

    blocks = serializers.ListField(child=serializers.DictField(), min_length=1)
    members = serializers.ListField(child=serializers.DictField(), required=False)
    clerks = serializers.ListField(child=serializers.DictField(), required=False)


class BreachSerializer(serializers.Serializer):
    rule = serializers.CharField()
    message = serializers.CharField()
    source = serializers.CharField(help_text="The Code or SI 2012/9 paragraph.")


class BlockResultSerializer(serializers.Serializer):
    block = serializers.CharField()
    result = serializers.ChoiceField(choices=["ACCEPT", "REJECT"])
    breaches = BreachSerializer(many=True)


class CheckPanelResponse(serializers.Serializer):
    results = BlockResultSerializer(many=True)


class CheckPanelError(serializers.Serializer):
    detail = serializers.CharField(help_text="What does not read, naming the field.")


class CheckPanelView(APIView):
    """Judge one or more proposed panels described in the request; nothing is stored."""

    @extend_schema(
        request=CheckPanelRequest,
        responses={200: CheckPanelResponse, 400: CheckPanelError},
    )
    def post(self, request):
        if not selectors.can_see_pool(request.user):
            raise PermissionDenied("Checking panels is for the appeals clerk's role.")
        body = CheckPanelRequest(data=request.data)
        if not body.is_valid():
            field, errors = next(iter(body.errors.items()))
            return Response({"detail": f"{field}: {errors[0]}"}, status=400)
        try:
            results = panel_file.check(dict(request.data))
        except panel_file.PanelFileError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"results": [r.as_dict() for r in results]})


class PanelMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    category = serializers.CharField()
    chair_capable = serializers.BooleanField()
    travel_area = serializers.CharField()
    active = serializers.BooleanField()


class PoolViewSet(viewsets.ReadOnlyModelViewSet):
    """The panel pool (the clerk's role); a panel member sees their own record only."""

    serializer_class = PanelMemberSerializer

    def get_queryset(self):
        user = self.request.user
        if selectors.can_see_pool(user):
            return selectors.pool_for_user(user).order_by("full_name", "pk")
        return selectors.own_member_queryset(user)


class SeatSerializer(serializers.Serializer):
    member = serializers.IntegerField(source="member_id")
    name = serializers.CharField(source="member.full_name")
    is_chair = serializers.BooleanField()


class BlockSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    school_urn = serializers.IntegerField(source="round.school.urn")
    round_kind = serializers.CharField(source="round.kind")
    mode = serializers.CharField()
    days = serializers.SerializerMethodField()
    needs_rehearing = serializers.BooleanField()
    roster = serializers.SerializerMethodField()

    def get_days(self, block) -> list[str]:
        return [d.date.isoformat() for d in block.days.all()]

    def get_roster(self, block) -> dict | None:
        roster = getattr(block, "roster", None)
        if roster is None:
            return None
        return {
            "clerk": roster.clerk.full_name,
            "overridden": roster.is_overridden,
            "override_reason": roster.override_reason,
            "seats": SeatSerializer(self.context["seats"].get(block.pk, []), many=True).data,
        }


class BlockViewSet(viewsets.ReadOnlyModelViewSet):
    """Hearing blocks with their rosters: every block for the clerk's role, a member's own."""

    serializer_class = BlockSerializer

    def get_queryset(self):
        return selectors.blocks_for_user(self.request.user).order_by("reference", "pk")

    def get_serializer(self, instance=None, *args, **kwargs):
        if instance is not None:
            blocks = instance if kwargs.get("many") else [instance]
            kwargs.setdefault("context", self.get_serializer_context())
            kwargs["context"]["seats"] = selectors.seats_by_block(blocks)
        return super().get_serializer(instance, *args, **kwargs)


def not_found(request, path=""):
    return JsonResponse({"detail": "Not found."}, status=404)
