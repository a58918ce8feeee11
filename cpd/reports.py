"""Completion reporting across organisations and phases.

Every count of people goes through ``disclosure.publish_counts`` before it reaches a page, an
export or the API: small counts are shown as "c", others rounded, as for every report on the
platform. Allocations (numbers of places, not people) and sessions are shown as they are.

A learner has **completed** the programme when they have completed every required module
(for the race equality training: the e-learning and the face-to-face session).
"""

import math
from dataclasses import dataclass

import pandas as pd
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from schools_platform.disclosure import TOTAL, PublishedTable, publish_counts, symbol_key

from .models import (
    Allocation,
    Attendance,
    Booking,
    BookingStatus,
    Completion,
    Enrolment,
    EnrolmentStatus,
    Programme,
    Session,
    SessionStatus,
    Trainer,
)
from .selectors import is_programme_lead, organisations_for_user

COMPLETED = "Completed"
NOT_YET = "Not yet completed"


@dataclass(frozen=True)
class PhaseReport:
    phase: object
    table: PublishedTable  # rows: organisations; columns: completed / not yet; row total: enrolled
    allocations: dict  # organisation name -> places


@dataclass(frozen=True)
class Forecast:
    target: int
    months_left: int
    per_month_needed: int | None
    # Rounded like any other published count (see completion_report).


def _enrolment_counts(
    programme: Programme, organisation_ids, by=("phase_id", "organisation__name")
):
    required = programme.modules.filter(required=True).count()
    done = (
        Completion.objects.filter(
            learner=OuterRef("learner"), module__programme=programme, module__required=True
        )
        .values("learner")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Enrolment.objects.filter(
            programme=programme,
            status=EnrolmentStatus.ENROLLED,
            organisation_id__in=organisation_ids,
        )
        .annotate(done=Coalesce(Subquery(done, output_field=IntegerField()), Value(0)))
        .values(*by)
        .annotate(
            enrolled=Count("pk"),
            completed=Count("pk", filter=Q(done__gte=required) & Q(done__gt=0)),
        )
        .order_by()
    )


def completion_report(user, programme: Programme) -> dict:
    """The report a user may see: their organisations only (all, for a programme lead)."""
    organisations = list(organisations_for_user(user).order_by("name"))
    names = [o.name for o in organisations]
    phases = list(programme.phases.order_by("starts_on"))
    counts: dict[tuple[int, str], dict] = {}
    for row in _enrolment_counts(programme, [o.pk for o in organisations]):
        counts[(row["phase_id"], row["organisation__name"])] = row
    allocations: dict[tuple[int, str], int] = {
        (a["phase_id"], a["organisation__name"]): a["places"]
        for a in Allocation.objects.filter(
            phase__programme=programme, organisation__in=organisations
        ).values("phase_id", "organisation__name", "places")
    }
    reports = []
    overall = {name: [0, 0] for name in names}
    for phase in phases:
        frame = pd.DataFrame(
            [
                [
                    counts.get((phase.pk, name), {}).get("completed", 0),
                    counts.get((phase.pk, name), {}).get("enrolled", 0)
                    - counts.get((phase.pk, name), {}).get("completed", 0),
                ]
                for name in names
            ],
            index=names,
            columns=[COMPLETED, NOT_YET],
        )
        for name in names:
            overall[name][0] += int(frame.loc[name, COMPLETED])
            overall[name][1] += int(frame.loc[name, NOT_YET])
        reports.append(
            PhaseReport(
                phase=phase,
                table=publish_counts(
                    frame, row_totals=True, column_totals=True, shares_within="row"
                ),
                allocations={n: allocations.get((phase.pk, n)) for n in names},
            )
        )
    total_frame = pd.DataFrame(
        [overall[n] for n in names], index=names, columns=[COMPLETED, NOT_YET]
    )
    total = publish_counts(total_frame, row_totals=True, column_totals=True, shares_within="row")
    departments = _department_table(programme, organisations)
    sessions = sessions_report(user, programme, organisations)
    return {
        "programme": programme,
        "phases": reports,
        "total": total,
        "forecast": _forecast(programme, total),
        "symbols": symbol_key(),
        "organisations": names,
        "departments": departments,
        "sessions": sessions,
    }


ATTENDED_COLUMN = "Attended"
PART_COLUMN = "Left early or excused"
NO_SHOW = "No-show"
NOT_MARKED = "Not marked yet"
BOOKING_COLUMNS = [ATTENDED_COLUMN, PART_COLUMN, NO_SHOW, NOT_MARKED]
_COLUMN_OF_MARK = {
    Attendance.PRESENT: ATTENDED_COLUMN,
    Attendance.LATE: ATTENDED_COLUMN,
    Attendance.LEFT_EARLY: PART_COLUMN,
    Attendance.EXCUSED: PART_COLUMN,
    Attendance.ABSENT: NO_SHOW,
    "": NOT_MARKED,
}


@dataclass(frozen=True)
class ModuleSessions:
    title: str
    sessions: int  # sessions, not people: shown as they are
    places: int
    fill_percent: int | None  # from the published booked total, None where it is not shown


