from rest_framework import serializers

from schools_platform.registry.models import School


class SchoolSerializer(serializers.ModelSerializer):
    authority_code = serializers.CharField(source="authority.la_code", read_only=True)
    authority_name = serializers.CharField(source="authority.name", read_only=True)

    class Meta:
        model = School
        fields = [
            "urn",
            "name",
            "authority_code",
            "authority_name",
            "type_of_establishment",
            "phase",
            "status",
            "opened_on",
            "closed_on",
            "statutory_low_age",
            "statutory_high_age",
            "number_of_pupils",
            "town",
            "postcode",
            "ward",
            "area",
        ]
