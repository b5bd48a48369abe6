"""Regions get English names (portal/data/regions.json), shown when the active language is English."""

from django.db import migrations, models

from portal.reference_data import fill_region_english_names


def fill(apps, schema_editor):
    fill_region_english_names(apps.get_model("portal", "Region"))


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0015_work_leases"),
    ]

    operations = [
        migrations.AddField(
            model_name="region",
            name="name_en",
            field=models.CharField(blank=True, max_length=80, verbose_name="English name"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
