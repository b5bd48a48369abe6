"""The plug-in contract (portal.pillars): every app declares each part of what it gives the shell, in its
`<app>/pillar.py`, and the shell builds its menus, dashboard, exports, 代办 page, data download and beat schedule
from those declarations only."""

import dataclasses
import importlib
import io
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from portal import pillars
from portal.celery import app as celery_app
from portal.models import Role
from portal.pillars import Link, Pillar, Tally, WorkspaceSection
from tests.factories import VeteranFactory

PILLAR_APPS = [
    "portal",
    "jobs",
    "jobs.matching",
    "training",
    "entrepreneurship",
    "benefits",
    "portal.news",
    "portal.care",
    "portal.onestop",
    "portal.counsel",
]
LINK_PARTS = ["navigation", "staff_pages", "acting_actions"]
HOOK_PARTS = ["dashboard", "personal_data_export", "personal_data_erase"]


def declared(app_name: str) -> Pillar:
    return importlib.import_module(f"{app_name}.pillar").PILLAR


def test_every_app_of_the_project_is_a_pillar():
    root = Path(settings.BASE_DIR).resolve()
    project_apps = {
        c.name
        for c in apps.get_app_configs()
        # the project's own code: under the checkout, but not an installed package (the venv may live there too)
        if root in Path(c.path).resolve().parents and "site-packages" not in Path(c.path).parts
    }
    # The staff workbench is the shell's own part: portal's pillar speaks for it.
    assert project_apps - {"portal.staff"} == set(PILLAR_APPS)


def test_the_contract_has_no_defaults_so_each_pillar_names_every_part():
    parts = {f.name for f in dataclasses.fields(Pillar)}
    assert parts == {"label", *LINK_PARTS, "workspace", *HOOK_PARTS, "exports", "beat_schedule"}
    assert all(
        f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        for f in dataclasses.fields(Pillar)
    )
    with pytest.raises(TypeError):
        Pillar(label="x", navigation=(), workspace=(), dashboard=None, exports=(), staff_pages=())


@pytest.mark.parametrize("app_name", PILLAR_APPS)
def test_each_app_declares_every_part_of_the_contract(app_name):
    pillar = declared(app_name)
    assert isinstance(pillar, Pillar)
    assert pillar.label == apps.get_app_config(pillar.label).label
    assert apps.get_app_config(pillar.label).name == app_name
    for part in LINK_PARTS:
        links = getattr(pillar, part)
        assert isinstance(links, Sequence) and all(isinstance(link, Link) for link in links), part
        for link in links:
            assert link.key and str(link.label), link
            reverse(link.url_name)  # resolves without arguments
    assert isinstance(pillar.workspace, Sequence)
    for section in pillar.workspace:
        assert isinstance(section, WorkspaceSection) and section.key.startswith(f"{pillar.label}."), section
        assert section.role in Role.values and str(section.title)
        assert section.tallies or section.links, section.key
        for tally in section.tallies:
            assert isinstance(tally, Tally) and callable(tally.count) and str(tally.label)
            tally.href()  # resolves without arguments
        for link in section.links:
            assert isinstance(link, Link) and str(link.label)
            link.href()
        assert section.next_steps is None or callable(section.next_steps)
    for part in HOOK_PARTS:
        hook = getattr(pillar, part)
        assert hook is None or isinstance(hook, Callable), part
    assert isinstance(pillar.exports, Sequence)
    assert isinstance(pillar.beat_schedule, Mapping)
    for entry in pillar.beat_schedule.values():
        assert set(entry) >= {"task", "schedule"}


@pytest.mark.parametrize("app_name", PILLAR_APPS)
def test_each_app_registers_its_declared_pillar(app_name):
    pillar = declared(app_name)
    assert pillars.get_pillar(pillar.label) is pillar
    assert pillar in pillars.pillars()


def test_pillars_come_in_installed_apps_order_with_the_shell_first():
    assert [apps.get_app_config(p.label).name for p in pillars.pillars()] == PILLAR_APPS


def test_the_beat_schedule_is_the_union_of_the_pillars_schedules():
    union = {}
    for app_name in PILLAR_APPS:
        schedule = declared(app_name).beat_schedule
        assert not set(schedule) & set(union), "two pillars use the same beat entry name"
        union.update(schedule)
    assert union  # the shell and the pillars do have periodic tasks
    assert pillars.beat_schedule() == union
    assert celery_app.conf.beat_schedule == union  # what `celery beat` reads


