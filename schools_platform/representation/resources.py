"""Import resources of representation: the school census's pupil counts by ethnicity.

Registered with the import pipeline here (the imports app loads every resources.py).
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from import_export.fields import Field

from schools_platform.equality.choices import ETHNICITY_CHOICES
from schools_platform.imports import Importer, register_importer
from schools_platform.imports.files import decode_windows_1252_or_utf8
from schools_platform.imports.resources import PipelineResource
from schools_platform.imports.widgets import ChoiceWidget, LookupWidget, WholeNumberWidget
from schools_platform.registry.models import School

from .models import PupilEthnicityCount


def _number(column, attribute, **kwargs):
    return Field(attribute=attribute, column_name=column, widget=WholeNumberWidget(**kwargs))


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
