"""Demo data for CPD: the three seed programmes (``../shared/seeds/``), with invented people.

- a combined authority's race equality training for the staff of six councils and the
  combined authority (e-learning, then a face-to-face session, then an online reflection),
  three yearly phases, places per organisation in each;
- a Camden-style anti-racism learning offer: education sessions, manager support sessions,
  reflection six weeks after, and a train-the-trainer module whose trainers deliver sessions;
- headteacher CPD sessions.

``small``: 700 staff; ``large``: 21,000 staff (the region's scale). Rows are written with
``bulk_create`` for speed: this is fixture data, not a user's action, so the services' audit
records are not made for it. Idempotent: a second run finds the programmes and stops.
"""

import bisect
import datetime
import random

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from schools_platform.core import roles
from schools_platform.core.models import User
from schools_platform.core.setup import sync_role_groups
from schools_platform.equality.demo import seed_account_profiles
from schools_platform.equality.models import EqualityProfile

from .models import (
    Allocation,
    Attendance,
    Booking,
    Completion,
    CompletionSource,
    Coordinator,
    Department,
    Enrolment,
    EnrolmentStatus,
    Learner,
    Module,
    ModuleKind,
    Organisation,
    OrganisationKind,
    Phase,
    Prerequisite,
    Programme,
    Session,
    SessionStatus,
    Trainer,
    new_verification_code,
)

DEMO_ORDER = 70  # after the registry and the demo logins
STAFF = {"small": 700, "large": 21000}
COUNCILS = ["Ashdown", "Brackenmoor", "Calder Vale", "Dunmere", "Elmsworth", "Fernhill"]
DEPARTMENTS = ["Adults' services", "Children's services", "Housing", "Finance", "Place"]
FIRST = ["Amara", "Ben", "Chloe", "Dev", "Eilidh", "Farah", "Gareth", "Hui", "Idris", "Joy"]
LAST = ["Ahmed", "Brown", "Chen", "Davies", "Evans", "Francis", "Gill", "Hughes", "Iqbal"]


def _programme(title, slug, start, years, target):
    return Programme.objects.create(
        title=title,
        slug=slug,
        starts_on=start,
        ends_on=start.replace(year=start.year + years) - datetime.timedelta(days=1),
        target_learners=target,
    )


def _modules(programme, specs):
    made = {}
    for order, (key, title, kind, minutes, weeks, needs, required) in enumerate(specs, 1):
        made[key] = Module.objects.create(
            programme=programme,
            title=title,
            kind=kind,
            duration_minutes=minutes,
            order=order,
            weeks_after_prerequisites=weeks,
            required=required,
            managers_only=kind == ModuleKind.MANAGER_SUPPORT,
        )
        for need in needs:
            Prerequisite.objects.create(module=made[key], requires=made[need])
    return made


ANSWERED_EVERY = 3  # one enrolled learner in three has an account and answered the questions


def _learner_accounts_with_answers(learners, context) -> int:
    """Accounts (no password: nobody signs in as them) for one enrolled learner in three,
    each with optional equality monitoring answers given as a learner, so the report's
    completion by ethnic group has people to count. A generator of its own, so the rest of
    the demo data does not change with it."""
    chosen = [x for x in learners[::ANSWERED_EVERY] if x.user_id is None]
    users = User.objects.bulk_create(
        [
            User(
                username=f"demo-learner-{x.pk}",
                first_name=x.name.split()[0],
                password=make_password(None),  # unusable: no sign-in
            )
            for x in chosen
        ],
        batch_size=1000,
    )
    for learner, user in zip(chosen, users, strict=True):
        learner.user = user
    Learner.objects.bulk_update(chosen, ["user"], batch_size=1000)
    seed_account_profiles(
        rng=random.Random(f"cpd-learner-answers-{context.scale}"),
        users=users,
        purpose=EqualityProfile.Purpose.LEARNER,
        year=timezone.localdate().year - 1,
    )
    return len(users)


