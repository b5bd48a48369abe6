"""The project's wording wins: every msgid of the project's catalogues renders as the project translates it, even
where Django's or allauth's own catalogue translates the same msgid otherwise ("Sessions": 课时, not 会话)."""

import polib
import pytest
from django.conf import settings
from django.utils import translation

from tests.test_translations import PRECEDENCE, ROOT


def project_entries():
    for prefix in PRECEDENCE:
        path = ROOT / prefix / "zh_Hans/LC_MESSAGES/django.po"
        yield from ((prefix, entry) for entry in polib.pofile(str(path)).translated_entries())


def rendered(entry) -> str:
    if entry.msgid_plural:
        if entry.msgctxt:
            return translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
        return translation.ngettext(entry.msgid, entry.msgid_plural, 1)
    if entry.msgctxt:
        return translation.pgettext(entry.msgctxt, entry.msgid)
    return translation.gettext(entry.msgid)


def expected(entry) -> str:
    return entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr


def test_every_project_catalogue_is_a_locale_path():
    assert [str(p.relative_to(settings.BASE_DIR)) for p in settings.LOCALE_PATHS] == PRECEDENCE


def test_the_project_translation_is_the_active_one_for_every_msgid():
    with translation.override("zh-hans"):
        lost = [
            f"{prefix}: {entry.msgid!r} ({entry.msgctxt}) renders {rendered(entry)!r}, not {expected(entry)!r}"
            for prefix, entry in project_entries()
            if rendered(entry) != expected(entry)
        ]
    assert not lost, "\n".join(lost[:30])


@pytest.mark.parametrize(
    ("context", "msgid", "chinese"),
    [
        ("training class", "Sessions", "课时"),
        ("training course", "Hours", "学时"),
        ("care category", "Disabled", "残疾"),
    ],
)
def test_words_the_libraries_use_otherwise_read_as_the_projects_in_its_context(context, msgid, chinese):
    with translation.override("zh-hans"):
        assert translation.pgettext(context, msgid) == chinese
        assert translation.gettext(msgid) != chinese  # the libraries' own sense stays theirs (admin, celery beat)


def test_the_admin_go_button_keeps_djangos_word():
    with translation.override("zh-hans"):
        assert translation.gettext("Go") == "执行"
        assert translation.pgettext("language switch", "Go") == "切换"
