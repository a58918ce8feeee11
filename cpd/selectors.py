"""Reads of CPD records, scoped to what the user may see (missing and forbidden both 404).

- a programme lead (``cpd.manage_programmes``, core/roles.py) sees every organisation;
- an organisation's coordinator (a ``Coordinator`` row) sees that organisation's staff;
- a learner sees their own records (``Learner.user``).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from .models import (
    Booking,
    BookingStatus,
    Completion,
    Enrolment,
    EnrolmentStatus,
    Learner,
    Organisation,
    Programme,
    Session,
    SessionStatus,
)

LEAD_PERMISSION = "cpd.manage_programmes"


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_programme_lead(user) -> bool:
    return _active(user) and user.has_perm(LEAD_PERMISSION)


def organisations_for_user(user) -> QuerySet[Organisation]:
    """Organisations whose staff records the user may see and enrol."""
    if not _active(user):
        return Organisation.objects.none()
    if is_programme_lead(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(coordinators__user=user)


def coordinates_any(user) -> bool:
    if not _active(user):
        return False
    cached = getattr(user, "_cpd_coordinates_any", None)
    if cached is None:
        cached = is_programme_lead(user) or organisations_for_user(user).exists()
        user._cpd_coordinates_any = cached
    return cached


def learners_for_user(user) -> QuerySet[Learner]:
    base = Learner.objects.select_related("organisation", "department")
    if not _active(user):
        return base.none()
    if is_programme_lead(user):
        return base
    return base.filter(Q(organisation__coordinators__user=user) | Q(user=user)).distinct()


def managed_departments(user) -> QuerySet:
    """(organisation, department) of each current staff record of the user marked manager:
    a manager's team is the rest of their department."""
    if not _active(user):
        return Learner.objects.none().values("organisation_id", "department_id")
    return Learner.objects.filter(
        user=user, is_manager=True, left_on__isnull=True, department__isnull=False
    ).values("organisation_id", "department_id")


def team_for_manager(user, managed=None) -> QuerySet[Learner]:
    """The staff a manager may enrol: the current staff of the departments they manage,
    themselves excluded (they enrol themselves from their own page). ``managed``: the rows of
    ``managed_departments(user)`` if the caller has read them already."""
    managed = list(managed_departments(user)) if managed is None else managed
    if not managed:
        return Learner.objects.none()
    condition = Q()
    for row in managed:
        condition |= Q(organisation_id=row["organisation_id"], department_id=row["department_id"])
    return (
        Learner.objects.filter(condition, left_on__isnull=True)
        .exclude(user=user)
        .select_related("organisation", "department")
        .order_by("name", "pk")
    )


def team_members(team: QuerySet[Learner], ids) -> list[Learner]:
    """The people of ``team`` with the given ids, in that order (whole records, for the
    service); an id outside the team is left out."""
    found = {learner.pk: learner for learner in team.filter(pk__in=list(ids))}
    return [found[pk] for pk in ids if pk in found]


def manages(user, learner: Learner) -> bool:
    """Whether ``user`` is ``learner``'s manager (manages their department)."""
    if not (_active(user) and learner.department_id):
        return False
    return Learner.objects.filter(
        user=user,
        is_manager=True,
        left_on__isnull=True,
        organisation_id=learner.organisation_id,
        department_id=learner.department_id,
    ).exists()


def team_phases(user, managed=None) -> QuerySet:
    """Phases not yet ended in which the manager's organisation(s) have places."""
    from django.utils import timezone

    from .models import Phase

    managed = managed_departments(user) if managed is None else managed
    organisations = {row["organisation_id"] for row in managed}
    return (
        Phase.objects.filter(
            allocations__organisation_id__in=organisations,
            ends_on__gte=timezone.localdate(),
        )
        .select_related("programme")
        .distinct()
        .order_by("starts_on", "pk")
    )


def team_rows(team: QuerySet[Learner], chosen=()) -> list[dict]:
    """Each team member as the team page shows them: id, name, department and their live
    enrolments as lines of text ("Programme, Phase: status"), and whether they are among
    ``chosen`` (the submitted ids, to tick them again). Two queries whatever the team's size,
    reading only the columns shown (no records are built)."""
    chosen = {str(pk) for pk in chosen}
    labels = dict(EnrolmentStatus.choices)
    live: dict[int, list[str]] = {}
    for learner_id, title, phase, status in (
        Enrolment.objects.filter(learner__in=team.values("pk"))
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .order_by("created_at", "pk")
        .values_list("learner_id", "programme__title", "phase__name", "status")
    ):
        live.setdefault(learner_id, []).append(f"{title}, {phase}: {labels[status].lower()}")
    return [
        {
            "pk": pk,
            "name": name,
            "department": department or "",
            "enrolled_on": live.get(pk, []),
            "checked": str(pk) in chosen,
        }
        for pk, name, department in team.values_list("pk", "name", "department__name")
    ]


