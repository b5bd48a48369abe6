"""The one contract between the shell and its pillar apps: what each app gives the shell, declared in one place.

Each app (the shell's own `portal` part included) writes a single `<app>/pillar.py`:

    from portal.pillars import Link, Pillar

    PILLAR = Pillar(
        label="jobs",                                   # the AppConfig label
        navigation=(Link("jobs.index", _("Jobs"), "jobs:index"),),      # main menu (allowed= narrows it)
        workspace=(                                     # sections of the role workspaces (/workspace/)
            WorkspaceSection(
                key="jobs.employer", role=Role.EMPLOYER, title=_("Positions and applicants"),
                allowed=permissions.is_employer_member,
                tallies=(Tally("jobs.new", _("New applicants"), workspace.new_applicants, "jobs:employer"),),
                links=(Link("jobs.employer", _("Employer home"), "jobs:employer", main=True),),
            ),
        ),
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

- navigation: the main menu of base.html, each link shown to those its `allowed` test lets in;
- workspace: sections of the role workspaces (/workspace/, the landing page after sign-in, see portal.workspace):
  each section belongs to one role (portal.models.Role; VETERAN is the person's 我的服务, also shown to family
  members and to anyone who holds no role yet), has a title, counted items (`Tally`: a label, a selector
  `fn(user) -> int` and the page listing them), links, and optional `next_steps(user) -> [Link]`. A section is
  shown to a user who holds its role and passes its `allowed` test; a link or tally inside it to those passing
  theirs. Links marked `main=True` are the role's main tasks (elder mode's short menu shows the first five).
  Every page a role may use must be reachable from its workspace in two clicks (tests/portal/test_workspace_crawl.py);
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
from django.urls import reverse

from portal.staff.sections import Section


def _passes(test: Callable[..., bool] | None, user) -> bool:
    return test is None or bool(test(user))


def _href(url_name: str, query: str) -> str:
    """The page's path, with `query` as its query string ("status=new") or fragment ("#today")."""
    if not query:
        return reverse(url_name)
    return reverse(url_name) + (query if query.startswith("#") else f"?{query}")


@dataclass(frozen=True)
class Link:
    """A page the shell links to: `key` names it (acting actions record it in the audit log), the URL name must
    resolve without arguments; `query` is appended to it. `allowed(user)` narrows who sees it (None: whoever sees
    the list it is in); `main` marks one of its role's main tasks."""

    key: str
    label: str
    url_name: str
    query: str = ""
    allowed: Callable[..., bool] | None = None
    main: bool = False

    def href(self) -> str:
        return _href(self.url_name, self.query)

    def visible_to(self, user) -> bool:
        return _passes(self.allowed, user)


@dataclass(frozen=True)
class Tally:
    """A counted item of a workspace section: `count(user) -> int` (a selector), shown as a number linking to the
    page that lists what it counts. `percent` shows the number as a percentage (profile completeness)."""

    key: str
    label: str
    count: Callable[..., int]
    url_name: str
    query: str = ""
    allowed: Callable[..., bool] | None = None
    percent: bool = False

    def href(self) -> str:
        return _href(self.url_name, self.query)

    def visible_to(self, user) -> bool:
        return _passes(self.allowed, user)


def queue_count(queryset_function: Callable, **kwargs) -> Callable[..., int]:
    """A tally's `count` for a queue that is the same whoever asks (a staff queue): the rows of
    `queryset_function(**kwargs)`, counted when the workspace is shown."""
    return lambda user: queryset_function(**kwargs).count()


@dataclass(frozen=True, kw_only=True)
class WorkspaceSection:
    """One block of a role's workspace (see the module docstring)."""

    key: str
    role: str
    title: str
    tallies: Sequence[Tally] = ()
    links: Sequence[Link] = ()
    next_steps: Callable[..., Sequence[Link]] | None = None
    allowed: Callable[..., bool] | None = None

    def visible_to(self, user) -> bool:
        return _passes(self.allowed, user)


@dataclass(frozen=True, kw_only=True)
class Pillar:
    label: str
    navigation: Sequence[Link]
    workspace: Sequence[WorkspaceSection]
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