def test_every_scheduled_task_is_a_registered_celery_task():
    celery_app.autodiscover_tasks(force=True)  # what a worker and beat do at start-up
    registered = set(celery_app.tasks)
    for key, entry in celery_app.conf.beat_schedule.items():
        assert entry["task"] in registered, key


def test_the_beat_schedule_command_lists_every_entry():
    out = io.StringIO()
    call_command("beat_schedule", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == len(pillars.beat_schedule())
    for key, entry in pillars.beat_schedule().items():
        assert any(f"\t{key}\t{entry['task']}\t" in line for line in lines), key


def test_the_old_plug_in_mechanisms_are_gone():
    for module in ("portal.registry", "portal.staff.plugins"):
        with pytest.raises(ModuleNotFoundError):
            importlib.import_module(module)


def test_two_pillars_cannot_claim_the_same_beat_entry():
    from django.core.exceptions import ImproperlyConfigured

    jobs = pillars.get_pillar("jobs")
    thief = dataclasses.replace(pillars.get_pillar("training"), beat_schedule=dict(jobs.beat_schedule))
    with pytest.raises(ImproperlyConfigured):
        pillars.register(thief)
    assert celery_app.conf.beat_schedule == pillars.beat_schedule()


# --- the shell reads the pillars, and only them ------------------------------------------------------------------


@pytest.fixture
def extra_links(monkeypatch):
    """The benefits pillar with one more link in each list (and a workspace section holding it), as if the app had
    declared it."""
    original = pillars.get_pillar("benefits")
    link = Link("benefits.extra", "Extra pillar page", "benefits:index")
    section = WorkspaceSection(key="benefits.extra", role=Role.VETERAN, title="Extra section", links=(link,))
    changed = dataclasses.replace(
        original,
        navigation=(*original.navigation, link),
        workspace=(*original.workspace, section),
        staff_pages=(*original.staff_pages, link),
        acting_actions=(*original.acting_actions, link),
    )
    monkeypatch.setitem(pillars._REGISTERED, "benefits", changed)
    return link


@pytest.mark.django_db
def test_menu_and_workspace_come_from_the_pillars(client, extra_links):
    veteran = VeteranFactory()
    client.force_login(veteran)
    page = client.get("/workspace/").content.decode()
    assert page.count("Extra pillar page") == 2  # main menu and the workspace section
    assert "Extra section" in page
    for pillar in pillars.pillars():
        for link in pillar.navigation:
            assert f'href="{reverse(link.url_name)}"' in page, link.key
        for section in pillar.workspace:
            if section.role == Role.VETERAN and section.allowed is None:
                for link in section.links:
                    assert (f'href="{link.href()}"' in page) == link.visible_to(veteran), link.key


@pytest.mark.django_db
def test_staff_pages_and_acting_actions_come_from_the_pillars(extra_links):
    from portal.staff import acting
    from portal.templatetags.staff_tags import staff_pages

    assert extra_links in staff_pages()
    assert extra_links in acting.registered_actions()
    assert [a.key for a in acting.registered_actions()][:2] == ["portal.profile_edit", "portal.resume_upload"]


@pytest.mark.django_db
def test_exports_and_personal_data_come_from_the_pillars():
    from portal.services.accounts import user_data_export
    from portal.staff.exports import registered_exports

    expected = [d.key for p in pillars.pillars() for d in p.exports]
    assert list(registered_exports()) == expected
    assert {registered_exports()[d.key].app_label for d in pillars.get_pillar("jobs").exports} == {"jobs"}
    data = user_data_export(user=VeteranFactory())
    with_hooks = [p.label for p in pillars.pillars() if p.personal_data_export]
    assert set(with_hooks) == {"jobs", "training", "entrepreneurship", "benefits"}
    assert set(with_hooks) <= set(data)


@pytest.mark.django_db
def test_dashboard_sections_come_from_the_pillars(monkeypatch):
    from portal.staff.dashboard import dashboard_sections

    original = pillars.get_pillar("entrepreneurship")
    monkeypatch.setitem(pillars._REGISTERED, "entrepreneurship", dataclasses.replace(original, dashboard=None))
    from portal.staff.sections import Section

    sections = dashboard_sections(use_cache=False)
    assert all(isinstance(s, Section) for s in sections)
    titles = [s.title for s in sections]
    assert (
        len(titles) == sum(1 for p in pillars.pillars() if p.dashboard) == 5
    )  # portal, jobs, training, benefits, care
    assert titles[0] == dashboard_sections(use_cache=False)[0].title  # the shell's own section first