def own_learner_records(user) -> QuerySet[Learner]:
    if not _active(user):
        return Learner.objects.none()
    return Learner.objects.filter(user=user).select_related("organisation")


def enrolments_for_user(user) -> QuerySet[Enrolment]:
    base = Enrolment.objects.select_related(
        "learner", "learner__organisation", "phase", "programme", "organisation"
    )
    if not _active(user):
        return base.none()
    if is_programme_lead(user):
        return base
    return base.filter(Q(organisation__coordinators__user=user) | Q(learner__user=user)).distinct()


def bookings_for_user(user) -> QuerySet[Booking]:
    base = Booking.objects.select_related(
        "session", "module", "enrolment__learner", "enrolment__organisation"
    )
    if not _active(user):
        return base.none()
    if is_programme_lead(user):
        return base
    return base.filter(
        Q(enrolment__organisation__coordinators__user=user) | Q(enrolment__learner__user=user)
    ).distinct()


def completions_for_user(user) -> QuerySet[Completion]:
    base = Completion.objects.select_related("learner", "learner__organisation", "module")
    if not _active(user):
        return base.none()
    if is_programme_lead(user):
        return base
    return base.filter(
        Q(learner__organisation__coordinators__user=user) | Q(learner__user=user)
    ).distinct()


def programmes_for_user(user) -> QuerySet[Programme]:
    """Programmes the user runs, coordinates staff for, or is enrolled on."""
    if not _active(user):
        return Programme.objects.none()
    if is_programme_lead(user) or organisations_for_user(user).exists():
        return Programme.objects.all()
    return Programme.objects.filter(
        pk__in=Enrolment.objects.filter(learner__user=user).values("programme_id")
    )


def sessions_with_places(user, *, since=None) -> QuerySet[Session]:
    """Sessions of the programmes the user may see, with ``places_left`` (capacity less live
    bookings, never below 0), soonest first."""
    from django.db.models import F, Value
    from django.db.models.functions import Greatest

    sessions = Session.objects.filter(
        module__programme__in=programmes_for_user(user).values("pk")
    ).select_related("module")
    if since is not None:
        sessions = sessions.filter(starts_at__gte=since)
    return sessions.annotate(
        booked=Count("bookings", filter=Q(bookings__status=BookingStatus.BOOKED)),
        places_left=Greatest(F("capacity") - F("booked"), Value(0)),
    ).order_by("starts_at", "pk")


def busiest_session_id() -> int | None:
    """The session with the most live bookings (the benchmark's register page)."""
    return (
        Session.objects.annotate(
            booked=Count("bookings", filter=Q(bookings__status=BookingStatus.BOOKED))
        )
        .order_by("-booked", "pk")
        .values_list("pk", flat=True)
        .first()
    )


def sessions_for_register(user) -> QuerySet[Session]:
    """Sessions whose register the user may take: the programme lead's (every session)."""
    if not is_programme_lead(user):
        return Session.objects.none()
    return Session.objects.select_related("module", "module__programme")


def get_session_for_register(user, *, pk: int) -> Session:
    try:
        return sessions_for_register(user).get(pk=pk)
    except Session.DoesNotExist:
        raise Http404("No session found") from None


def get_enrolment_for_user(user, *, pk: int) -> Enrolment:
    try:
        return enrolments_for_user(user).get(pk=pk)
    except Enrolment.DoesNotExist:
        raise Http404("No enrolment found") from None


def get_booking_for_user(user, *, pk: int) -> Booking:
    try:
        return bookings_for_user(user).get(pk=pk)
    except Booking.DoesNotExist:
        raise Http404("No booking found") from None


def bookable_sessions(enrolment: Enrolment) -> QuerySet[Session]:
    """Open sessions of the enrolment's programme, from now on, with their booked counts."""
    from django.utils import timezone

    return (
        Session.objects.filter(
            module__programme_id=enrolment.programme_id,
            status=SessionStatus.OPEN,
            starts_at__gte=timezone.now(),
        )
        .select_related("module")
        .annotate(booked=Count("bookings", filter=Q(bookings__status=BookingStatus.BOOKED)))
        .order_by("starts_at", "pk")
    )


