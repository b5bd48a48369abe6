"""Finding the optional staff hooks of the pillar apps (`<app>.selectors`, `<app>.exports`) without importing
anything that is not there. An app that lacks the module is skipped; an error *inside* the module is raised.
Also the registry of the pillar apps' own staff pages, linked from the workbench's navigation."""

import importlib
from dataclasses import dataclass

from django.apps import apps

PILLAR_APPS = ["jobs", "jobs.matching", "training", "entrepreneurship", "benefits"]


def pillar_modules(module: str):
    """Yield (app_config, imported module) for every installed pillar app that has `<app>.<module>`."""
    for name in PILLAR_APPS:
        config = next((c for c in apps.get_app_configs() if c.name == name), None)
        if config is None:
            continue
        try:
            yield config, importlib.import_module(f"{name}.{module}")
        except ModuleNotFoundError as exc:
            if exc.name in (f"{name}.{module}", name):
                continue
            raise


# --- pages of the pillar apps in the workbench's navigation ---------------------------------------------------------
#
# A pillar app lists its staff pages in `<app>/apps.py` `ready()`:
#
#     from portal.staff.plugins import register_page
#     register_page("jobs.fairs", _("Job fairs"), "jobs:staff_fairs")
#
# The URL name must resolve without arguments. A page that includes "staff/_nav.html" with active="jobs.fairs"
# shows its own link as the current one.


@dataclass(frozen=True)
class StaffLink:
    key: str
    label: str
    url_name: str


class LinkRegistry:
    """Links the pillar apps register at start-up, by key (registering a key again replaces its link), in order."""

    def __init__(self):
        self._links: dict[str, StaffLink] = {}

    def register(self, key: str, label, url_name: str) -> None:
        self._links[key] = StaffLink(key, label, url_name)

    def links(self) -> list[StaffLink]:
        return list(self._links.values())


_PAGES = LinkRegistry()
register_page = _PAGES.register
registered_pages = _PAGES.links
