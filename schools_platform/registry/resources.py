"""Import resources of the registry: GIAS establishments and the pupil census by ethnicity.

Both are registered with the import pipeline here (the imports app loads every resources.py).
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from import_export.fields import Field

from schools_platform.equality.choices import ETHNICITY_CHOICES
from schools_platform.imports import Importer, register_importer
from schools_platform.imports.files import decode_windows_1252_or_utf8
from schools_platform.imports.resources import PipelineResource
from schools_platform.imports.widgets import (
    ChoiceWidget,
    DayMonthYearWidget,
    LookupWidget,
    TextWidget,
    WholeNumberWidget,
)
from schools_platform.representation.models import PupilEthnicityCount

from . import gias
from .models import Authority, School


class AuthorityCodeWidget(LookupWidget):
    def __init__(self):
        super().__init__(
            Authority,
            "la_code",
            required=True,
            missing="'{value}' is not a three-digit LA code.",
        )

    @staticmethod
    def key(value) -> str:
        return gias.la_code(value) or str(value).strip()


def _text(column, attribute, **kwargs):
    return Field(attribute=attribute, column_name=column, widget=TextWidget(**kwargs))


def _number(column, attribute, **kwargs):
    return Field(attribute=attribute, column_name=column, widget=WholeNumberWidget(**kwargs))


def _date(column, attribute):
    return Field(attribute=attribute, column_name=column, widget=DayMonthYearWidget())


class GiasSchoolResource(PipelineResource):
    urn = _number(gias.URN, "urn", required=True)
    name = _text(gias.NAME, "name", required=True)
    authority = Field(attribute="authority", column_name=gias.LA_CODE, widget=AuthorityCodeWidget())
    authority_name = Field(
        attribute="authority__name", column_name=gias.LA_NAME, widget=TextWidget(), readonly=True
    )
    establishment_number = _text(gias.ESTABLISHMENT_NUMBER, "establishment_number")
    type_of_establishment = _text(gias.TYPE, "type_of_establishment")
    type_group = _text(gias.TYPE_GROUP, "type_group")
    status = _text(gias.STATUS, "status", required=True)
    phase = _text(gias.PHASE, "phase")
    statutory_low_age = _number(gias.LOW_AGE, "statutory_low_age")
    statutory_high_age = _number(gias.HIGH_AGE, "statutory_high_age")
    opened_on = _date(gias.OPEN_DATE, "opened_on")
    closed_on = _date(gias.CLOSE_DATE, "closed_on")
    number_of_pupils = _number(gias.PUPILS, "number_of_pupils")
    street = _text(gias.STREET, "street")
    locality = _text(gias.LOCALITY, "locality")
    town = _text(gias.TOWN, "town")
    postcode = _text(gias.POSTCODE, "postcode", upper=True)
    ward = _text(gias.WARD, "ward")
    area = _text(gias.DISTRICT, "area")

    class Meta:
        model = School
        import_id_fields = ("urn",)
        fields = (
            "urn",
            "authority",
            "authority_name",
            "establishment_number",
            "name",
            "type_of_establishment",
            "type_group",
            "status",
            "phase",
            "statutory_low_age",
            "statutory_high_age",
            "opened_on",
            "closed_on",
            "number_of_pupils",
            "street",
            "locality",
            "town",
            "postcode",
            "ward",
            "area",
        )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.new_authorities = []

    def get_queryset(self):
        return School.objects.select_related("authority")

    def prepare(self, parsed):
        # New councils appear in the extract before their schools can point at them. The dry
        # run writes nothing: it plans them (unsaved) so their schools check as valid.
        rows = parsed.records(gias.LA_CODE, gias.LA_NAME)
        self.new_authorities = gias.ensure_authorities(rows, save=not self.dry_run)
        widget = self.fields["authority"].widget
        widget.reset()
        if self.dry_run:
            widget.add_pending(self.new_authorities)

    def validate_row(self, instance):
        gias.check_school(instance)

    def notes(self):
        return [f"New authority: {a.la_code} {a.name}." for a in self.new_authorities]


class PupilCensusResource(PipelineResource):
    """School census counts: one row per school, year and ethnicity category."""

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
    year = _number("Year", "year", required=True)
    ethnicity = Field(
        attribute="ethnicity",
        column_name="Ethnicity",
        widget=ChoiceWidget(ETHNICITY_CHOICES),
    )
    pupils = _number("Pupils", "pupils", required=True)

    class Meta:
        model = PupilEthnicityCount
        import_id_fields = ("school", "year", "ethnicity")
        fields = ("school", "year", "ethnicity", "pupils")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.latest_year = timezone.localdate().year + 1

    def get_queryset(self):
        return PupilEthnicityCount.objects.all()

    def validate_row(self, instance):
        if not 2000 <= instance.year <= self.latest_year:
            raise ValidationError({"year": f"{instance.year} is not a school census year."})


register_importer(
    Importer(
        name="gias",
        label="Schools from GIAS",
        resource_class=GiasSchoolResource,
        permission="registry.import_schools",
        export_permission="registry.view_school",
        pre_reader=gias.decode_gias_csv,
        description=(
            "A Get Information About Schools establishment extract (CSV as downloaded, or "
            "XLSX). Schools are matched by URN: existing ones are updated, new ones added, "
            "none deleted. New authorities are added from 'LA (code)' and 'LA (name)'."
        ),
    )
)
register_importer(
    Importer(
        name="pupil-census",
        label="Pupil census by ethnicity",
        resource_class=PupilCensusResource,
        permission="representation.change_pupilethnicitycount",
        pre_reader=decode_windows_1252_or_utf8,
        description=(
            "Columns URN, Year, Ethnicity (a category code such as 'white_british' or its "
            "label such as 'Irish') and Pupils. A school, year and category already held is "
            "updated."
        ),
    )
)