def register_rows(session: Session) -> QuerySet[Booking]:
    """The session's register: its live bookings, by learner name."""
    return (
        session.bookings.filter(status=BookingStatus.BOOKED)
        .select_related("enrolment__learner", "enrolment__organisation")
        .order_by("enrolment__learner__name", "pk")
    )


def my_learning(user) -> list[dict]:
    """For the learner's page: each live enrolment with its modules, what is done and what is
    booked. A fixed number of queries whatever the number of enrolments."""
    enrolments = list(
        enrolments_for_user(user)
        .filter(learner__user=user)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .prefetch_related("programme__modules")
    )
    learner_ids = {e.learner_id for e in enrolments}
    done = {
        (c.learner_id, c.module_id): c
        for c in Completion.objects.filter(learner_id__in=learner_ids)
    }
    booked = {
        (b.enrolment_id, b.module_id): b
        for b in Booking.objects.filter(
            enrolment__in=enrolments, status=BookingStatus.BOOKED
        ).select_related("session")
    }
    result = []
    for enrolment in enrolments:
        modules = []
        for module in enrolment.programme.modules.all():
            modules.append(
                {
                    "module": module,
                    "completion": done.get((enrolment.learner_id, module.pk)),
                    "booking": booked.get((enrolment.pk, module.pk)),
                }
            )
        result.append({"enrolment": enrolment, "modules": modules})
    return result


def get_completion_by_code(code: str) -> Completion:
    """Anyone may check a certificate's verification code (the public check page)."""
    try:
        return Completion.objects.select_related(
            "learner", "learner__organisation", "module", "module__programme"
        ).get(verification_code=code.strip().upper())
    except Completion.DoesNotExist:
        raise Http404("No certificate has this code") from None


# --- For the evaluation app (cpd/evaluation/, issue 14) ---------------------------------------
# Raw counts of people, which the evaluation app publishes through disclosure.publish_counts
# itself; nothing here reaches a page directly.


def survey_invitees(programme: Programme) -> QuerySet[Enrolment]:
    """Live enrolments on the programme whose learner has an account and has not left: who is
    asked to answer its evaluation surveys."""
    return (
        Enrolment.objects.filter(
            programme=programme,
            status=EnrolmentStatus.ENROLLED,
            learner__user__isnull=False,
            learner__left_on__isnull=True,
        )
        .select_related("learner__user", "organisation")
        .order_by("pk")
    )


def live_enrolment_of(user, programme: Programme) -> Enrolment | None:
    """The user's own live enrolment on the programme (the one a survey answer belongs to)."""
    if not _active(user):
        return None
    return (
        Enrolment.objects.filter(
            programme=programme, status=EnrolmentStatus.ENROLLED, learner__user=user
        )
        .select_related("learner", "organisation", "phase")
        .first()
    )


def lead_measure_counts(user, programme: Programme) -> dict[str, dict[str, int]]:
    """Per organisation the user may see: people enrolled, people who attended at least one
    session (present or late), people who completed the programme (every required module:
    the completion report's grouped query, reports._completion_grid). Four queries whatever
    the size."""
    from .models import ATTENDED
    from .reports import _completion_grid

    organisation_ids = list(organisations_for_user(user).values_list("pk", flat=True))
    counts: dict[str, dict[str, int]] = {}
    for row in _completion_grid(programme, organisation_ids):
        line = counts.setdefault(
            row["organisation__name"], {"enrolled": 0, "attended": 0, "completed": 0}
        )
        line["enrolled"] += row["enrolled"]
        line["completed"] += row["completed"]
    attended = (
        Booking.objects.filter(
            enrolment__programme=programme,
            enrolment__status=EnrolmentStatus.ENROLLED,
            enrolment__organisation_id__in=organisation_ids,
            attendance__in=list(ATTENDED),
        )
        .values("enrolment__organisation__name")
        .annotate(n=Count("enrolment__learner", distinct=True))
        .order_by()
    )
    for row in attended:
        line = counts.setdefault(
            row["enrolment__organisation__name"], {"enrolled": 0, "attended": 0, "completed": 0}
        )
        line["attended"] = row["n"]
    return counts


# --- bulk enrolment jobs ----------------------------------------------------------------------


def bulk_enrolments_for_user(user) -> QuerySet:
    """Bulk enrolment jobs of the organisations the user may enrol (all, for the lead)."""
    from .models import BulkEnrolment

    return (
        BulkEnrolment.objects.filter(organisation__in=organisations_for_user(user).values("pk"))
        .select_related("phase__programme", "organisation", "department", "module")
        .defer("learner_ids")
    )


