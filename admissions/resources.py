"""Each authority's term calendar through the import pipeline (docs/modules/imports.md), so the
school days the deadlines count are the authority's own: upload, dry run with row errors,
confirm, all or nothing. Two files, as councils publish them:

- **Term dates**: LA code, Term, First day, Last day (one row a term; matched by authority and
  term name, so a corrected date updates the term).
- **Closures**: LA code, Date, Kind, Name (a bank holiday, INSET day, half-term day or other
  weekday inside a term that is not a school day; matched by authority and date).
"""

from import_export.fields import Field

from schools_platform.imports import Importer, register_importer
from schools_platform.imports.resources import PipelineResource
from schools_platform.imports.widgets import (
    ChoiceWidget,
    DayMonthYearWidget,
    LookupWidget,
    TextWidget,
)
from schools_platform.registry.models import Authority

from .models import ClosureKind, NonSchoolDay, Term

IMPORT_PERMISSION = "admissions.add_appealround"  # the appeals clerk's role
EXPORT_PERMISSION = "admissions.view_appealround"


def _authority():
    return Field(
        attribute="authority",
        column_name="LA code",
        widget=LookupWidget(
            Authority,
            "la_code",
            required=True,
            missing="No authority has LA code {value}; import the school register first.",
        ),
    )


def _date(column, attribute):
    return Field(
        attribute=attribute,
        column_name=column,
        widget=DayMonthYearWidget(formats=("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")),
    )


class TermDatesResource(PipelineResource):
    authority = _authority()
    name = Field(attribute="name", column_name="Term", widget=TextWidget(required=True))
    starts_on = _date("First day", "starts_on")
    ends_on = _date("Last day", "ends_on")

    class Meta:
        model = Term
        import_id_fields = ("authority", "name")
        fields = ("authority", "name", "starts_on", "ends_on")

    def get_queryset(self):
        return Term.objects.select_related("authority")

    # The order of the dates is Term.clean's rule (the pipeline runs it on every row).


class ClosuresResource(PipelineResource):
    authority = _authority()
    date = _date("Date", "date")
    kind = Field(attribute="kind", column_name="Kind", widget=ChoiceWidget(ClosureKind.choices))
    name = Field(attribute="name", column_name="Name", widget=TextWidget())

    class Meta:
        model = NonSchoolDay
        import_id_fields = ("authority", "date")
        fields = ("authority", "date", "kind", "name")

    def get_queryset(self):
        return NonSchoolDay.objects.select_related("authority")


TERM_DATES = register_importer(
    Importer(
        name="appeals-term-dates",
        label="Term dates (appeals school days)",
        resource_class=TermDatesResource,
        permission=IMPORT_PERMISSION,
        export_permission=EXPORT_PERMISSION,
        description=(
            "One row per term: LA code, Term (for example Autumn 2026), First day, Last day "
            "(dd/mm/yyyy). Terms are matched by authority and name, so a corrected date "
            "updates the term. Appeals deadlines count school days on these dates."
        ),
    )
)
CLOSURES = register_importer(
    Importer(
        name="appeals-closures",
        label="Closures in term (bank holidays, INSET days)",
        resource_class=ClosuresResource,
        permission=IMPORT_PERMISSION,
        export_permission=EXPORT_PERMISSION,
        description=(
            "One row per weekday in term that is not a school day: LA code, Date (dd/mm/yyyy), "
            "Kind (Bank holiday, INSET (training) day, Half-term holiday, Other closure), Name. "
            "Matched by authority and date."
        ),
    )
)