def seed(context) -> list[str] | None:
    if Programme.objects.filter(slug="embrace-demo").exists():
        return None
    rng, scale = context.rng, context.scale
    today = timezone.localdate()
    start = today.replace(month=1, day=1) - datetime.timedelta(days=365)
    orgs = [
        Organisation.objects.create(name=f"{name} Council", kind=OrganisationKind.COUNCIL)
        for name in COUNCILS
    ] + [Organisation.objects.create(name="The Combined Authority", kind="combined_authority")]
    departments = {
        o.pk: [Department.objects.create(organisation=o, name=d) for d in DEPARTMENTS] for o in orgs
    }

    embrace = _programme("Race equality training (demo)", "embrace-demo", start, 3, STAFF[scale])
    em = _modules(
        embrace,
        [
            ("e", "Race equality e-learning", ModuleKind.E_LEARNING, 60, 0, [], True),
            ("f", "Face-to-face session", ModuleKind.FACE_TO_FACE, 180, 0, ["e"], True),
            ("r", "Online reflection", ModuleKind.REFLECTION, 90, 6, ["f"], False),
        ],
    )
    phases = []
    for year in range(3):
        p_start = start.replace(year=start.year + year)
        phases.append(
            Phase.objects.create(
                programme=embrace,
                name=f"Phase {year + 1}",
                starts_on=p_start,
                ends_on=p_start.replace(year=p_start.year + 1) - datetime.timedelta(days=1),
            )
        )
    per_org_places = max(10, STAFF[scale] // 3 // len(orgs))
    Allocation.objects.bulk_create(
        [Allocation(phase=ph, organisation=o, places=per_org_places) for ph in phases for o in orgs]
    )

    learners = []
    for n in range(STAFF[scale]):
        org = orgs[n % len(orgs)]
        learners.append(
            Learner(
                organisation=org,
                department=rng.choice(departments[org.pk]),
                employee_number=f"E{n // len(orgs) + 1:05d}",
                name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                work_email=f"staff{n}@{org.name.split()[0].lower()}.demo.invalid",
                is_manager=rng.random() < 0.1,
                started_on=datetime.date(rng.randint(1995, 2024), rng.randint(1, 12), 1),
                left_on=today - datetime.timedelta(days=30) if rng.random() < 0.02 else None,
            )
        )
    Learner.objects.bulk_create(learners, batch_size=2000)
    learners = list(Learner.objects.filter(organisation__in=orgs).order_by("pk"))

    demo_user = User.objects.filter(username="learner").first()
    if demo_user:
        learners[0].user = demo_user
        learners[0].left_on = None
        learners[0].save(update_fields=["user", "left_on"])
    groups = sync_role_groups()
    lead, created = User.objects.get_or_create(
        username="cpdlead",
        defaults={
            "first_name": "Kemi",
            "last_name": "Osei",
            "email": "cpdlead@demo.schools-platform.invalid",
        },
    )
    if created and context.password:
        lead.set_password(context.password)
        lead.save()
    lead.groups.add(groups[roles.CPD_PROGRAMME_LEAD.slug])
    context.logins.append((lead.username, roles.CPD_PROGRAMME_LEAD.name))
    coordinator, created = User.objects.get_or_create(
        username="cpdcoordinator",
        defaults={"first_name": "Tom", "last_name": "Reilly"},
    )
    if created and context.password:
        coordinator.set_password(context.password)
        coordinator.save()
    Coordinator.objects.create(user=coordinator, organisation=orgs[0])
    context.logins.append((coordinator.username, f"Coordinator, {orgs[0].name}"))

    # A manager who enrols their own department's staff (the team page).
    manager_record = next(
        (
            x
            for x in learners[1:]
            if x.organisation_id == orgs[0].pk and x.department_id and not x.left_on
        ),
        None,
    )
    if manager_record is not None:
        manager, created = User.objects.get_or_create(
            username="cpdmanager", defaults={"first_name": "Priya", "last_name": "Shah"}
        )
        if created and context.password:
            manager.set_password(context.password)
            manager.save()
        manager.groups.add(groups[roles.LEARNER.slug])
        manager_record.user, manager_record.is_manager = manager, True
        manager_record.save(update_fields=["user", "is_manager"])
        context.logins.append((manager.username, f"Manager, {manager_record.department}"))

    # Phase 1 (now past): enrol up to the places; most finish the e-learning, many the session.
    enrolments, taken = [], {o.pk: 0 for o in orgs}
    for learner in learners:
        if learner.left_on or taken[learner.organisation_id] >= per_org_places:
            continue
        taken[learner.organisation_id] += 1
        enrolments.append(
            Enrolment(
                learner=learner,
                programme=embrace,
                phase=phases[0] if phases[0].ends_on >= today else phases[1],
                organisation_id=learner.organisation_id,
                status=EnrolmentStatus.ENROLLED,
            )
        )
    Enrolment.objects.bulk_create(enrolments, batch_size=2000)
    enrolments = list(Enrolment.objects.filter(programme=embrace).order_by("pk"))
    by_pk = {x.pk: x for x in learners}
    answered = _learner_accounts_with_answers(
        [by_pk[e.learner_id] for e in enrolments[1:]], context
    )

    trainer = Trainer.objects.create(name="External trainer (demo)", provider="Demo provider")
    now = timezone.now()
    past_sessions, future_sessions = [], []
    for i in range(max(4, len(enrolments) // 25)):
        when = now - datetime.timedelta(days=7 + i % 120)
        past_sessions.append(
            Session(
                module=em["f"],
                starts_at=when,
                ends_at=when + datetime.timedelta(hours=3),
                venue=f"{orgs[i % len(orgs)].name} offices, room {i % 5 + 1}",
                capacity=30,
                status=SessionStatus.FULL,
            )
        )
    for i in range(12):
        when = (now + datetime.timedelta(days=2 + i * 3)).replace(hour=9, minute=30)
        future_sessions.append(
            Session(
                module=em["f"] if i % 3 else em["r"],
                starts_at=when,
                ends_at=when + datetime.timedelta(hours=3),
                venue="" if i % 3 == 0 else f"{orgs[i % len(orgs)].name} offices",
                online_url="https://meet.demo.invalid/reflection" if i % 3 == 0 else "",
                capacity=30,
                status=SessionStatus.OPEN,
            )
        )
    Session.objects.bulk_create(past_sessions + future_sessions)
    past_sessions = list(Session.objects.filter(module=em["f"], starts_at__lt=now))
    for s in Session.objects.filter(module__programme=embrace):
        s.trainers.add(trainer)

    completions, bookings = [], []
    for n, enrolment in enumerate(enrolments):
        if n == 0:
            continue  # the demo learner books her own session
        if rng.random() < 0.8:
            completions.append(
                Completion(
                    learner_id=enrolment.learner_id,
                    module=em["e"],
                    completed_on=today - datetime.timedelta(days=rng.randint(30, 200)),
                    source=CompletionSource.E_LEARNING,
                    verification_code=new_verification_code(),
                )
            )
            session = past_sessions[n % len(past_sessions)]
            if rng.random() < 0.7:
                mark = rng.choices(
                    [Attendance.PRESENT, Attendance.LATE, Attendance.ABSENT, Attendance.EXCUSED],
                    weights=[80, 8, 8, 4],
                )[0]
                bookings.append(
                    Booking(
                        enrolment=enrolment,
                        session=session,
                        module=em["f"],
                        attendance=mark,
                        marked_at=session.ends_at,
                    )
                )
                # The e-learning is the session's prerequisite: done before the day.
                day_before = timezone.localtime(session.starts_at).date() - datetime.timedelta(
                    days=1
                )
                completions[-1].completed_on = min(completions[-1].completed_on, day_before)
    Completion.objects.bulk_create(completions, batch_size=2000)
    Booking.objects.bulk_create(bookings, batch_size=2000)
    attended = [
        Completion(
            learner_id=b.enrolment.learner_id,
            module=em["f"],
            completed_on=timezone.localtime(b.session.starts_at).date(),
            source=CompletionSource.ATTENDANCE,
            booking=b,
            verification_code=new_verification_code(),
        )
        for b in Booking.objects.filter(
            module=em["f"], attendance__in=["present", "late"]
        ).select_related("enrolment", "session")
    ]
    Completion.objects.bulk_create(attended, batch_size=2000)
    if enrolments:
        Completion.objects.create(
            learner_id=enrolments[0].learner_id,
            module=em["e"],
            completed_on=today - datetime.timedelta(days=3),
            source=CompletionSource.E_LEARNING,
        )

    if scale == "large":
        _everyone_on_a_phase(embrace, em, phases, orgs, learners, departments[orgs[0].pk][0], today)
    job = _bulk_enrolment_job(lead, orgs[0], departments[orgs[0].pk][0], phases, em, today)

    # A Camden-style learning offer with trainers trained in house.
    arlo = _programme("Anti-racism learning offer (demo)", "arlo-demo", start, 2, 4250)
    am = _modules(
        arlo,
        [
            ("t", "Train the trainer", ModuleKind.TRAIN_THE_TRAINER, 360, 0, [], False),
            ("ed", "Education session", ModuleKind.FACE_TO_FACE, 150, 0, [], True),
            (
                "m",
                "Leading with anti-racist allyship",
                ModuleKind.MANAGER_SUPPORT,
                120,
                0,
                ["ed"],
                False,
            ),
            ("rf", "Reflection session", ModuleKind.REFLECTION, 90, 6, ["ed"], False),
        ],
    )
    Phase.objects.create(programme=arlo, name="Year 1", starts_on=start, ends_on=arlo.ends_on)
    for learner in learners[1:9]:
        Completion.objects.create(
            learner=learner,
            module=am["t"],
            completed_on=start + datetime.timedelta(days=40),
            source=CompletionSource.RECORDED,
        )
        Trainer.objects.create(name=learner.name, learner=learner)

    if scale == "large":
        _arlo_for_everyone(arlo, am, orgs, learners, start, today)
        earlier = _an_earlier_cycle(orgs, learners, start)

    # Headteacher CPD sessions.
    heads = _programme("Headteacher anti-racism CPD (demo)", "heads-demo", start, 1, 40)
    hm = _modules(
        heads, [("h", "Headteacher CPD session", ModuleKind.HEADTEACHER_CPD, 180, 0, [], True)]
    )
    # A head governs their school ex officio: the session counts as their anti-racism
    # training in the governors module (refreshed every three years).
    Module.objects.filter(pk=hm["h"].pk).update(
        governor_training="anti_racism", governor_training_valid_months=36
    )
    for i in range(3):
        when = (now + datetime.timedelta(days=10 + 28 * i)).replace(hour=13, minute=30)
        Session.objects.create(
            module=hm["h"],
            starts_at=when,
            ends_at=when + datetime.timedelta(hours=3),
            venue="Education centre",
            capacity=25,
            status=SessionStatus.OPEN,
        )
    shown = [embrace, arlo, heads] + ([earlier] if scale == "large" else [])
    return [
        f"{len(shown)} CPD programmes",
        f"{len(learners)} staff",
        f"{answered} learner accounts with equality monitoring answers",
        f"{Enrolment.objects.filter(programme__in=shown).count()} enrolments",
        f"{Completion.objects.filter(module__programme__in=shown).count()} completions",
        f"a bulk enrolment of {job.department.name}, {job.organisation.name} "
        f"({job.total} people: {job.result['enrolled']} enrolled, {job.result['waiting']} "
        f"waiting, {job.result['booked']} booked)",
    ]


def _bulk_enrolment_job(lead, organisation, department, phases, modules, today):
    """A real bulk enrolment, through the services as the programme lead would queue it on
    /training/bulk/, run here and now (the task's own function, so it is finished before the
    demo's transaction commits; the task queued on commit then finds it done): one department
    of the first council into the next phase, booked on the next face-to-face sessions. A
    third of its people not yet enrolled did the e-learning ahead, so some can be booked; the
    rest are named on the job page with the reason."""
    from . import services

    next_phase = next(p for p in phases if p.starts_on > today)
    enrolled = set(
        Enrolment.objects.filter(learner__department=department).values_list(
            "learner_id", flat=True
        )
    )
    ahead = (
        Learner.objects.filter(department=department, left_on__isnull=True)
        .exclude(pk__in=enrolled)
        .order_by("pk")[::3]
    )
    Completion.objects.bulk_create(
        [
            Completion(
                learner=learner,
                module=modules["e"],
                completed_on=today - datetime.timedelta(days=14),
                source=CompletionSource.E_LEARNING,
                verification_code=new_verification_code(),
            )
            for learner in ahead
        ],
        batch_size=2000,
    )
    job = services.queue_bulk_enrolment(
        actor=lead,
        organisation=organisation,
        phase=next_phase,
        department=department,
        module=modules["f"],
    )
    return services.run_bulk_enrolment(job.pk)


# --- large: the region's scale (21,000 staff on three phases and the learning offer) --------
# Its own generator, so the shared one's draws (and so every later demo's data) stay the same.


def _weekday_at(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _sessions(module, days, where, *, hour=9, minute=30, online_url="") -> list[Session]:
    made = []
    for i, day in enumerate(sorted(days)):
        when = _weekday_at(day, hour, minute)
        made.append(
            Session(
                module=module,
                starts_at=when,
                ends_at=when + datetime.timedelta(minutes=module.duration_minutes),
                venue="" if online_url else where[i % len(where)],
                online_url=online_url,
                capacity=30,
                status=SessionStatus.FULL,
            )
        )
    return Session.objects.bulk_create(made, batch_size=2000)


def _attend(rng, enrolments, sessions, module, *, share, not_before=None) -> list[Completion]:
    """Book ``share`` of ``enrolments`` (in order) on the first of ``sessions`` (in date
    order) with a place left and on or after the day in ``not_before`` (learner -> the day
    the prerequisites allow), each with a mark; the completions of those marked present or
    late. Returns those completions."""
    days = [timezone.localtime(s.starts_at).date() for s in sessions]
    taken = [0] * len(sessions)
    first_free = 0
    bookings = []
    for enrolment in enrolments:
        if rng.random() >= share:
            continue
        i = max(
            first_free,
            bisect.bisect_left(days, (not_before or {}).get(enrolment.learner_id, days[0])),
        )
        while i < len(sessions) and taken[i] >= sessions[i].capacity:
            i += 1
        if i == len(sessions):
            continue  # no session left for them
        taken[i] += 1
        while first_free < len(sessions) and taken[first_free] >= sessions[first_free].capacity:
            first_free += 1
        bookings.append(
            Booking(
                enrolment=enrolment,
                session=sessions[i],
                module=module,
                attendance=rng.choices(
                    [Attendance.PRESENT, Attendance.LATE, Attendance.ABSENT, Attendance.EXCUSED],
                    weights=[84, 6, 6, 4],
                )[0],
                marked_at=sessions[i].ends_at,
            )
        )
    Booking.objects.bulk_create(bookings, batch_size=2000)
    done = [
        Completion(
            learner_id=b.enrolment.learner_id,
            module=module,
            completed_on=timezone.localtime(b.session.starts_at).date(),
            source=CompletionSource.ATTENDANCE,
            booking=b,
            verification_code=new_verification_code(),
        )
        for b in bookings
        if b.attendance in (Attendance.PRESENT, Attendance.LATE)
    ]
    Completion.objects.bulk_create(done, batch_size=2000)
    return done


def _everyone_on_a_phase(embrace, em, phases, orgs, learners, job_department, today):
    """Every current member of staff on one of the race equality training's three phases (the
    current phase's enrolments are made above): the next places of each organisation in the
    first phase (now ended: most did the e-learning and the face-to-face session, a third a
    reflection), the rest in the third (a few did the e-learning ahead). Leavers were enrolled
    in the first phase and withdrawn. The bulk enrolment job's department (the first
    council's first department) is left to that job."""
    rng = random.Random("cpd-large-phases")
    first, _current, later = phases
    places = Allocation.objects.filter(phase=later).values_list("organisation_id", "places")
    places = dict(places)
    enrolled = set(Enrolment.objects.filter(programme=embrace).values_list("learner_id", flat=True))
    counts = {(ph.pk, o.pk): 0 for ph in (first, later) for o in orgs}
    rows = []
    for learner in learners:
        if learner.pk in enrolled or learner.department_id == job_department.pk:
            continue
        if learner.left_on:
            rows.append((learner, first, EnrolmentStatus.WITHDRAWN))
            continue
        for phase in (first, later):
            key = (phase.pk, learner.organisation_id)
            if counts[key] < places[learner.organisation_id]:
                counts[key] += 1
                rows.append((learner, phase, EnrolmentStatus.ENROLLED))
                break
        else:
            rows.append((learner, later, EnrolmentStatus.WAITING))
    made = Enrolment.objects.bulk_create(
        [
            Enrolment(
                learner=learner,
                programme=embrace,
                phase=phase,
                organisation_id=learner.organisation_id,
                status=status,
            )
            for learner, phase, status in rows
        ],
        batch_size=2000,
    )
    in_first = [e for e in made if e.phase_id == first.pk and e.status == EnrolmentStatus.ENROLLED]
    in_later = [e for e in made if e.phase_id == later.pk]
    length = (first.ends_on - first.starts_on).days - 60
    # The first phase: e-learning in its first weeks, the session later, reflection after.
    e_learning = [
        Completion(
            learner_id=e.learner_id,
            module=em["e"],
            completed_on=first.starts_on + datetime.timedelta(days=rng.randint(0, 30)),
            source=CompletionSource.E_LEARNING,
            verification_code=new_verification_code(),
        )
        for e in in_first
        if rng.random() < 0.92
    ] + [
        Completion(
            learner_id=e.learner_id,
            module=em["e"],
            completed_on=today - datetime.timedelta(days=rng.randint(1, 60)),
            source=CompletionSource.E_LEARNING,
            verification_code=new_verification_code(),
        )
        for e in in_later
        if rng.random() < 0.1
    ]
    Completion.objects.bulk_create(e_learning, batch_size=2000)
    ready = {c.learner_id: c.completed_on + datetime.timedelta(days=1) for c in e_learning}
    venues = [f"{o.name} offices, room {n}" for o in orgs for n in range(1, 4)]
    f2f = _sessions(
        em["f"],
        [first.starts_on + datetime.timedelta(days=7 + length * i // 260) for i in range(260)],
        venues,
    )
    attended = _attend(
        rng,
        [e for e in in_first if e.learner_id in ready and ready[e.learner_id] < first.ends_on],
        f2f,
        em["f"],
        share=0.9,
        not_before=ready,
    )
    weeks = datetime.timedelta(weeks=em["r"].weeks_after_prerequisites)
    reflection = _sessions(
        em["r"],
        [
            first.starts_on + datetime.timedelta(days=7 + length * i // 90) + weeks
            for i in range(90)
        ],
        venues,
        online_url="https://meet.demo.invalid/reflection",
    )
    went = {c.learner_id: c.completed_on + weeks for c in attended}
    _attend(
        rng,
        [e for e in in_first if e.learner_id in went],
        reflection,
        em["r"],
        share=0.35,
        not_before=went,
    )


def _arlo_for_everyone(arlo, am, orgs, learners, start, today):
    """At the region's scale the anti-racism learning offer is open to every member of staff
    (places for all in its year): everyone current enrolled, about half at an education
    session so far (30 a session, delivered by the in-house trainers), and managers who went
    at a manager support session."""
    rng = random.Random("cpd-large-offer")
    phase = arlo.phases.get()
    current = [x for x in learners if not x.left_on]
    per_org = {}
    for x in current:
        per_org[x.organisation_id] = per_org.get(x.organisation_id, 0) + 1
    Allocation.objects.bulk_create(
        [Allocation(phase=phase, organisation=o, places=per_org.get(o.pk, 0)) for o in orgs]
    )
    made = Enrolment.objects.bulk_create(
        [
            Enrolment(
                learner=x,
                programme=arlo,
                phase=phase,
                organisation_id=x.organisation_id,
                status=EnrolmentStatus.ENROLLED,
            )
            for x in current
        ],
        batch_size=2000,
    )
    days = (today - start).days - 14
    venues = [f"{o.name} offices, hall" for o in orgs]
    education = _sessions(
        am["ed"], [start + datetime.timedelta(days=days * i // 360) for i in range(360)], venues
    )
    educated = _attend(rng, made, education, am["ed"], share=0.5)
    trainers = list(Trainer.objects.filter(learner__isnull=False).order_by("pk"))
    Session.trainers.through.objects.bulk_create(
        [
            Session.trainers.through(session_id=s.pk, trainer_id=trainers[i % len(trainers)].pk)
            for i, s in enumerate(education)
        ],
        batch_size=2000,
    )
    managers = {x.pk for x in current if x.is_manager}
    went = {
        c.learner_id: c.completed_on + datetime.timedelta(days=1)
        for c in educated
        if c.learner_id in managers
    }
    support = _sessions(
        am["m"],
        [start + datetime.timedelta(days=30 + (days - 30) * i // 60) for i in range(60)],
        venues,
        hour=13,
    )
    _attend(
        rng, [e for e in made if e.learner_id in went], support, am["m"], share=0.6, not_before=went
    )


# The region's programme has run in cycles (its first phase Nov 2022 - Apr 2023, 1,500 places
# across the authorities: ../shared/reference/policies-and-cpd.md section 3.5).
FIRST_CYCLE_PHASE_1_PLACES = 1500  # for the region's 21,000 staff; in proportion at other sizes
REGION_STAFF = 21000
EMBRACE_MODULES = [
    ("e", "Race equality e-learning", ModuleKind.E_LEARNING, 60, 0, [], True),
    ("f", "Face-to-face session", ModuleKind.FACE_TO_FACE, 180, 0, ["e"], True),
    ("r", "Online reflection", ModuleKind.REFLECTION, 90, 6, ["f"], False),
]


def _an_earlier_cycle(orgs, learners, start) -> Programme:
    """At ``large``: the race equality training's earlier cycle, ended the day before the
    current one began (November three years before it, as the region's first phase: Nov 2022
    when the current cycle starts in 2025). Its own programme, modules and prerequisites,
    three ended phases: the first six months with 1,500 places across the organisations, then
    the rest of that year and the next. Nineteen in twenty of the staff employed by a phase's
    start (their start date; later starters could not be) were enrolled on the first phase
    with a place left that they were employed for; about nine in ten did the e-learning in
    their phase's first month, nine in ten of those went on one of the phase's face-to-face
    sessions (booked and marked), a third of those who went on a reflection six weeks or
    more later. Every date is inside the cycle; sessions are never over capacity."""
    rng = random.Random("cpd-large-earlier-cycle")
    begins = datetime.date(start.year - 3, 11, 1)
    ends = start - datetime.timedelta(days=1)
    cycle = Programme.objects.create(
        title=f"Race equality training {begins.year}\u2013{ends.year} (demo)",
        slug="embrace-earlier-demo",
        starts_on=begins,
        ends_on=ends,
        target_learners=len(learners),
    )
    modules = _modules(cycle, EMBRACE_MODULES)
    starts = [begins, datetime.date(start.year - 2, 5, 1), datetime.date(start.year - 1, 1, 1)]
    phases = Phase.objects.bulk_create(
        [
            Phase(
                programme=cycle,
                name=f"Phase {n + 1}",
                starts_on=day,
                ends_on=(starts[n + 1] - datetime.timedelta(days=1)) if n < 2 else ends,
            )
            for n, day in enumerate(starts)
        ]
    )
    first_places = max(1, FIRST_CYCLE_PHASE_1_PLACES * len(learners) // REGION_STAFF // len(orgs))
    per_org = {}
    for x in learners:
        per_org[x.organisation_id] = per_org.get(x.organisation_id, 0) + 1
    # The first phase's 1,500, then about half of the rest in each of the other two.
    places = {
        (ph.pk, o.pk): first_places if n == 0 else (per_org.get(o.pk, 0) - first_places) // 2 + 1
        for n, ph in enumerate(phases)
        for o in orgs
    }
    Allocation.objects.bulk_create(
        [Allocation(phase_id=ph, organisation_id=o, places=n) for (ph, o), n in places.items()]
    )
    taken = dict.fromkeys(places, 0)
    chosen = [x for x in learners if rng.random() < 0.95]
    rng.shuffle(chosen)
    rows = []
    for learner in chosen:
        for phase in phases:
            key = (phase.pk, learner.organisation_id)
            if learner.started_on <= phase.starts_on and taken[key] < places[key]:
                taken[key] += 1
                rows.append((learner, phase))
                break
    made = Enrolment.objects.bulk_create(
        [
            Enrolment(
                learner=learner,
                programme=cycle,
                phase=phase,
                organisation_id=learner.organisation_id,
                status=EnrolmentStatus.ENROLLED,
            )
            for learner, phase in sorted(rows, key=lambda row: row[0].pk)
        ],
        batch_size=2000,
    )
    venues = [f"{o.name} offices, room {n}" for o in orgs for n in range(1, 4)]
    weeks = datetime.timedelta(weeks=modules["r"].weeks_after_prerequisites)
    delivered = []
    for phase in phases:
        on_it = [e for e in made if e.phase_id == phase.pk]
        begun = timezone.make_aware(datetime.datetime.combine(phase.starts_on, datetime.time(9)))
        Enrolment.objects.filter(programme=cycle, phase=phase).update(
            created_at=begun, status_changed_at=begun
        )
        e_learning = [
            Completion(
                learner_id=e.learner_id,
                module=modules["e"],
                completed_on=phase.starts_on + datetime.timedelta(days=rng.randint(0, 30)),
                source=CompletionSource.E_LEARNING,
                verification_code=new_verification_code(),
            )
            for e in on_it
            if rng.random() < 0.9
        ]
        Completion.objects.bulk_create(e_learning, batch_size=2000)
        ready = {c.learner_id: c.completed_on + datetime.timedelta(days=1) for c in e_learning}
        # Sessions from the second week to ten weeks before the phase ends (a weekend day
        # moves to the Monday), enough for nine in ten of those ready and a few more.
        length = (phase.ends_on - phase.starts_on).days - 70
        count = max(2, len(ready) * 9 // 10 // 30 * 11 // 10 + 2)
        f2f = _sessions(
            modules["f"],
            [
                phase.starts_on + datetime.timedelta(days=7 + length * i // count)
                for i in range(count)
            ],
            venues,
        )
        attended = _attend(
            rng,
            [e for e in on_it if e.learner_id in ready],
            f2f,
            modules["f"],
            share=0.9,
            not_before=ready,
        )
        count = max(2, len(attended) * 35 // 100 // 30 * 12 // 10 + 2)
        reflection = _sessions(
            modules["r"],
            [
                phase.starts_on + datetime.timedelta(days=7 + length * i // count) + weeks
                for i in range(count)
            ],
            venues,
            online_url="https://meet.demo.invalid/reflection",
        )
        went = {c.learner_id: c.completed_on + weeks for c in attended}
        _attend(
            rng,
            [e for e in on_it if e.learner_id in went],
            reflection,
            modules["r"],
            share=0.35,
            not_before=went,
        )
        delivered.extend(f2f + reflection)
    # Delivered by the external provider, as the current cycle's first sessions.
    trainer = Trainer.objects.filter(learner__isnull=True).order_by("pk").first()
    if trainer is not None:
        Session.trainers.through.objects.bulk_create(
            [Session.trainers.through(session_id=s.pk, trainer_id=trainer.pk) for s in delivered],
            batch_size=2000,
        )
    return cycle
