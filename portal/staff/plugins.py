"""Finding the optional staff hooks of the pillar apps (`<app>.selectors`, `<app>.exports`) without importing
anything that is not there. An app that lacks the module is skipped; an error *inside* the module is raised."""

import importlib

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
