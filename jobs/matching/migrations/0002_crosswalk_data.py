"""Load the military-to-civilian crosswalk (all 48 specialties) from jobs/matching/data/crosswalk.json."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "crosswalk.json"


def load(apps, schema_editor):
    MilitarySpecialty = apps.get_model("portal", "MilitarySpecialty")
    OccupationCategory = apps.get_model("portal", "OccupationCategory")
    SpecialtyOccupation = apps.get_model("jobs_matching", "SpecialtyOccupation")
    SpecialtySkill = apps.get_model("jobs_matching", "SpecialtySkill")
    specialties = {s.code: s for s in MilitarySpecialty.objects.all()}
    categories = {c.code: c for c in OccupationCategory.objects.all()}
    data = json.loads(DATA.read_text(encoding="utf-8"))
    occupations, skills = [], []
    for code, entry in data.items():
        specialty = specialties.get(code)
        if specialty is None:
            continue
        for category_code, weight in entry["occupations"]:
            if category_code in categories:
                occupations.append(
                    SpecialtyOccupation(specialty=specialty, category=categories[category_code], weight=weight)
                )
        for rank, tag in enumerate(entry["skills"]):
            skills.append(SpecialtySkill(specialty=specialty, tag=tag, weight=max(40, 90 - 10 * rank)))
    SpecialtyOccupation.objects.bulk_create(occupations, ignore_conflicts=True)
    SpecialtySkill.objects.bulk_create(skills, ignore_conflicts=True)


def unload(apps, schema_editor):
    apps.get_model("jobs_matching", "SpecialtyOccupation").objects.all().delete()
    apps.get_model("jobs_matching", "SpecialtySkill").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("jobs_matching", "0001_crosswalk_push_weekly_picks"),
        ("portal", "0002_reference_data"),
    ]
    operations = [migrations.RunPython(load, unload)]
