"""A stored normalised copy of the audit event's verb, actor and target for the audit log's
search box, filled for the events already recorded in one UPDATE (the same normalisation in
SQL as core.search.Normalised; on PostgreSQL runs of spaces are kept, which no search term
can tell apart, since a term has none)."""

from django.db import migrations
from django.db.models import F, Value
from django.db.models.functions import Concat

import schools_platform.core.search
from schools_platform.core.search import Normalised


def fill_search_text(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    joined = Concat(
        F("verb"), Value(" "), F("actor_label"), Value(" "), F("target_label")
    )
    AuditEvent.objects.using(schema_editor.connection.alias).update(
        search_text=Normalised(joined)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_notifications_and_erasure"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="search_text",
            field=schools_platform.core.search.NormalisedTextField(
                source_fields=("verb", "actor_label", "target_label"), db_default=""
            ),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop, elidable=True),
    ]
