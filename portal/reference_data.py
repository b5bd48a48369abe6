"""Loading reference data (regions, occupation categories, military specialties) from portal/data/*.json.

Called by migration 0002 and again after every `flush` (post_migrate), because test runs that flush the
database (transactional tests) would otherwise lose data that only a migration created.
"""

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def load_reference_data(Region, OccupationCategory, MilitarySpecialty) -> None:
    if not Region.objects.exists():
        regions = json.loads((DATA / "regions.json").read_text(encoding="utf-8"))
        by_code: dict = {}
        # Migration 0002's historical Region has no name_en yet; 0016 fills it in then.
        english = any(f.name == "name_en" for f in Region._meta.get_fields())
        for level in (1, 2, 3):
            rows = [
                Region(
                    code=r["code"],
                    name=r["name"],
                    **({"name_en": r.get("name_en", "")} if english else {}),
                    level=r["level"],
                    parent=by_code.get(r["parent"]),
                )
                for r in regions
                if r["level"] == level
            ]
            Region.objects.bulk_create(rows, batch_size=1000)
            by_code = {r.code: r for r in Region.objects.filter(level__lte=level)}
    if not OccupationCategory.objects.exists():
        for code, name, name_en, children in json.loads((DATA / "occupations.json").read_text(encoding="utf-8")):
            parent = OccupationCategory.objects.create(code=code, name=name, name_en=name_en)
            OccupationCategory.objects.bulk_create(
                [OccupationCategory(code=c, name=n, name_en=e, parent=parent) for c, n, e in children]
            )
    if not MilitarySpecialty.objects.exists():
        MilitarySpecialty.objects.bulk_create(
            [
                MilitarySpecialty(code=code, name=name, name_en=name_en)
                for code, name, name_en in json.loads((DATA / "military_specialties.json").read_text(encoding="utf-8"))
            ]
        )


def fill_region_english_names(Region) -> None:
    """For databases loaded before regions had English names (migration 0016)."""
    english = {r["code"]: r["name_en"] for r in json.loads((DATA / "regions.json").read_text(encoding="utf-8"))}
    rows = [r for r in Region.objects.filter(name_en="") if english.get(r.code)]
    for region in rows:
        region.name_en = english[region.code]
    Region.objects.bulk_update(rows, ["name_en"], batch_size=1000)


def ensure_reference_data(**_kwargs) -> None:
    from portal.models import MilitarySpecialty, OccupationCategory, Region

    load_reference_data(Region, OccupationCategory, MilitarySpecialty)
