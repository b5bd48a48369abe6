"""Chinese first: every catalogue is complete (no empty or fuzzy entries) and compiled."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(p for p in ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po") if ".venv" not in p.parts)


def test_there_is_a_catalogue_for_the_shell():
    assert ROOT / "locale/zh_Hans/LC_MESSAGES/django.po" in CATALOGUES


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete(path):
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {path}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {path}: {fuzzy[:10]}"
    mo = path.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run make messages"
    compiled = {e.msgid for e in polib.mofile(str(mo))}
    missing = {e.msgid for e in po.translated_entries()} - compiled
    assert not missing, f"{mo} is out of date: run make messages ({list(missing)[:5]})"


# Django merges every catalogue into one: LOCALE_PATHS first, then apps in INSTALLED_APPS order. A msgid that two
# catalogues translate differently silently takes the first one everywhere ("Apply" for a loan would read 投递).
PRECEDENCE = [
    "locale",
    "jobs/locale",
    "jobs/matching/locale",
    "training/locale",
    "entrepreneurship/locale",
    "benefits/locale",
]


def test_no_msgid_is_translated_two_ways():
    seen: dict = {}
    conflicts = []
    for prefix in PRECEDENCE:
        path = ROOT / prefix / "zh_Hans/LC_MESSAGES/django.po"
        if not path.exists():
            continue
        for entry in polib.pofile(str(path)).translated_entries():
            key = (entry.msgctxt, entry.msgid)
            if key in seen and seen[key][1] != entry.msgstr:
                conflicts.append(f"{entry.msgid!r}: {seen[key][0]} {seen[key][1]!r} vs {prefix} {entry.msgstr!r}")
            seen.setdefault(key, (prefix, entry.msgstr))
    assert not conflicts, "use a context (pgettext / {% translate … context … %}) or agree:\n" + "\n".join(conflicts)
