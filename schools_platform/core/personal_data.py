"""The personal data register: what each app holds about a person, and what erasure does to it.

Each app declares its data in its own ``personal_data.py`` (discovered like ``resources.py``;
core never imports the apps): ``register(PersonalDataSource(...))`` with

- ``rows(person)``: every record it holds about that person, as flat dicts (the subject access
  download, UK GDPR Art. 15, shows them);
- ``policy``: what erasure does. ``ERASE`` deletes the records; ``ANONYMISE`` keeps them
  without what identifies the person; ``KEEP`` keeps them, because the law or the platform's
  accountability needs them (e.g. governors' terms of office), and ``reason`` says why;
- ``erase(person)``: carries out the policy, returns how many records it changed (none for KEEP).

The services using the register are ``subject_access`` and ``erase_person`` below; the pages
are in ``personal_data_views.py``. See docs/modules/kit.md.
"""

import datetime
import enum
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from . import audit, downloads

ERASE_PERMISSION = "core.erase_personal_data"


class Policy(enum.StrEnum):
    ERASE = "erase"
    ANONYMISE = "anonymise"
    KEEP = "keep"

    @property
    def label(self) -> str:
        return {
            "erase": "Deleted",
            "anonymise": "Kept without your name",
            "keep": "Kept",
        }[self.value]


@dataclass(frozen=True)
class PersonalDataSource:
    key: str  # "<app>.<what>", e.g. "equality.profiles"
    label: str  # shown to the person, e.g. "Equality monitoring answers"
    description: str  # what is held and why, in plain words
    rows: Callable[..., list[dict]]
    policy: Policy
    reason: str = ""  # why it is anonymised or kept (required for those policies)
    erase: Callable[..., int] | None = None
    # Erasure runs in ascending order: links first, the account itself last.
    order: int = 50

    def __post_init__(self):
        if self.policy != Policy.ERASE and not self.reason:
            raise ValueError(f"{self.key}: say why the data is {self.policy.value}d")
        if self.policy != Policy.KEEP and self.erase is None:
            raise ValueError(f"{self.key}: a {self.policy.value} policy needs an erase function")


_sources: dict[str, PersonalDataSource] = {}


def register(source: PersonalDataSource) -> PersonalDataSource:
    if source.key in _sources and _sources[source.key] != source:
        raise ValueError(f"Personal data source {source.key!r} is registered twice")
    _sources[source.key] = source
    return source


@functools.cache
def _discover() -> None:
    autodiscover_modules("personal_data")


def sources() -> list[PersonalDataSource]:
    _discover()
    return sorted(_sources.values(), key=lambda s: (s.order, s.key))


# --- subject access (Art. 15) ----------------------------------------------------------------


def _jsonable(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def _may_act_for(actor, person) -> bool:
    return actor.is_authenticated and (actor.pk == person.pk or actor.has_perm(ERASE_PERMISSION))


def holdings(person) -> list[tuple[PersonalDataSource, list[dict]]]:
    """Every source with that person's rows (no audit: for the services and tests only)."""
    return [(source, source.rows(person)) for source in sources()]


@transaction.atomic
def subject_access(*, actor, person, fmt: str) -> tuple[bytes, str, str]:
    """Everything the platform holds about ``person``, as a JSON or XLSX file; audited.

    The person themself, or the data steward answering a request on their behalf.
    Returns (content, file name, content type).
    """
    if not _may_act_for(actor, person):
        raise PermissionDenied("You can download only your own data.")
    if fmt not in ("json", "xlsx"):
        raise ValidationError({"format": "Choose JSON or XLSX."})
    held = holdings(person)
    now = timezone.now()
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M")
    filename = f"your-data-{stamp}.{fmt}"
    if fmt == "json":
        document = {
            "generated_at": now.isoformat(),
            "person": person.pk,
            "sources": [
                {
                    "key": source.key,
                    "label": source.label,
                    "description": source.description,
                    "on_erasure": source.policy.value,
                    "reason": source.reason,
                    "records": [{k: _jsonable(v) for k, v in row.items()} for row in rows],
                }
                for source, rows in held
            ],
        }
        content = json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8")
    else:
        about = downloads.Sheet(
            "About this file",
            [[s.label, s.description, len(rows), s.policy.label, s.reason] for s, rows in held],
            headers=["Data", "What it is", "Records", "If you ask us to erase it", "Why"],
        )
        sheets = [about]
        for source, rows in held:
            headers = list(rows[0]) if rows else ["(no records)"]
            sheets.append(
                downloads.Sheet(
                    source.label, [[row.get(h) for h in headers] for row in rows], headers
                )
            )
        content = downloads.xlsx_bytes(*sheets)
    audit.record(
        actor=actor,
        verb="personal_data.subject_access",
        target=person,
        format=fmt,
        records={source.key: len(rows) for source, rows in held},
    )
    return content, filename, downloads.CONTENT_TYPES[fmt]


# --- erasure ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedStep:
    source: PersonalDataSource
    records: int


def erasure_plan(person) -> list[PlannedStep]:
    """What erasing ``person`` would do, source by source (the confirmation page shows it)."""
    return [PlannedStep(source, len(rows)) for source, rows in holdings(person)]


def _require_eraser(actor, person) -> None:
    if not (actor.is_authenticated and actor.has_perm(ERASE_PERMISSION)):
        raise PermissionDenied("You cannot erase people's data.")
    if actor.pk == person.pk:
        raise ValidationError({"person": "Another data steward must erase your own data."})


@transaction.atomic
def erase_person(*, actor, person) -> dict[str, dict]:
    """Erase ``person``'s data where the law allows: every source's policy, in one transaction,
    one audit record. Returns {source key: {"policy", "records"}}."""
    _require_eraser(actor, person)
    results = {}
    for source in sources():
        changed = source.erase(person) if source.policy != Policy.KEEP else 0
        results[source.key] = {"policy": source.policy.value, "records": changed}
    person.refresh_from_db()
    audit.record(
        actor=actor,
        verb="personal_data.erased",
        target=person,
        results=results,
        kept={s.key: s.reason for s in sources() if s.policy == Policy.KEEP},
    )
    return results


# --- core's own data -------------------------------------------------------------------------


def _erased_label(person) -> str:
    return f"erased-person-{person.pk}"


def _account_rows(person) -> list[dict]:
    return [
        {
            "username": person.username,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "date_joined": person.date_joined,
            "last_login": person.last_login,
            "active": person.is_active,
            "roles": ", ".join(sorted(g.name for g in person.groups.all())),
        }
    ]


def _erase_account(person) -> int:
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=person).delete()
    person.groups.clear()
    person.user_permissions.clear()
    person.username = _erased_label(person)
    person.first_name = person.last_name = person.email = ""
    person.is_active = person.is_staff = person.is_superuser = False
    person.set_unusable_password()  # also ends every signed-in session
    person.save()
    return 1


