"""Translatable messages kept as message ids with parameters, rendered in the reader's language when shown.

A notice is read later, by someone whose language may differ from the writer's (and may change): storing the
rendered text would freeze one language. `Message` keeps the msgid, its gettext context and its parameters, is stored
as JSON (`to_json` / `from_json`) and renders with the catalogue of the language active at display time.

Build one from a lazy translation so that makemessages still finds the msgid:

    Message(gettext_lazy("%(position)s: %(status)s"), position=position.title, status=Application.Status.HIRED.label)

A parameter may be plain data (str, int), a lazy translation (a choice label), another Message, a datetime or a
`Localized` text (reference data such as a region's name, given in each language); all but plain data are rendered
in the reader's language too (a datetime as their SHORT_DATETIME_FORMAT, local time).
ngettext_lazy / npgettext_lazy with a number give a plural message.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext, npgettext, pgettext

# A message that only joins others: its msgid is in no catalogue, so it renders as itself in every language.
LINES = "%(first)s\n%(second)s"


def _lazy_call(text) -> tuple[str, tuple, dict]:
    func, args, kwargs = text.__reduce__()[1][:3]
    return getattr(func, "__name__", ""), args, kwargs


class Localized:
    """A text given in each language, such as a region's Chinese and English names: shown in the reader's language,
    else in the site's default one."""

    __slots__ = ("texts",)

    def __init__(self, texts: dict[str, str]):
        self.texts = {language: text for language, text in texts.items() if text}

    @classmethod
    def of(cls, build: Callable[[], str]) -> Localized:
        """`build()` evaluated in each of the site's languages (e.g. `Localized.of(lambda: region.full_name)`)."""
        texts = {}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                texts[language] = str(build())
        return cls(texts)

    def render(self) -> str:
        language = translation.get_language() or settings.LANGUAGE_CODE
        return self.texts.get(language) or self.texts.get(settings.LANGUAGE_CODE) or next(iter(self.texts.values()), "")

    __str__ = render

    def __eq__(self, other):
        return isinstance(other, Localized) and self.texts == other.texts

    def __hash__(self):
        return hash(tuple(sorted(self.texts.items())))


def _param(value):
    if isinstance(value, Message | Localized):
        return value
    if isinstance(value, Promise):
        return Message(value)
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    return str(value)


def _shown(value):
    if isinstance(value, Message | Localized):
        return value.render()
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    return value


class Message:
    """A msgid, its optional context and its parameters; `str()` renders it in the active language."""

    __slots__ = ("context", "msgid", "number", "params", "plural")

    def __init__(self, text, /, context: str | None = None, **params):
        self.msgid, self.context, self.plural, self.number = str(text), context, None, None
        if isinstance(text, Promise):
            name, args, kwargs = _lazy_call(text)
            if name == "gettext" and len(args) == 1:
                self.msgid = args[0]
            elif name == "pgettext" and len(args) == 2:
                self.context, self.msgid = args
            elif name in ("ngettext", "npgettext") and "number" in kwargs:
                self.context = kwargs.get("context")
                self.msgid, self.plural, self.number = kwargs["singular"], kwargs["plural"], kwargs["number"]
            # any other lazy text is kept as rendered now (str(text) above)
        self.params = {key: _param(value) for key, value in params.items()}

    def render(self) -> str:
        if self.plural is not None:
            text = (
                npgettext(self.context, self.msgid, self.plural, self.number)
                if self.context
                else ngettext(self.msgid, self.plural, self.number)
            )
        else:
            text = pgettext(self.context, self.msgid) if self.context else gettext(self.msgid)
        if not self.params:
            return text
        return text % {key: _shown(value) for key, value in self.params.items()}

    __str__ = render

    def __repr__(self):
        return f"Message({self.msgid!r}, context={self.context!r}, **{self.params!r})"

    def __eq__(self, other):
        return isinstance(other, Message) and self.to_json() == other.to_json()

    def __hash__(self):
        return hash((self.msgid, self.context))

    def to_json(self) -> dict:
        data: dict = {"id": self.msgid}
        if self.context:
            data["ctx"] = self.context
        if self.plural is not None:
            data["pl"], data["n"] = self.plural, self.number
        if self.params:
            data["params"] = {key: _param_json(value) for key, value in self.params.items()}
        return data

    @classmethod
    def from_json(cls, data: dict) -> Message:
        message = cls(data["id"], context=data.get("ctx"))
        message.plural, message.number = data.get("pl"), data.get("n")
        message.params = {key: _param_from_json(value) for key, value in (data.get("params") or {}).items()}
        return message


def _param_json(value):
    if isinstance(value, Message):
        return {"msg": value.to_json()}
    if isinstance(value, Localized):
        return {"l10n": value.texts}
    if isinstance(value, datetime.datetime):
        return {"dt": value.isoformat()}
    return value


def _param_from_json(value):
    if isinstance(value, dict) and "msg" in value:
        return Message.from_json(value["msg"])
    if isinstance(value, dict) and "dt" in value:
        return datetime.datetime.fromisoformat(value["dt"])
    if isinstance(value, dict) and "l10n" in value:
        return Localized(value["l10n"])
    return value


def lines(*parts):
    """Messages (or plain texts, such as a note someone typed) one per line; empty parts are left out."""
    parts = [part for part in parts if part]
    if not parts:
        return ""
    joined = parts[0]
    for part in parts[1:]:
        joined = Message(LINES, first=joined, second=part)
    return joined


def render_stored(data, fallback: str) -> str:
    """A stored message rendered in the active language, or the text rendered when it was written (old rows)."""
    if not data:
        return fallback
    try:
        return Message.from_json(data).render()
    except (KeyError, TypeError, ValueError):  # a malformed or outdated message never breaks a page
        return fallback


def choice_label(instance, field: str):
    """The lazy label of a model instance's choice (get_FOO_display() gives it already rendered)."""
    value = getattr(instance, field)
    return dict(instance._meta.get_field(field).flatchoices).get(value, value)
