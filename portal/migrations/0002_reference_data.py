"""Load regions (GB/T 2260, via python-stdnum), occupation categories and military specialties."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    Region = apps.get_model("portal", "Region")
    OccupationCategory = apps.get_model("portal", "OccupationCategory")
    MilitarySpecialty = apps.get_model("portal", "MilitarySpecialty")
    regions = json.loads((DATA / "regions.json").read_text(encoding="utf-8"))
    by_code = {}
    for level in (1, 2, 3):
        rows = [
            Region(code=r["code"], name=r["name"], level=r["level"], parent=by_code.get(r["parent"]))
            for r in regions
            if r["level"] == level
        ]
        for region in Region.objects.bulk_create(rows, batch_size=1000):
            by_code[region.code] = region
    if any(r.pk is None for r in by_code.values()):  # backends that do not return ids from bulk_create
        by_code = {r.code: r for r in Region.objects.all()}
    for code, name, name_en, children in json.loads((DATA / "occupations.json").read_text(encoding="utf-8")):
        parent = OccupationCategory.objects.create(code=code, name=name, name_en=name_en)
        for c_code, c_name, c_en in children:
            OccupationCategory.objects.create(code=c_code, name=c_name, name_en=c_en, parent=parent)
    for code, name, name_en in json.loads((DATA / "military_specialties.json").read_text(encoding="utf-8")):
        MilitarySpecialty.objects.create(code=code, name=name, name_en=name_en)


def unload(apps, schema_editor):
    for model in ("MilitarySpecialty", "OccupationCategory", "Region"):
        Model = apps.get_model("portal", model)
        if model == "Region":
            Model.objects.filter(level=3).delete()
            Model.objects.filter(level=2).delete()
        elif model == "OccupationCategory":
            Model.objects.filter(parent__isnull=False).delete()
        Model.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