def _notification_rows(person) -> list[dict]:
    return [
        {
            "sent_at": n.sent_at or n.created_at,
            "to": n.to_email,
            "subject": n.subject,
            "why": n.reason,
            "status": n.get_status_display(),
            "message": n.body_text,
        }
        for n in _notifications_of(person)
    ]


def _notifications_of(person):
    from django.db.models import Q

    from .models import Notification

    match = Q(recipient=person)
    if person.email:
        match |= Q(to_email__iexact=person.email)
    return Notification.objects.filter(match).order_by("created_at", "id")


def _erase_notifications(person) -> int:
    return _notifications_of(person).delete()[0]


def _audit_about(person):
    from django.db.models import Q

    from .models import AuditEvent

    return AuditEvent.objects.filter(
        Q(actor=person)
        | Q(target_type="core.user", target_id=str(person.pk))
        | Q(details__user=person.username)
    )


def _audit_rows(person) -> list[dict]:
    return [
        {
            "when": e.occurred_at,
            "who": e.actor_label,
            "action": e.verb,
            "about": e.target_label,
            "details": json.dumps(e.details, default=str),
        }
        for e in _audit_about(person).order_by("occurred_at", "id")
    ]


def _anonymise_audit(person) -> int:
    label = _erased_label(person)
    changed = 0
    for event in _audit_about(person):
        if event.actor_id == person.pk:
            event.actor_label = label
        if event.target_type == "core.user" and event.target_id == str(person.pk):
            event.target_label = label
        if event.details.get("user") == person.username:
            event.details = {**event.details, "user": label}
        event.save(update_fields=["actor_label", "target_label", "details", "search_text"])
        changed += 1
    return changed


register(
    PersonalDataSource(
        key="core.audit",
        label="Audit log entries about you",
        description="What you did on the platform, and what others did about you or your data.",
        rows=_audit_rows,
        policy=Policy.ANONYMISE,
        reason=(
            "The audit log is the council's record of who did what (UK GDPR Art. 5(2), "
            "accountability), so entries are kept; your name is replaced in each of them."
        ),
        erase=_anonymise_audit,
        order=90,
    )
)
register(
    PersonalDataSource(
        key="core.notifications",
        label="Messages sent to you",
        description="The e-mails the platform sent you or your address, with why each was sent.",
        rows=_notification_rows,
        policy=Policy.ERASE,
        erase=_erase_notifications,
        order=80,
    )
)
register(
    PersonalDataSource(
        key="core.account",
        label="Your account",
        description="Your sign-in name, name, e-mail address, roles and when you signed in.",
        rows=_account_rows,
        policy=Policy.ANONYMISE,
        reason=(
            "The account row stays, with no name, e-mail, password or roles, so that records "
            "which must be kept (such as terms of office) point at one anonymous person."
        ),
        erase=_erase_account,
        order=100,
    )
)
