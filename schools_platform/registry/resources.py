"""Import resources of the registry: GIAS establishments.

Registered with the import pipeline here (the imports app loads every resources.py).
"""

from import_export.fields import Field

from schools_platform.imports import Importer, register_importer
from schools_platform.imports.resources import PipelineResource
from schools_platform.imports.widgets import (
    DayMonthYearWidget,
    LookupWidget,
    TextWidget,
    WholeNumberWidget,
)

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

    def notes(self):
        return [f"New authority: {a.la_code} {a.name}." for a in self.new_authorities]


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
