"""Staff lists from each employer's HR export, as an import (docs/modules/imports.md): upload,
dry run with every bad row named, confirm, all or nothing.

Columns: Organisation, Employee number, Name, Work email, Manager, Start date, Leaving date.
Each employer numbers its own staff and the same number appears at several, so a row is
matched by (organisation, employee number): a re-import updates. A leaver is marked by the
Leaving date, never deleted (rows are never deleted by an import).
"""

from django.core.exceptions import ValidationError
from django.db.models import Count, F
from django.utils import timezone
from import_export.fields import Field
from import_export.widgets import Widget

from schools_platform.imports import Importer, register_importer
from schools_platform.imports.files import decode_windows_1252_or_utf8
from schools_platform.imports.resources import PipelineResource
from schools_platform.imports.widgets import DayMonthYearWidget, LookupWidget, TextWidget

from .models import (
    Allocation,
    Completion,
    CompletionSource,
    Department,
    Enrolment,
    EnrolmentStatus,
    Learner,
    Module,
    Organisation,
    Phase,
    Programme,
)

COLUMNS = (
    "Organisation",
    "Employee number",
    "Name",
    "Work email",
    "Manager",
    "Start date",
    "Leaving date",
    "Department",
)


class YesNoWidget(Widget):
    """Yes/No (or Y/N, True/False, 1/0; blank is No)."""

    cleans_by_value = True
    YES = {"yes", "y", "true", "1"}
    NO = {"no", "n", "false", "0", ""}

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip().casefold()
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(f"'{value}' is not Yes or No.")

    def render(self, value, obj=None, **kwargs):
        return "Yes" if value else "No"


def _date(column, attribute):
    return Field(
        attribute=attribute,
        column_name=column,
        widget=DayMonthYearWidget(formats=("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")),
    )


class StaffResource(PipelineResource):
    organisation = Field(
        attribute="organisation",
        column_name="Organisation",
        widget=LookupWidget(
            Organisation,
            "name",
            required=True,
            missing="No organisation is called '{value}'; the programme lead adds it first.",
        ),
    )
    employee_number = Field(
        attribute="employee_number",
        column_name="Employee number",
        widget=TextWidget(required=True),
    )
    name = Field(attribute="name", column_name="Name", widget=TextWidget(required=True))
    work_email = Field(attribute="work_email", column_name="Work email", widget=TextWidget())
    is_manager = Field(attribute="is_manager", column_name="Manager", widget=YesNoWidget())
    started_on = _date("Start date", "started_on")
    left_on = _date("Leaving date", "left_on")
    department = Field(attribute="department", column_name="Department", widget=None)

    class Meta:
        model = Learner
        import_id_fields = ("organisation", "employee_number")
        fields = (
            "organisation",
            "employee_number",
            "name",
            "work_email",
            "is_manager",
            "started_on",
            "left_on",
            "department",
        )
        batch_size = 2000

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["department"].widget = DepartmentWidget()
        self.new_departments = []

    def get_queryset(self):
        # The department too: Learner.clean reads it for every row, changed or not.
        return Learner.objects.select_related("organisation", "department")

    def prepare(self, parsed) -> None:
        """Departments named in the file that the organisation does not have yet are added
        (the dry run only plans them, unsaved, so their rows check as valid)."""
        widget = self.fields["department"].widget
        widget.by_pair = {}
        pairs = {
            (o, d) for o, d in _distinct_pairs(parsed, "Organisation", "Department") if o and d
        }
        if not pairs:
            return
        organisations = {
            o.name.casefold(): o
            for o in Organisation.objects.filter(name__in={o for o, _ in pairs})
        }
        for department in Department.objects.filter(
            organisation__in=organisations.values()
        ).select_related("organisation"):
            key = (department.organisation.name.casefold(), department.name.casefold())
            widget.by_pair[key] = department
        new = {}
        for organisation_name, name in sorted(pairs):
            key = (organisation_name.casefold(), name.casefold())
            organisation = organisations.get(organisation_name.casefold())
            if organisation is None or key in widget.by_pair or key in new:
                continue  # an unknown organisation is reported by its own column
            new[key] = Department(organisation=organisation, name=name[:160])
        if not self.dry_run:
            Department.objects.bulk_create(new.values())
        widget.by_pair.update(new)
        self.new_departments = list(new.values())

    def notes(self) -> list[str]:
        return [f"New department: {d.name} ({d.organisation})." for d in self.new_departments]

    # A leaving date before the start date, or a department of another organisation, is
    # refused by Learner.clean (the engine runs it for every row).


