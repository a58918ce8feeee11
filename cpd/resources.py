"""Staff lists from each employer's HR export, as an import (docs/modules/imports.md): upload,
dry run with every bad row named, confirm, all or nothing.

Columns: Organisation, Employee number, Name, Work email, Manager, Start date, Leaving date.
Each employer numbers its own staff and the same number appears at several, so a row is
matched by (organisation, employee number): a re-import updates. A leaver is marked by the
Leaving date, never deleted (rows are never deleted by an import).
"""

from django.core.exceptions import ValidationError
from import_export.fields import Field
from import_export.widgets import Widget

from schools_platform.imports import Importer, register_importer
from schools_platform.imports.resources import PipelineResource
from schools_platform.imports.widgets import DayMonthYearWidget, LookupWidget, TextWidget

from .models import Learner, Organisation

COLUMNS = (
    "Organisation",
    "Employee number",
    "Name",
    "Work email",
    "Manager",
    "Start date",
    "Leaving date",
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
        )
        batch_size = 2000

    def get_queryset(self):
        return Learner.objects.select_related("organisation")

    def validate_row(self, instance):
        if instance.started_on and instance.left_on and instance.left_on < instance.started_on:
            raise ValidationError({"left_on": "The leaving date is before the start date."})


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
            "ones added, none deleted; a leaver is marked by the leaving date."
        ),
    )
)
