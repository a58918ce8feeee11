"""Reads of the admissions module, already scoped to what the user may see.

The clerk's role (model permission ``admissions.view_panelmember``) sees the pool, rounds and
blocks; a panel member sees only their own record and the blocks they sit on. Missing and
forbidden objects are both 404.
"""

from django.db.models import Count, QuerySet
from django.http import Http404

from .models import Clerk, HearingBlock, PanelMember

POOL_PERMISSION = "admissions.view_panelmember"


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_see_pool(user) -> bool:
    return _active(user) and user.has_perm(POOL_PERMISSION)


def pool_for_user(user) -> QuerySet[PanelMember]:
    """The panel pool for the clerk's role; nothing for anyone else."""
    base = PanelMember.objects.select_related("authority").annotate(sitting_count=Count("sittings"))
    if not can_see_pool(user):
        return base.none()
    return base


def get_member_for_user(user, *, pk: int) -> PanelMember:
    try:
        return pool_for_user(user).get(pk=pk)
    except PanelMember.DoesNotExist:
        raise Http404("No panel member found") from None


def own_member_record(user) -> PanelMember:
    """The signed-in person's own panel member record, or 404."""
    if not _active(user):
        raise Http404("No panel member found")
    try:
        return PanelMember.objects.select_related("authority").get(user=user, active=True)
    except PanelMember.DoesNotExist:
        raise Http404("No panel member found") from None


def clerks_for_user(user) -> QuerySet[Clerk]:
    """Every clerk for the appeals clerk's role; a clerk's own active record for a clerk with
    an account; nothing for anyone else."""
    base = Clerk.objects.select_related("authority")
    if not _active(user):
        return base.none()
    if can_see_pool(user):
        return base
    return base.filter(user=user, active=True)


def get_clerk_for_user(user, *, pk: int) -> Clerk:
    """One clerk the user may see (their own, or any for the clerk's role); 404 otherwise."""
    try:
        return clerks_for_user(user).get(pk=pk)
    except Clerk.DoesNotExist:
        raise Http404("No clerk found") from None


def blocks_for_user(user) -> QuerySet[HearingBlock]:
    """Every block for the clerk's role; a member's own blocks for a panel member."""
    base = HearingBlock.objects.select_related(
        "round__school", "round__authority", "roster__clerk"
    ).prefetch_related("days")
    if not _active(user):
        return base.none()
    if can_see_pool(user):
        return base
    return base.filter(sittings__member__user=user).distinct()


def block_links_for_user(user, *, pks) -> dict[int, HearingBlock]:
    """The blocks of these ids the user may see, by id, with only what a link to one needs
    (its id and reference): the due list's page of rows."""
    blocks = (
        blocks_for_user(user)
        .select_related(None)
        .prefetch_related(None)
        .filter(pk__in=pks)
        .only("pk", "reference")
    )
    return {block.pk: block for block in blocks}


def get_block_for_user(user, *, pk: int) -> HearingBlock:
    try:
        return blocks_for_user(user).get(pk=pk)
    except HearingBlock.DoesNotExist:
        raise Http404("No hearing block found") from None


def own_member_queryset(user) -> QuerySet[PanelMember]:
    """The signed-in person's own active record as a queryset (the API's members' view)."""
    if not _active(user):
        return PanelMember.objects.none()
    return (
        PanelMember.objects.select_related("authority")
        .filter(user=user, active=True)
        .order_by("pk")
    )


def due_for_user(user, *, today) -> list:
    """The clerk's due and overdue deadlines (admissions/deadlines.py); nothing for others."""
    from . import deadlines

    if not can_see_pool(user):
        return []
    return deadlines.all_due(today=today)


def appeal_for_link(token: str):
    """The appeal an appellant's monitoring link names (signed, valid for a year), or 404."""
    from .models import Appeal
    from .services import appeal_reference_for_token

    reference = appeal_reference_for_token(token)
    if reference is None:
        raise Http404("This link is not valid")
    try:
        return Appeal.objects.only("pk", "reference").get(reference=reference)
    except Appeal.DoesNotExist:
        raise Http404("This link is not valid") from None


def get_appeal_for_user(user, *, pk: int):
    """An appeal for the clerk's role (outcomes); 404 for anyone else."""
    from .models import Appeal

    if not can_see_pool(user):
        raise Http404("No appeal found")
    try:
        return Appeal.objects.select_related("block__round__school").get(pk=pk)
    except Appeal.DoesNotExist:
        raise Http404("No appeal found") from None


def monitoring_years() -> list[int]:
    from .models import AppealRound

    return sorted(
        set(AppealRound.objects.values_list("academic_year", flat=True).distinct()), reverse=True
    )


def monitoring_phases() -> list[str]:
    from .models import AppealRound

    return sorted(
        {p for p in AppealRound.objects.values_list("school__phase", flat=True).distinct() if p}
    )


def seats_by_block(blocks) -> dict[int, list]:
    """The seats of these blocks' rosters, with their members, by block id, in the seats' own
    order: one query whether or not any of the blocks has a roster yet (a prefetch through
    the roster is skipped when none has, so the count changed with the data)."""
    from collections import defaultdict

    from django.db.models import F

    from .models import RosterSeat

    seats = defaultdict(list)
    for seat in (
        RosterSeat.objects.filter(roster__block__in=[b.pk for b in blocks])
        .select_related("member")
        .annotate(block_pk=F("roster__block_id"))
    ):
        seats[seat.block_pk].append(seat)
    return seats
