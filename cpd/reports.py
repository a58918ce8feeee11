"""Completion reporting across organisations and phases.

Every count of people goes through ``disclosure.publish_counts`` before it reaches a page, an
export or the API: small counts are shown as "c", others rounded, as for every report on the
platform. Allocations (numbers of places, not people) and sessions are shown as they are.

A learner has **completed** the programme when they have completed every required module
(for the race equality training: the e-learning and the face-to-face session).
"""

import datetime
import math
from dataclasses import dataclass

import pandas as pd
from django.db import connection
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from schools_platform.disclosure import (
    TOTAL,
    DisclosureInfeasible,
    PublishedTable,
    publish_counts,
    symbol_key,
)

from .models import (
    Allocation,
    Attendance,
    Booking,
    BookingStatus,
    Completion,
    Department,
    Enrolment,
    EnrolmentStatus,
    Learner,
    Module,
    Organisation,
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
    per_month_so_far: int | None = None  # the published completed total over months gone
    forecast_at_end: int | None = None  # completed by the end at that rate

    @property
    def on_track(self) -> bool | None:
        if self.forecast_at_end is None or not self.target:
            return None
        return self.forecast_at_end >= self.target


def _completion_grid(programme: Programme, organisation_ids) -> list[dict]:
    """Enrolled and completed per phase, organisation and department, in one query. The rule:
    a person enrolled (not waiting, not withdrawn) has completed the programme when they
    have completed every required module (and it has at least one). The learners' required
    completions are counted once in a grouped derived table and joined, instead of a
    correlated count for every enrolment. The report, its exports, the API and the impact
    report's lead measures all count completion here."""
    organisation_ids = list(organisation_ids)
    if not organisation_ids:
        return []
    required = programme.modules.filter(required=True).count()
    placeholders = ", ".join(["%s"] * len(organisation_ids))
    # Only table names from the models and "%s" placeholders are formatted in; values are bound.
    sql = f"""
        SELECT e.phase_id, o.name, d.name, COUNT(*),
               COUNT(*) FILTER (WHERE COALESCE(c.n, 0) >= %s AND COALESCE(c.n, 0) > 0)
        FROM {Enrolment._meta.db_table} e
        JOIN {Organisation._meta.db_table} o ON o.id = e.organisation_id
        JOIN {Learner._meta.db_table} l ON l.id = e.learner_id
        LEFT JOIN {Department._meta.db_table} d ON d.id = l.department_id
        LEFT JOIN (
            SELECT cc.learner_id, COUNT(*) AS n
            FROM {Completion._meta.db_table} cc
            JOIN {Module._meta.db_table} m ON m.id = cc.module_id
            WHERE m.programme_id = %s AND m.required
            GROUP BY cc.learner_id
        ) c ON c.learner_id = e.learner_id
        WHERE e.programme_id = %s AND e.status = %s AND e.organisation_id IN ({placeholders})
        GROUP BY e.phase_id, o.name, d.name
    """  # noqa: S608
    params = [required, programme.pk, programme.pk, EnrolmentStatus.ENROLLED, *organisation_ids]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            {
                "phase_id": phase_id,
                "organisation__name": organisation,
                "learner__department__name": department,
                "enrolled": enrolled,
                "completed": completed,
            }
            for phase_id, organisation, department, enrolled, completed in cursor.fetchall()
        ]


def _completion_dates(programme: Programme, organisation_ids) -> list[tuple[str, int]]:
    """(date the programme was completed, people) for the same enrolments and the same rule
    as ``_completion_grid`` (so the months add up to its completed total), in one query: the
    date is the learner's last required completion."""
    organisation_ids = list(organisation_ids)
    if not organisation_ids:
        return []
    placeholders = ", ".join(["%s"] * len(organisation_ids))
    # Only table names from the models and "%s" placeholders are formatted in; values are bound.
    # The programme's required modules are counted in the same query (none: nobody completed).
    sql = f"""
        SELECT c.done_on, COUNT(*)
        FROM {Enrolment._meta.db_table} e
        JOIN (
            SELECT cc.learner_id, COUNT(*) AS n, MAX(cc.completed_on) AS done_on
            FROM {Completion._meta.db_table} cc
            JOIN {Module._meta.db_table} m ON m.id = cc.module_id
            WHERE m.programme_id = %s AND m.required
            GROUP BY cc.learner_id
        ) c ON c.learner_id = e.learner_id
        WHERE e.programme_id = %s AND e.status = %s AND e.organisation_id IN ({placeholders})
          AND c.n >= (
              SELECT COUNT(*) FROM {Module._meta.db_table} r
              WHERE r.programme_id = %s AND r.required
          )
        GROUP BY c.done_on
    """  # noqa: S608
    params = [programme.pk, programme.pk, EnrolmentStatus.ENROLLED, *organisation_ids]
    params.append(programme.pk)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        # SQLite gives the date as text, PostgreSQL as a date: both start "YYYY-MM".
        return [(str(done_on), n) for done_on, n in cursor.fetchall()]


