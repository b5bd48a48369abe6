"""Load regions (GB/T 2260, via python-stdnum), occupation categories and military specialties."""

from django.db import migrations

from portal.reference_data import load_reference_data


def load(apps, schema_editor):
    load_reference_data(
        apps.get_model("portal", "Region"),
        apps.get_model("portal", "OccupationCategory"),
        apps.get_model("portal", "MilitarySpecialty"),
    )


def unload(apps, schema_editor):
    Region = apps.get_model("portal", "Region")
    OccupationCategory = apps.get_model("portal", "OccupationCategory")
    apps.get_model("portal", "MilitarySpecialty").objects.all().delete()
    OccupationCategory.objects.filter(parent__isnull=False).delete()
    OccupationCategory.objects.all().delete()
    for level in (3, 2, 1):
        Region.objects.filter(level=level).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
