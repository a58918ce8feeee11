from django.db import migrations

import schools_platform.core.search
from schools_platform.core.text import normalise


def fill_search_text(apps, schema_editor):
    """Existing schools get their search copy (new and changed ones get it when saved)."""
    School = apps.get_model("registry", "School")
    schools = School.objects.only("pk", "name", "town", "postcode").order_by("pk")
    batch = []
    for school in schools.iterator(chunk_size=2000):
        school.search_text = normalise(f"{school.name} {school.town} {school.postcode}")
        batch.append(school)
        if len(batch) == 1000:
            School.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        School.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="school",
            name="search_text",
            field=schools_platform.core.search.NormalisedTextField(
                source_fields=("name", "town", "postcode")
            ),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