def _month(year: int, month: int) -> datetime.date:
    return datetime.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _monthly_table(programme: Programme, organisation_ids, total: PublishedTable):
    """Completions a month (people who completed the programme that month), from the
    programme's first month (or an earlier completion's) to this month (or a later one's),
    through ``publish_counts``. Its total is the all-phases table's completed total, so the
    two tables agree on it: shown there, it is shown here; hidden there, hidden here (and
    protected). Rows: the first day of each month."""
    per_month: dict[datetime.date, int] = {}
    for done_on, n in _completion_dates(programme, organisation_ids):
        key = datetime.date(int(done_on[:4]), int(done_on[5:7]), 1)
        per_month[key] = per_month.get(key, 0) + n
    today = timezone.localdate()
    first = min([programme.starts_on.replace(day=1), *per_month])
    last = max([min(today, programme.ends_on).replace(day=1), first, *per_month])
    months, month = [], first
    while month <= last:
        months.append(month)
        month = _month(month.year, month.month + 1)
    frame = pd.DataFrame([[per_month.get(m, 0)] for m in months], index=months, columns=[COMPLETED])
    done = total.cell(TOTAL, COMPLETED)
    link = [(TOTAL, COMPLETED)]
    try:
        return publish_counts(
            frame,
            column_totals=True,
            published_elsewhere=link if done.is_shown else (),
            suppressed_elsewhere=link if done.is_suppressed else (),
        )
    except DisclosureInfeasible:  # cannot agree with the all-phases table: not shown
        return None


