"""Steps and timelines of an application (办事进度): what the detail pages of card, loan, enrolment, job and fair
applications show. A model taking part declares, as methods on itself:

- ``progress_steps()`` → the ordered list of ``Step`` this application passes through (its own path: a rejected
  application ends in "rejected", not "approved"), built from its status choices;
- ``progress_current()`` → the value of the step it is at (its status unless it says otherwise);
- optionally ``progress_history()`` → its own ``HistoryEntry`` list, where it keeps a history other than
  portal.models.StatusChange (jobs.Application's events, a fair registration's timestamps).

A model whose steps are not its status field (a competition entry's rounds, a booking's session) names them in a
``Progress`` choices class; the StatusChange rows its services write then hold those values, labelled from it.

The template tag ``{% progress obj %}`` (portal.templatetags.progress) draws both, from these only."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# Who holds a step (shown beside the current one, "next: …").
HOLDER_YOU = _("You")
HOLDER_BUREAU = _("Bureau staff")
HOLDER_BANK = _("The bank")
HOLDER_INSTITUTION = _("The training institution")
HOLDER_EMPLOYER = _("The employer")
HOLDER_OPERATOR = _("The incubator operator")
HOLDER_MENTOR = _("The mentor")
HOLDER_JUDGES = _("The judges")


@dataclass(frozen=True)
class Step:
    value: str
    label: str
    holder: str = ""  # who acts while the application is at this step; "" when nothing is awaited (a final step)
    negative: bool = False  # an end that is not the one hoped for (rejected, withdrawn): never drawn as a tick


@dataclass(frozen=True)
class ShownStep:
    step: Step
    number: int
    state: str  # "done", "current" or "upcoming"
    last: bool = False

    @property
    def current(self) -> bool:
        return self.state == "current"

    @property
    def done(self) -> bool:
        return self.state == "done"

    @property
    def complete(self) -> bool:
        """Done, or the current step when it is the end (nothing awaited): drawn with a tick."""
        return self.done or (self.current and self.last and not self.step.holder and not self.step.negative)


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime.datetime
    label: str
    note: str = ""


def step(status_choices, value, holder="", *, negative=False) -> Step:
    """A step named by its status label (status_choices is the model's TextChoices class)."""
    return Step(str(value), str(status_choices(value).label), str(holder) if holder else "", negative)


def shown_steps(obj) -> list[ShownStep]:
    steps = obj.progress_steps()
    current = _current_value(obj)
    values = [s.value for s in steps]
    at = values.index(current) if current in values else -1
    return [
        ShownStep(s, i + 1, "done" if i < at else "current" if i == at else "upcoming", last=i == len(steps) - 1)
        for i, s in enumerate(steps)
    ]


def current_step(obj) -> Step | None:
    return next((s.step for s in shown_steps(obj) if s.current), None)


def _choices(obj):
    return getattr(type(obj), "Progress", None) or getattr(type(obj), "Status", None)


def _current_value(obj) -> str:
    return str(obj.progress_current() if hasattr(obj, "progress_current") else obj.status)


def status_label(obj, value: str) -> str:
    try:
        return str(_choices(obj)(value).label)
    except (TypeError, ValueError):
        return value


def history(obj) -> list[HistoryEntry]:
    """What happened when, oldest first: the model's own history, or its creation and its StatusChange rows."""
    if hasattr(obj, "progress_history"):
        return list(obj.progress_history())
    from portal.services.status_history import status_changes_of

    changes = list(status_changes_of(obj))
    first_note = ""
    if changes and not changes[0].from_status:  # the service recorded the creation itself
        first, first_note, changes = changes[0].to_status, changes[0].note, changes[1:]
    else:
        first = changes[0].from_status if changes else _current_value(obj)
    entries = [HistoryEntry(obj.created_at, status_label(obj, first), first_note)]
    entries += [HistoryEntry(c.created_at, status_label(obj, c.to_status), c.note) for c in changes]
    return entries
