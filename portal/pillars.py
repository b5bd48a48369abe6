"""The one contract between the shell and its pillar apps: what each app gives the shell, declared in one place.

Each app (the shell's own `portal` part included) writes a single `<app>/pillar.py`:

    from portal.pillars import Link, Pillar

    PILLAR = Pillar(
        label="jobs",                                   # the AppConfig label
        navigation=(Link("jobs.index", _("Jobs"), "jobs:index"),),      # main menu, every visitor
        workspace=(Link("jobs.applications", _("My job applications"), "portal:my_applications"),),  # "My services"
        dashboard=selectors.dashboard_figures,          # staff dashboard section, or None
        exports=exports.EXPORTS,                        # portal.staff.exports.ExportDefinition list
        staff_pages=(Link("jobs.review", _("Positions awaiting review"), "jobs:staff_review"),),
        acting_actions=(Link("jobs.fair_register", _("Register for a job fair"), "jobs:staff_act_fair_register"),),
        personal_data_export=personal_data.export,      # fn(user) -> dict, or None
        personal_data_erase=personal_data.erase,        # fn(user) -> None, or None
        beat_schedule={"jobs-expire-positions": {"task": "jobs.expire_positions", "schedule": crontab(...)}},
    )

and registers it from its AppConfig: `def ready(self): from jobs.pillar import PILLAR; register(PILLAR)`.
Every part must be given, empty when the app has nothing to add (`()`, `None`, `{}`), so a reader sees at once
what an app does *not* contribute. The shell reads only `pillars()`:

- navigation: the main menu of base.html; workspace: "My services" on /me/ (one line per app, in order);
- dashboard: `fn(*, region, start, end) -> portal.staff.sections.Section`, see portal.staff.dashboard;
- exports: the staff exports list (/staff/exports/), see portal.staff.exports for ExportDefinition;
- staff_pages: links in the staff workbench's navigation; acting_actions: buttons on the 代办 (acting-for) page,
  whose views use portal.staff.acting.acting_required; both URL names must resolve without arguments;
- personal_data_export / _erase: the user's JSON download (under the app's label) and account erasure;
- beat_schedule: the app's periodic tasks; `beat_schedule()` is their union, installed as the Celery app's
  `beat_schedule` (the only place it is built; `manage.py beat_schedule` prints it). Keys must be unique.

Pillars are listed in INSTALLED_APPS order (portal first), which is the order of menus, sections and exports.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from portal.staff.sections import Section


@dataclass(frozen=True)
class Link:
    """A page the shell links to: `key` names it (acting actions record it in the audit log), the URL name must
    resolve without arguments."""

    key: str
    label: str
    url_name: str


@dataclass(frozen=True, kw_only=True)
class Pillar:
    label: str
    navigation: Sequence[Link]
    workspace: Sequence[Link]
    dashboard: Callable[..., Section] | None
    exports: Sequence  # of portal.staff.exports.ExportDefinition
    staff_pages: Sequence[Link]
    acting_actions: Sequence[Link]
    personal_data_export: Callable[..., dict] | None
    personal_data_erase: Callable[..., None] | None
    beat_schedule: Mapping[str, dict]


_REGISTERED: dict[str, Pillar] = {}


def register(pillar: Pillar) -> None:
    """Called from an AppConfig.ready(); registering a label again replaces its pillar."""
    for key in pillar.beat_schedule:
        owner = next((p.label for p in _REGISTERED.values() if key in p.beat_schedule), pillar.label)
        if owner != pillar.label:
            raise ImproperlyConfigured(f"beat schedule entry {key!r} of {pillar.label} is already {owner}'s")
    _REGISTERED[pillar.label] = pillar
    _install_beat_schedule()


def pillars() -> list[Pillar]:
    """The registered pillars of the installed apps, in INSTALLED_APPS order."""
    return [_REGISTERED[c.label] for c in apps.get_app_configs() if c.label in _REGISTERED]


def get_pillar(label: str) -> Pillar:
    """The registered pillar of the app with this label (KeyError if it registered none)."""
    return _REGISTERED[label]


def beat_schedule() -> dict[str, dict]:
    """The union of every pillar's periodic tasks."""
    return {key: entry for pillar in pillars() for key, entry in pillar.beat_schedule.items()}


def _install_beat_schedule() -> None:
    # Rebuilt at each registration, so once every app is ready the Celery app holds the whole union; beat reads it
    # only after Django is set up.
    from portal.celery import app

    app.conf.beat_schedule = beat_schedule()
