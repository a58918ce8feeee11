"""Workforce figures from an authority's HR system, as an import (docs/modules/imports.md):
upload, dry run with every bad row named, confirm, all or nothing.

One row per organisation, reporting year and ethnic group, with numbers of people: Headcount,
Shortlisted, Appointed from shortlisting, Entered formal disciplinary, Accessed non-mandatory
training (the inputs of WRES indicators 2–4 and SC-WRES metrics 2, 3 and 5; reference
policies-and-cpd.md §2.1–2.2). Rows are matched by (organisation, year, ethnic group): a
re-import updates them. No person-level data is imported.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from import_export.fields import Field

from schools_platform.imports import Importer, register_importer
from schools_platform.imports.resources import PipelineResource
from schools_platform.imports.widgets import ChoiceWidget, LookupWidget, WholeNumberWidget

from .models import EthnicGroup, WorkforceFigure

COLUMNS = (
    "Organisation",
    "Year",
    "Ethnic group",
    "Headcount",
    "Shortlisted",
    "Appointed from shortlisting",
    "Entered formal disciplinary",
    "Accessed non-mandatory training",
)


def _count(column, attribute, required=False):
    return Field(
        attribute=attribute, column_name=column, widget=WholeNumberWidget(required=required)
    )


class WorkforceResource(PipelineResource):
    organisation = Field(
        attribute="organisation",
        column_name="Organisation",
        # The cpd organisation model, named through the app registry (no import of cpd's models).
        widget=LookupWidget(
            apps.get_model("cpd", "Organisation"),
            "name",
            required=True,
            missing="No organisation is called '{value}'; the programme lead adds it first.",
        ),
    )
    year = _count("Year", "year", required=True)
    ethnic_group = Field(
        attribute="ethnic_group",
        column_name="Ethnic group",
        widget=ChoiceWidget(EthnicGroup.choices),
    )
    headcount = _count("Headcount", "headcount", required=True)
    shortlisted = _count("Shortlisted", "shortlisted")
    appointed = _count("Appointed from shortlisting", "appointed")
    disciplinary = _count("Entered formal disciplinary", "disciplinary")
    training = _count("Accessed non-mandatory training", "training")

    class Meta:
        model = WorkforceFigure
        import_id_fields = ("organisation", "year", "ethnic_group")
        fields = (
            "organisation",
            "year",
            "ethnic_group",
            "headcount",
            "shortlisted",
            "appointed",
            "disciplinary",
            "training",
        )

    def get_queryset(self):
        return WorkforceFigure.objects.select_related("organisation")

    def validate_row(self, instance):
        for name in ("shortlisted", "appointed", "disciplinary", "training"):
            if getattr(instance, name) is None:
                setattr(instance, name, 0)
        if not 2000 <= (instance.year or 0) <= 2100:
            raise ValidationError({"year": "Give the reporting year, e.g. 2025."})
        instance.clean()


WORKFORCE = register_importer(
    Importer(
        name="cpd-workforce",
        label="Workforce figures for race equality measures",
        resource_class=WorkforceResource,
        permission="cpd_evaluation.import_workforce",
        export_permission="cpd_evaluation.import_workforce",
        description=(
            "Numbers of people by organisation, reporting year and ethnic group (CSV or XLSX): "
            "Organisation, Year, Ethnic group (White, Asian, Black, Mixed, Other or Not known), "
            "Headcount, Shortlisted, Appointed from shortlisting, Entered formal disciplinary, "
            "Accessed non-mandatory training. Rows are matched by organisation, year and "
            "ethnic group: existing ones are updated, none deleted. No names: counts only."
        ),
    )
)