def completion_report(user, programme: Programme) -> dict:
    """The report a user may see: their organisations only (all, for a programme lead)."""
    organisations = list(organisations_for_user(user).order_by("name"))
    names = [o.name for o in organisations]
    phases = list(programme.phases.order_by("starts_on"))
    counts: dict[tuple[int, str], dict] = {}
    by_department: dict[str, list[int]] = {}
    # One pass over the enrolments for both the phase tables and the department table.
    for row in _completion_grid(programme, [o.pk for o in organisations]):
        cell = counts.setdefault(
            (row["phase_id"], row["organisation__name"]), {"completed": 0, "enrolled": 0}
        )
        cell["completed"] += row["completed"]
        cell["enrolled"] += row["enrolled"]
        label = department_label(row["organisation__name"], row["learner__department__name"])
        line = by_department.setdefault(label, [0, 0])
        line[0] += row["completed"]
        line[1] += row["enrolled"] - row["completed"]
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
    departments = _department_table(by_department)
    sessions = sessions_report(user, programme, organisations)
    # Places (not people) over all phases, for the all-phases table and its chart.
    total_places = {}
    for (_phase, name), places in allocations.items():
        total_places[name] = total_places.get(name, 0) + places
    return {
        "programme": programme,
        "phases": reports,
        "total": total,
        "total_allocations": {n: total_places.get(n) for n in names},
        "months": _monthly_table(programme, [o.pk for o in organisations], total),
        "forecast": _forecast(programme, total),
        "symbols": symbol_key(),
        "organisations": names,
        "organisation_ids": [o.pk for o in organisations],
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


def _department_table(rows: dict[str, list[int]]) -> PublishedTable | None:
    """Completion by organisation and department, all phases together (``rows``: label ->
    [completed, not yet]), published like the other tables (a department of a few people
    shows "c")."""
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
    # The current rate: completions so far over the whole months since the programme began
    # (at least one), carried on to its end.
    months_gone = max(
        1, (today.year - programme.starts_on.year) * 12 + today.month - programme.starts_on.month
    )
    rate = done.count / months_gone
    return Forecast(
        programme.target_learners,
        months_left,
        per_month,
        per_month_so_far=round(rate),
        forecast_at_end=done.count + round(rate * months_left),
    )


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


# --- completion by module and ethnic group ---------------------------------------------------

NOT_KNOWN = "Not known"  # no answer given (or the answers were withdrawn)
PREFER_NOT = "Prefer not to say"


def ethnic_group_labels() -> list[str]:
    from schools_platform.equality.choices import ETHNIC_GROUPS

    return [*ETHNIC_GROUPS.values(), PREFER_NOT, NOT_KNOWN]


def _group_of(code: str | None) -> str:
    from schools_platform.equality.choices import CATEGORY_GROUP, ETHNIC_GROUPS, PREFER_NOT_TO_SAY

    if code == PREFER_NOT_TO_SAY:
        return PREFER_NOT
    group = CATEGORY_GROUP.get(code or "")
    return ETHNIC_GROUPS[group] if group else NOT_KNOWN


@dataclass(frozen=True)
class ModuleGroups:
    title: str
    table: PublishedTable  # rows: ethnic groups; columns: completed / not yet; total: enrolled


def ethnic_group_report(user, programme: Programme, organisation_ids=None) -> list[ModuleGroups]:
    """Completion of each module by the ethnic group learners gave in their optional equality
        monitoring answers (purpose "learner", the newest reportable answer; none: "Not known"),
        among the people enrolled from the user's organisations. Aggregates only, each table
        through ``publish_counts``; the answers are never read per person here (the equality
        module's steward pages are the only person-level view). Two queries whatever the size (and
    one for the user's organisations unless ``organisation_ids`` gives them)."""
    from schools_platform.equality.models import EqualityProfile
    from schools_platform.equality.selectors import reportable_profiles

    if organisation_ids is None:
        organisation_ids = list(organisations_for_user(user).values_list("pk", flat=True))
    ethnicity = Subquery(
        reportable_profiles("ethnicity")
        .filter(user=OuterRef("learner__user"), purpose=EqualityProfile.Purpose.LEARNER)
        .order_by("-created_at", "-pk")
        .values("ethnicity")[:1]
    )
    enrolled = Enrolment.objects.filter(
        programme=programme, status=EnrolmentStatus.ENROLLED, organisation_id__in=organisation_ids
    )
    modules = list(programme.modules.order_by("order", "title").values_list("pk", "title"))
    # One pass over the enrolments: the people of each group, and of them those who completed
    # each module (a conditional distinct count per module), so each enrolment's answer is
    # looked up once rather than once for the people and again for every completion.
    people: dict[str, int] = {}
    done: dict[tuple[int, str], int] = {}
    per_module = {
        f"module_{pk}": Count(
            "learner", distinct=True, filter=Q(learner__completions__module_id=pk)
        )
        for pk, _ in modules
    }
    for row in (
        enrolled.annotate(ethnicity=ethnicity)
        .values("ethnicity")
        .annotate(n=Count("learner", distinct=True), **per_module)
        .order_by()
    ):
        group = _group_of(row["ethnicity"])
        people[group] = people.get(group, 0) + row["n"]
        for pk, _ in modules:
            done[(pk, group)] = done.get((pk, group), 0) + row[f"module_{pk}"]
    if not people:
        return []
    labels = ethnic_group_labels()
    result = []
    for pk, title in modules:
        frame = pd.DataFrame(
            [
                [
                    done.get((pk, g), 0),
                    max(0, people.get(g, 0) - done.get((pk, g), 0)),
                ]
                for g in labels
            ],
            index=labels,
            columns=[COMPLETED, NOT_YET],
        )
        table = publish_counts(frame, row_totals=True, column_totals=True, shares_within="row")
        result.append(ModuleGroups(title, table))
    return result


ETHNIC_GROUP_HEADERS = ["Module", "Ethnic group", "Enrolled", COMPLETED, "Completed (%)", NOT_YET]


def ethnic_group_records(groups: list[ModuleGroups]) -> list[list]:
    """Flat rows of the ethnic group tables (published cells only), each module's total last."""
    rows = []
    for line in groups:
        table = line.table
        for label in [*table.row_labels, TOTAL]:
            completed = table.cell(label, COMPLETED)
            rows.append(
                [
                    line.title,
                    "Total" if label == TOTAL else label,
                    table.cell(label, TOTAL).value,
                    completed.value,
                    completed.percent_value,
                    table.cell(label, NOT_YET).value,
                ]
            )
    return rows


TRAINER_HEADERS = ["Trainer", "Sessions"]


def trainer_records(report: dict) -> list[list]:
    """Trainer load (sessions, not people: shown as they are), for the programme lead only."""
    sessions = report.get("sessions") or {}
    return [[name, n] for name, n in sessions.get("trainers", [])]


# --- a bulk enrolment job's result -----------------------------------------------------------

_BULK_LINES = [
    ("enrolled", "Enrolled (took one of the organisation's places)"),
    ("waiting", "Joined the waiting list (the places were taken)"),
    ("already_enrolled", "Already enrolled on this phase"),
    ("already_waiting", "Already on this phase's waiting list"),
    ("not_enrolled", "Not enrolled"),
    ("booked", "Booked on a session"),
    ("not_booked", "Enrolled but not booked"),
]


def bulk_summary(job) -> dict:
    """The job's result for its page: what happened to how many people, why some were left
    out, and the sessions people were booked on (one query for those). For the lead or the
    organisation's coordinator, who see each of these people anyway (the job names them)."""
    result = job.result or {}
    lines = [(label, result.get(key, 0)) for key, label in _BULK_LINES]
    if not job.module_id:
        lines = lines[:5]
    booked = result.get("sessions", {})
    sessions = (
        {
            s.pk: s
            for s in Session.objects.filter(pk__in=[int(pk) for pk in booked]).select_related(
                "module"
            )
        }
        if booked
        else {}
    )
    return {
        "lines": lines,
        "reasons": sorted(result.get("reasons", {}).items(), key=lambda r: (-r[1], r[0])),
        "sessions": [
            (sessions[int(pk)], n)
            for pk, n in sorted(booked.items(), key=lambda r: int(r[0]))
            if int(pk) in sessions
        ],
        "problems": _named(result.get("problems", [])),
        "problems_more": max(
            0,
            result.get("not_enrolled", 0)
            + result.get("not_booked", 0)
            - len(result.get("problems", [])),
        ),
    }


def _named(problems) -> list[tuple[str, str]]:
    """(name, reason) for the job's people left out: the names read now (one query), so the
    job keeps no copy of them."""
    from .models import Learner

    names = dict(
        Learner.objects.filter(pk__in=[pk for pk, _ in problems]).values_list("pk", "name")
    )
    return [(names.get(pk, "Someone no longer listed"), reason) for pk, reason in problems]


REPORT_PAGE_PREFIX = "cpd:report-page:"
REPORT_PAGE_SECONDS = 60 * 60


def report_inputs_version() -> str:
    """One query: a marker that moves whenever anything the completion report is built from
    does. Every write through a service, and every import, records an audit event in its
    transaction (enrolments, bookings, registers, completions, sessions, places, staff
    records, equality answers given or withdrawn): the newest event's id moves with each,
    a change in place included. The newest id of each input table covers bulk loads that
    record no event (demo seeding)."""
    import hashlib

    from schools_platform.core.models import AuditEvent
    from schools_platform.equality.selectors import profiles_table

    tables = [
        AuditEvent._meta.db_table,
        Enrolment._meta.db_table,
        Completion._meta.db_table,
        Booking._meta.db_table,
        Session._meta.db_table,
        Allocation._meta.db_table,
        Learner._meta.db_table,
        profiles_table(),
    ]
    # Table and column names come from the models' _meta, never from input.
    quote = connection.ops.quote_name
    parts = [f"(SELECT MAX({quote('id')}) FROM {quote(table)})" for table in tables]  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return hashlib.sha256(repr(row).encode()).hexdigest()[:32]


def report_page(user, programme: Programme, *, build):
    """``build()`` (the report page's figures and charts for ``user``), from the cache when
    nothing it is built from has changed: keyed on ``report_inputs_version``, the programme,
    the organisations the user sees, whether they are the lead (the trainer load), the day
    (the months and the forecast run to today) and the disclosure policy, never the user
    themselves. Only published cells and what is drawn from them are cached."""
    from schools_platform.core.cache import get_or_build
    from schools_platform.disclosure.policy import DisclosurePolicy

    choices = (
        report_inputs_version(),
        programme.pk,
        sorted(organisations_for_user(user).values_list("pk", flat=True)),
        is_programme_lead(user),
        timezone.localdate().isoformat(),
        sorted(DisclosurePolicy.default().as_dict().items()),
    )
    return get_or_build(REPORT_PAGE_PREFIX, choices, build, timeout=REPORT_PAGE_SECONDS)
