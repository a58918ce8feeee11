"""The GIAS governance download as an import (reference §1.10): one row per GIAS governance
record, stored as GIAS holds it (``GiasGovernanceRecord``) for reconciliation with the
platform's terms. Registered with the import pipeline (docs/modules/imports.md): upload, dry
run with row errors, confirm, all or nothing.

Columns, as ``GovernorDownloadService.cs`` in DFE-Digital/get-information-about-schools names
them: GID, URN, UID, Role, Title, Forename 1, Forename 2, Surname, Date of appointment, Date
term of office ends/ended, Appointing body. CSV in Windows-1252 or UTF-8; dates as GIAS
writes them (dd/mm/yyyy, or dd-mm-yyyy). Records are matched by GID: a re-import updates.
"""

from django.core.exceptions import ValidationError
from import_export.fields import Field

from schools_platform.imports import Importer, register_importer
from schools_platform.imports.files import decode_windows_1252_or_utf8
from schools_platform.imports.resources import PipelineResource
from schools_platform.imports.widgets import (
    DayMonthYearWidget,
    LookupWidget,
    TextWidget,
    WholeNumberWidget,
)

from .models import GiasGovernanceRecord

COLUMNS = (
    "GID",
    "URN",
    "UID",
    "Role",
    "Title",
    "Forename 1",
    "Forename 2",
    "Surname",
    "Date of appointment",
    "Date term of office ends/ended",
    "Appointing body",
)
# The school comes through the record's own foreign key, not the registry's models.
School = GiasGovernanceRecord._meta.get_field("school").related_model


def _text(column, attribute, **kwargs):
    return Field(attribute=attribute, column_name=column, widget=TextWidget(**kwargs))


def _date(column, attribute):
    return Field(
        attribute=attribute,
        column_name=column,
        widget=DayMonthYearWidget(formats=("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")),
    )


class GiasGovernanceResource(PipelineResource):
    gid = Field(attribute="gid", column_name="GID", widget=WholeNumberWidget(required=True))
    school = Field(
        attribute="school",
        column_name="URN",
        widget=LookupWidget(
            School,
            "urn",
            required=True,
            missing="No school has URN {value}; import it from GIAS first.",
        ),
    )
    uid = Field(attribute="uid", column_name="UID", widget=WholeNumberWidget())
    role = _text("Role", "role", required=True)
    title = _text("Title", "title")
    forename_1 = _text("Forename 1", "forename_1")
    forename_2 = _text("Forename 2", "forename_2")
    surname = _text("Surname", "surname", required=True)
    appointed_on = _date("Date of appointment", "appointed_on")
    term_ends_on = _date("Date term of office ends/ended", "term_ends_on")
    appointing_body = _text("Appointing body", "appointing_body")

    class Meta:
        model = GiasGovernanceRecord
        import_id_fields = ("gid",)
        fields = (
            "gid",
            "school",
            "uid",
            "role",
            "title",
            "forename_1",
            "forename_2",
            "surname",
            "appointed_on",
            "term_ends_on",
            "appointing_body",
        )

    def get_queryset(self):
        return GiasGovernanceRecord.objects.select_related("school")

    def validate_row(self, instance):
        starts, ends = instance.appointed_on, instance.term_ends_on
        if starts and ends and ends < starts:
            raise ValidationError(
                {"term_ends_on": "The term cannot end before the date of appointment."}
            )


GIAS_GOVERNANCE = register_importer(
    Importer(
        name="gias-governance",
        label="Governors from GIAS",
        resource_class=GiasGovernanceResource,
        permission="governors.import_gias_governance",
        export_permission="governors.view_giasgovernancerecord",
        pre_reader=decode_windows_1252_or_utf8,
        description=(
            "The Get Information About Schools governance download (CSV as downloaded, or "
            "XLSX): GID, URN, UID, Role, Title, Forename 1, Forename 2, Surname, Date of "
            "appointment, Date term of office ends/ended, Appointing body. Records are "
            "matched by GID; they are kept apart from the platform's terms of office, for "
            "reconciliation (the council cannot write to GIAS)."
        ),
    )
)