def get_bulk_enrolment_for_user(user, *, pk: int):
    from .models import BulkEnrolment

    try:
        # With the job that started it again, if any (the page links to it).
        return (
            bulk_enrolments_for_user(user)
            .select_related("restarted_as")
            .defer("restarted_as__learner_ids", "restarted_as__result")
            .get(pk=pk)
        )
    except BulkEnrolment.DoesNotExist:
        raise Http404("No bulk enrolment found") from None


def bulk_enrolment_choices(user) -> dict:
    """What the user may choose for a bulk enrolment: their organisations with departments,
    phases not ended in which those organisations have places, and modules held in sessions."""
    from django.utils import timezone

    from .models import SELF_PACED_KINDS, Department, Module, Phase

    organisations = list(organisations_for_user(user).order_by("name"))
    ids = [o.pk for o in organisations]
    return {
        "organisations": organisations,
        "departments": list(
            Department.objects.filter(organisation_id__in=ids).select_related("organisation")
        ),
        "phases": list(
            Phase.objects.filter(
                allocations__organisation_id__in=ids, ends_on__gte=timezone.localdate()
            )
            .select_related("programme")
            .distinct()
            .order_by("starts_on", "pk")
        ),
        "modules": list(
            Module.objects.filter(programme__phases__ends_on__gte=timezone.localdate())
            .exclude(kind__in=list(SELF_PACED_KINDS))
            .select_related("programme")
            .distinct()
            .order_by("programme__starts_on", "programme_id", "order", "title")
        ),
    }


# --- for the governors module: a governor's training done here ------------------------------


@dataclass(frozen=True)
class GovernorTrainingDone:
    """A completed CPD module that counts as governor training (``Module.governor_training``:
    the governors module's training kind)."""

    user_id: int
    kind: str
    title: str
    completed_on: datetime.date
    expires_on: datetime.date | None
    verification_code: str


def governor_training_done(user_ids) -> dict[int, list[GovernorTrainingDone]]:
    """For each of these accounts, the completions of modules marked as governor training
    (induction, anti-racism), oldest first, with when each needs refreshing. One query; only
    the accounts asked for, so the caller (the governors module) decides whose it may read."""
    from .models import add_months

    ids = [pk for pk in set(user_ids) if pk]
    found: dict[int, list[GovernorTrainingDone]] = {}
    if not ids:
        return found
    rows = (
        Completion.objects.filter(learner__user_id__in=ids)
        .exclude(module__governor_training="")
        .order_by("completed_on", "pk")
        .values_list(
            "learner__user_id",
            "module__governor_training",
            "module__title",
            "module__programme__title",
            "completed_on",
            "module__governor_training_valid_months",
            "verification_code",
        )
    )
    for user_id, kind, title, programme, completed_on, months, code in rows:
        expires = add_months(completed_on, months) if months else None
        found.setdefault(user_id, []).append(
            GovernorTrainingDone(
                user_id, kind, f"{title} ({programme})", completed_on, expires, code
            )
        )
    return found


def has_learner_equality_answers(user) -> bool:
    """Whether the person has given (and not withdrawn) equality answers as a learner: only
    whether, never what (their own page offers to give them)."""
    from schools_platform.equality.models import EqualityProfile
    from schools_platform.equality.selectors import profiles_for_person

    return (
        profiles_for_person(user).active().filter(purpose=EqualityProfile.Purpose.LEARNER).exists()
    )


def self_enrolment_options(user) -> list[tuple[Learner, object]]:
    """(staff record, phase) pairs the person may enrol themselves on: their current staff
    records, phases not yet ended (late enrolment is allowed until a phase ends) in which
    their organisation has places, on programmes they are not already on. Three queries."""
    from django.utils import timezone

    from .models import Phase

    learners = list(own_learner_records(user).filter(left_on__isnull=True))
    if not learners:
        return []
    on = {
        (learner_id, programme_id)
        for learner_id, programme_id in Enrolment.objects.filter(learner__in=learners)
        .exclude(status=EnrolmentStatus.WITHDRAWN)
        .values_list("learner_id", "programme_id")
    }
    phases = (
        Phase.objects.filter(
            allocations__organisation__in={learner.organisation_id for learner in learners},
            ends_on__gte=timezone.localdate(),
        )
        .select_related("programme")
        .prefetch_related("allocations")
        .distinct()
        .order_by("starts_on", "pk")
    )
    options = []
    for phase in phases:
        organisations = {a.organisation_id for a in phase.allocations.all()}
        for learner in learners:
            if learner.organisation_id in organisations and (
                (learner.pk, phase.programme_id) not in on
            ):
                options.append((learner, phase))
    return options