STAFF = register_importer(
    Importer(
        name="cpd-staff",
        label="Staff for CPD",
        resource_class=StaffResource,
        permission="cpd.import_learners",
        export_permission="cpd.view_learner",
        description=(
            "An employer's staff list from its HR system (CSV or XLSX): Organisation, Employee "
            "number, Name, Work email, Manager (Yes/No), Start date, Leaving date. Staff are "
            "matched by organisation and employee number: existing records are updated, new "
            "ones added, none deleted; a leaver is marked by the leaving date. An optional "
            "Department column sets each person's department (new departments are added)."
        ),
    )
)


# --- enrolments and e-learning completions (60,000 rows) -----------------------------------
#
# Both files name a person as the HR export does: Organisation and Employee number together
# (each employer numbers its own staff). The programme is named by its title, and the phase or
# module by its name within that programme. Those lookups need two cells of the row, so their
# widgets read the row; ``prepare`` loads every record the file names in a few queries first.

QUERY_CHUNK = 900  # below SQLite's bound-parameter limit


def _cell(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # an employee number typed as a number in Excel
    return "" if value is None else str(value).strip()


def _shown(value) -> str:
    text = _cell(value)
    return text if len(text) <= 40 else text[:37] + "..."


class PairLookupWidget(Widget):
    """A record found by two cells of the row (e.g. organisation + employee number), from a
    dictionary the resource fills in ``prepare``."""

    def __init__(self, outer_column: str, *, missing: str, blank: str):
        self.outer_column = outer_column
        self.missing = missing
        self.blank = blank
        self.by_pair: dict[tuple[str, str], object] = {}
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        inner = _cell(value)
        if not inner:
            raise ValueError(self.blank)
        outer = _cell((row or {}).get(self.outer_column))
        if not outer:
            raise ValueError(f"The {self.outer_column} cell is blank, so this cannot be found.")
        found = self.by_pair.get((outer.casefold(), inner.casefold()))
        if found is None:
            raise ValueError(self.missing.format(outer=_shown(outer), inner=_shown(inner)))
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else self.render_value(value)

    def render_value(self, value) -> str:
        return str(value)


class LearnerWidget(PairLookupWidget):
    def render_value(self, value) -> str:
        return value.employee_number


class TitleWidget(PairLookupWidget):
    def __init__(self, attribute: str, **kwargs):
        self.attribute = attribute
        super().__init__("Programme", **kwargs)

    def render_value(self, value) -> str:
        return getattr(value, self.attribute)


class DepartmentWidget(PairLookupWidget):
    """A department of the row's organisation, by name; blank is none."""

    def __init__(self):
        super().__init__("Organisation", missing="", blank="")

    def clean(self, value, row=None, **kwargs):
        name = _cell(value)
        if not name:
            return None
        organisation = _cell((row or {}).get(self.outer_column))
        return self.by_pair.get((organisation.casefold(), name.casefold()))

    def render_value(self, value) -> str:
        return value.name


def _distinct_pairs(parsed, outer: str, inner: str) -> set[tuple[str, str]]:
    if outer not in parsed.headers or inner not in parsed.headers:
        return set()
    i, j = parsed.headers.index(outer), parsed.headers.index(inner)
    return {(_cell(row[i]), _cell(row[j])) for row in parsed.rows}


def _load_learners(widget: LearnerWidget, parsed) -> None:
    """Every staff record the file names: one query per chunk of employee numbers."""
    pairs = _distinct_pairs(parsed, "Organisation", "Employee number")
    organisations = sorted({o for o, _ in pairs if o})
    numbers = sorted({n for _, n in pairs if n})
    widget.by_pair = {}
    for start in range(0, len(numbers), QUERY_CHUNK):
        for learner in Learner.objects.filter(
            organisation__name__in=organisations,
            employee_number__in=numbers[start : start + QUERY_CHUNK],
        ).select_related("organisation"):
            key = (learner.organisation.name.casefold(), learner.employee_number.casefold())
            widget.by_pair[key] = learner


def _load_titles(widget: TitleWidget, parsed, model, column: str) -> None:
    """The phases (or modules) of the programmes the file names, by programme title."""
    titles = sorted({p for p, _ in _distinct_pairs(parsed, "Programme", column) if p})
    widget.by_pair = {
        (obj.programme.title.casefold(), getattr(obj, widget.attribute).casefold()): obj
        for obj in model.objects.filter(programme__title__in=titles).select_related("programme")
    }


class RequiredDateWidget(DayMonthYearWidget):
    def clean(self, value, row=None, **kwargs):
        if _cell(value) == "":
            raise ValueError("This cell is blank, but a date is needed.")
        return super().clean(value, row=row, **kwargs)


def _programme_field():
    return Field(
        attribute="programme",
        column_name="Programme",
        widget=LookupWidget(
            Programme,
            "title",
            required=True,
            missing="No programme is called '{value}'.",
        ),
    )


def _learner_field():
    return Field(
        attribute="learner",
        column_name="Employee number",
        widget=LearnerWidget(
            "Organisation",
            missing="{outer} has no member of staff with employee number '{inner}'; import "
            "the staff list first.",
            blank="This cell is blank, but an employee number is needed.",
        ),
    )


class EnrolmentResource(PipelineResource):
    """Enrolments from a booking system or a coordinator's list. Each new row takes one of the
    organisation's places in the phase, in the order of the file, and joins the organisation's
    waiting list once they are all taken: the same rule as one enrolment at a time
    (services.enrol). A person already enrolled on the programme is left as they are."""

    learner = _learner_field()
    programme = _programme_field()
    phase = Field(
        attribute="phase",
        column_name="Phase",
        widget=TitleWidget(
            "name",
            missing="{outer} has no phase called '{inner}'.",
            blank="This cell is blank, but the phase's name is needed.",
        ),
    )

    class Meta:
        model = Enrolment
        import_id_fields = ("learner", "programme")
        fields = ("learner", "programme", "phase")
        batch_size = 2000

    def get_queryset(self):
        # One live enrolment per person per programme: a withdrawn one may be followed by another.
        # ``stored_phase_id`` keeps the phase as stored while the engine sets the file's on it.
        return Enrolment.objects.exclude(status=EnrolmentStatus.WITHDRAWN).annotate(
            stored_phase_id=F("phase_id")
        )

    def required_columns(self) -> list[str]:
        # The person is found within the organisation the row names.
        return [*super().required_columns(), "Organisation", "Phase"]

    def prepare(self, parsed) -> None:
        _load_learners(self.fields["learner"].widget, parsed)
        _load_titles(self.fields["phase"].widget, parsed, Phase, "Phase")
        phases = {p.pk for p in self.fields["phase"].widget.by_pair.values()}
        self.places = {
            (a.phase_id, a.organisation_id): a.places
            for a in Allocation.objects.filter(phase_id__in=phases)
        }
        self.taken = {
            (row["phase_id"], row["organisation_id"]): row["n"]
            for row in Enrolment.objects.filter(
                phase_id__in=phases, status=EnrolmentStatus.ENROLLED
            )
            .values("phase_id", "organisation_id")
            .annotate(n=Count("pk"))
            .order_by()
        }
        self.waiting = 0
        self.today = timezone.localdate()

    def validate_row(self, instance):
        learner, phase = instance.learner, instance.phase
        if phase.programme_id != instance.programme_id:
            raise ValidationError({"phase": "The phase belongs to another programme."})
        if instance.pk is not None:
            if instance.phase_id != instance.stored_phase_id:
                raise ValidationError(
                    {
                        "phase": f"{learner.name} is already enrolled on this programme in "
                        "another phase; withdraw that enrolment first."
                    }
                )
            return
        if learner.has_left:
            raise ValidationError(
                {"learner": f"{learner.name} left on {learner.left_on:%-d %B %Y}."}
            )
        if phase.ends_on < self.today:
            raise ValidationError({"phase": f"{phase.name} ended on {phase.ends_on:%-d %B %Y}."})
        key = (phase.pk, learner.organisation_id)
        if key not in self.places:
            raise ValidationError(
                {"phase": f"{learner.organisation} has no places in {phase.name}."}
            )
        instance.organisation_id = learner.organisation_id
        if self.taken.get(key, 0) < self.places[key]:
            self.taken[key] = self.taken.get(key, 0) + 1
            instance.status = EnrolmentStatus.ENROLLED
        else:
            instance.status = EnrolmentStatus.WAITING
            self.waiting += 1

    def notes(self) -> list[str]:
        if not getattr(self, "waiting", 0):
            return []
        return [
            f"{self.waiting:,} people will join their organisation's waiting list: its places "
            "in the phase are all taken."
        ]


class ELearningCompletionResource(PipelineResource):
    """E-learning completions from the e-learning system's export: one row per person and
    module. Only self-paced modules (e-learning): a session's completions come from its
    register. A re-export updates the date; nothing is deleted."""

    learner = _learner_field()
    module = Field(
        attribute="module",
        column_name="Module",
        widget=TitleWidget(
            "title",
            missing="{outer} has no module called '{inner}'.",
            blank="This cell is blank, but the module's title is needed.",
        ),
    )
    completed_on = Field(
        attribute="completed_on",
        column_name="Completed on",
        widget=RequiredDateWidget(formats=("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")),
    )

    class Meta:
        model = Completion
        import_id_fields = ("learner", "module")
        fields = ("learner", "module", "completed_on")
        batch_size = 2000

    def get_queryset(self):
        return Completion.objects.all()

    def required_columns(self) -> list[str]:
        # The module is found within the programme the row names.
        return [*super().required_columns(), "Organisation", "Programme", "Completed on"]

    def prepare(self, parsed) -> None:
        _load_learners(self.fields["learner"].widget, parsed)
        _load_titles(self.fields["module"].widget, parsed, Module, "Module")
        self.today = timezone.localdate()

    def validate_row(self, instance):
        module = instance.module
        if not module.is_self_paced:
            raise ValidationError(
                {
                    "module": f"{module.title} is a {module.get_kind_display().lower()}: its "
                    "completions come from the session's register, not from this file."
                }
            )
        if instance.completed_on > self.today:
            raise ValidationError({"completed_on": "The completion date is in the future."})
        if instance.pk is None:
            instance.source = CompletionSource.E_LEARNING


ENROLMENTS = register_importer(
    Importer(
        name="cpd-enrolments",
        label="Enrolments for CPD",
        resource_class=EnrolmentResource,
        permission="cpd.manage_programmes",
        export_permission="cpd.view_enrolment",
        description=(
            "One row per person to enrol (CSV or XLSX): Organisation, Employee number, "
            "Programme (its title), Phase (its name). Each person takes one of their "
            "organisation's places in the phase, in the order of the file; once the places are "
            "taken the rest join the organisation's waiting list. People already enrolled on "
            "the programme are left as they are. Windows-1252 or UTF-8 CSV."
        ),
        pre_reader=decode_windows_1252_or_utf8,
    )
)

COMPLETIONS = register_importer(
    Importer(
        name="cpd-e-learning",
        label="E-learning completions for CPD",
        resource_class=ELearningCompletionResource,
        permission="cpd.manage_programmes",
        export_permission="cpd.view_completion",
        description=(
            "The e-learning system's completions (CSV or XLSX): Organisation, Employee number, "
            "Programme (its title), Module (its title), Completed on (dd/mm/yyyy). One row per "
            "person and module; a re-export updates the date. Windows-1252 or UTF-8 CSV."
        ),
        pre_reader=decode_windows_1252_or_utf8,
    )
)