def sessions_report(user, programme: Programme, organisations) -> dict | None:
    """Sessions per module (not cancelled): places, fill rate and what happened to the
    bookings of the user's organisations (attended, left early or excused, no-shows), with
    each trainer's load for the programme lead. Counts of people through publish_counts."""
    modules = {m.pk: m.title for m in programme.modules.order_by("order", "title")}
    held = (
        Session.objects.filter(module__programme=programme)
        .exclude(status=SessionStatus.CANCELLED)
        .values("module_id")
        .annotate(n=Count("pk"), places=Sum("capacity"))
        .order_by()
    )
    per_module = {row["module_id"]: row for row in held}
    if not per_module:
        return None
    titles = [modules[pk] for pk in modules if pk in per_module]
    cells = {(title, column): 0 for title in titles for column in BOOKING_COLUMNS}
    for row in (
        Booking.objects.filter(
            session__module__programme=programme,
            status=BookingStatus.BOOKED,
            enrolment__organisation__in=organisations,
        )
        .exclude(session__status=SessionStatus.CANCELLED)
        .values("module_id", "attendance")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        cells[(modules[row["module_id"]], _COLUMN_OF_MARK[row["attendance"]])] += row["n"]
    frame = pd.DataFrame(
        [[cells[(t, c)] for c in BOOKING_COLUMNS] for t in titles],
        index=titles,
        columns=BOOKING_COLUMNS,
    )
    table = publish_counts(frame, row_totals=True, column_totals=True)
    lines = []
    for pk, title in modules.items():
        if pk not in per_module:
            continue
        places = per_module[pk]["places"] or 0
        booked = table.cell(title, TOTAL)
        fill = round(100 * booked.count / places) if booked.is_shown and places else None
        lines.append(ModuleSessions(title, per_module[pk]["n"], places, fill))
    trainers = []
    if is_programme_lead(user):
        delivered = Q(sessions__module__programme=programme) & ~Q(
            sessions__status=SessionStatus.CANCELLED
        )
        trainers = list(
            Trainer.objects.annotate(n=Count("sessions", filter=delivered, distinct=True))
            .filter(n__gt=0)
            .order_by("-n", "name")
            .values_list("name", "n")
        )
    return {"modules": lines, "bookings": table, "trainers": trainers}


NO_DEPARTMENT = "No department"


def department_label(organisation: str, department: str | None) -> str:
    return f"{organisation}: {department or NO_DEPARTMENT}"


def _department_table(programme: Programme, organisations) -> PublishedTable | None:
    """Completion by organisation and department, all phases together, published like the
    other tables (a department of a few people shows "c")."""
    rows = {}
    for row in _enrolment_counts(
        programme,
        [o.pk for o in organisations],
        by=("organisation__name", "learner__department__name"),
    ):
        label = department_label(row["organisation__name"], row["learner__department__name"])
        rows[label] = [row["completed"], row["enrolled"] - row["completed"]]
    if not rows:
        return None
    labels = sorted(rows)
    frame = pd.DataFrame([rows[n] for n in labels], index=labels, columns=[COMPLETED, NOT_YET])
    return publish_counts(frame, row_totals=True, column_totals=True, shares_within="row")


def _forecast(programme: Programme, total: PublishedTable) -> Forecast:
    """How many a month must complete to reach the target by the programme's end, from the
    published (rounded) completed total, so the figure never reveals more than the table."""
    today = timezone.localdate()
    months_left = max(
        0, (programme.ends_on.year - today.year) * 12 + programme.ends_on.month - today.month
    )
    done = total.cell(TOTAL, COMPLETED)
    if not done.is_shown or not programme.target_learners:
        return Forecast(programme.target_learners, months_left, None)
    remaining = max(0, programme.target_learners - done.count)
    per_month = math.ceil(remaining / months_left) if months_left else remaining
    return Forecast(programme.target_learners, months_left, per_month)


def report_records(report: dict) -> list[list]:
    """Flat rows for the CSV export: phase, organisation, places, then the published cells."""
    rows = []
    for phase_report in report["phases"]:
        table = phase_report.table
        for name in table.row_labels:
            rows.append(
                [
                    phase_report.phase.name,
                    name,
                    phase_report.allocations.get(name),
                    table.cell(name, TOTAL).value,
                    table.cell(name, COMPLETED).value,
                    table.cell(name, NOT_YET).value,
                ]
            )
    return rows


REPORT_HEADERS = ["Phase", "Organisation", "Places", "Enrolled", COMPLETED, NOT_YET]
DEPARTMENT_HEADERS = ["Organisation: department", "Enrolled", COMPLETED, NOT_YET]


def department_records(report: dict) -> list[list]:
    """Flat rows of the department table (published cells), with its total."""
    table = report["departments"]
    if table is None:
        return []
    return [
        [
            "Total" if label == TOTAL else label,
            table.cell(label, TOTAL).value,
            table.cell(label, COMPLETED).value,
            table.cell(label, NOT_YET).value,
        ]
        for label in [*table.row_labels, TOTAL]
    ]


def places_summary(programme: Programme, user) -> int | None:
    organisations = organisations_for_user(user)
    return Allocation.objects.filter(
        phase__programme=programme, organisation__in=organisations
    ).aggregate(n=Sum("places"))["n"]


SESSION_HEADERS = [
    "Module",
    "Sessions",
    "Places",
    "Booked",
    ATTENDED_COLUMN,
    PART_COLUMN,
    NO_SHOW,
    NOT_MARKED,
]


def session_records(report: dict) -> list[list]:
    """The sessions table for the export: published booking cells, sessions and places."""
    sessions = report.get("sessions")
    if not sessions:
        return []
    table = sessions["bookings"]
    return [
        [
            line.title,
            line.sessions,
            line.places,
            table.cell(line.title, TOTAL).value,
            *(table.cell(line.title, column).value for column in BOOKING_COLUMNS),
        ]
        for line in sessions["modules"]
    ]
