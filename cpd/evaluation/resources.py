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

from .models import EthnicGroup, StaffSurveyFigure, StaffSurveyQuestion, WorkforceFigure

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


def _organisation():
    return Field(
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


def _ethnic_group():
    return Field(
        attribute="ethnic_group",
        column_name="Ethnic group",
        widget=ChoiceWidget(EthnicGroup.choices),
    )


def _check_year(instance):
    if not 2000 <= (instance.year or 0) <= 2100:
        raise ValidationError({"year": "Give the reporting year, e.g. 2025."})


class WorkforceResource(PipelineResource):
    organisation = _organisation()
    year = _count("Year", "year", required=True)
    ethnic_group = _ethnic_group()
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
        _check_year(instance)
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


class StaffSurveyResource(PipelineResource):
    """An annual staff survey's results by ethnic group (WRES indicators 5–8 style, reference
    §2.1 and §2.3): one row per organisation, year, ethnic group and question, with the
    number of people who answered it and how many said yes. Counts only, never responses."""

    organisation = _organisation()
    year = _count("Year", "year", required=True)
    ethnic_group = _ethnic_group()
    question = Field(
        attribute="question",
        column_name="Question",
        widget=ChoiceWidget(StaffSurveyQuestion.choices),
    )
    respondents = _count("People answering", "respondents", required=True)
    yes = _count("Answering yes", "yes", required=True)

    class Meta:
        model = StaffSurveyFigure
        import_id_fields = ("organisation", "year", "ethnic_group", "question")
        fields = ("organisation", "year", "ethnic_group", "question", "respondents", "yes")

    def get_queryset(self):
        return StaffSurveyFigure.objects.select_related("organisation")

    def validate_row(self, instance):
        _check_year(instance)
        instance.clean()


STAFF_SURVEY = register_importer(
    Importer(
        name="cpd-staff-survey",
        label="Staff survey results by ethnic group",
        resource_class=StaffSurveyResource,
        permission="cpd_evaluation.import_workforce",
        export_permission="cpd_evaluation.import_workforce",
        description=(
            "An annual staff survey's results by organisation, year, ethnic group and question "
            "(CSV or XLSX): Organisation, Year, Ethnic group, Question (harassment_public, "
            "harassment_staff, equal_progression or discrimination, or the question's words), "
            "People answering, Answering yes. Rows are matched by organisation, year, ethnic "
            "group and question: existing ones are updated, none deleted. Counts only."
        ),
    )
)
