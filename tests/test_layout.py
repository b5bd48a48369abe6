"""One shape for every app, and one import direction.

Every pillar app has the same layout (models/, services/, selectors, permissions.py, views/ with acting.py for 代办 and
staff.py for staff pages, api/, tasks.py, admin.py, demo.py, exports.py, templates/<app>/, locale/), so a newcomer who
knows one knows them all. The shell is two apps, `portal` and the staff workbench `portal.staff`; between them they
have the same parts, and its templates and catalogue are the project's own (templates/portal/, locale/).

Imports go one way: services import their tasks at module level (to enqueue them with `delay_on_commit`), tasks import
the services they call inside the task body, and models never import services.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parents[1]
APPS = ["portal", "jobs", "training", "entrepreneurship", "benefits"]
PILLARS = ["jobs", "training", "entrepreneurship", "benefits"]

PILLAR_LAYOUT = [
    "models/__init__.py",
    "services/__init__.py",
    ("selectors.py", "selectors/__init__.py"),
    "permissions.py",
    "views/__init__.py",
    "views/acting.py",
    "views/staff.py",
    "api/__init__.py",
    "api/urls.py",
    "tasks.py",
    "admin.py",
    "demo.py",
    "exports.py",
    "templates/{app}",
    "locale/zh_Hans/LC_MESSAGES/django.po",
]
# The shell: the same parts, each in `portal` or in the staff workbench app, templates and catalogue at the root.
SHELL_LAYOUT = [
    "portal/models/__init__.py",
    "portal/services/__init__.py",
    "portal/staff/services/__init__.py",
    "portal/staff/selectors.py",
    "portal/staff/permissions.py",
    "portal/permissions.py",
    "portal/views/__init__.py",
    "portal/staff/views/__init__.py",
    "portal/staff/views/acting.py",
    "portal/api/__init__.py",
    "portal/api/urls.py",
    "portal/tasks.py",
    "portal/staff/tasks.py",
    "portal/admin.py",
    "portal/demo.py",
    "portal/staff/exports.py",
    "portal/staff/apps.py",
    "templates/portal",
    "portal/staff/templates/staff",
    "locale/zh_Hans/LC_MESSAGES/django.po",
]
# The flat modules the packages replaced: one of each must not come back beside its package.
FLAT = ["models.py", "services.py", "views.py", "manage_views.py", "acting_views.py", "api_views.py", "api_urls.py"]


def _missing(paths, app=""):
    missing = []
    for entry in paths:
        options = entry if isinstance(entry, tuple) else (entry,)
        if not any((ROOT / app / option.format(app=app)).exists() for option in options):
            missing.append(" or ".join(options))
    return missing


@pytest.mark.parametrize("app", PILLARS)
def test_every_pillar_app_has_the_one_layout(app):
    assert not _missing(PILLAR_LAYOUT, app), f"{app}/ lacks {_missing(PILLAR_LAYOUT, app)}"
    assert not [name for name in FLAT if (ROOT / app / name).exists()]


def test_the_shell_has_the_same_parts():
    assert not _missing(SHELL_LAYOUT), f"the shell lacks {_missing(SHELL_LAYOUT)}"
    assert not [name for name in FLAT if (ROOT / "portal" / name).exists() or (ROOT / "portal/staff" / name).exists()]


def test_the_staff_workbench_is_an_app_without_models_of_its_own():
    config = apps.get_app_config("staff")
    assert config.name == "portal.staff"
    assert list(config.get_models()) == []
    # Its jobs stay in the portal label, where their migrations are.
    assert apps.get_model("portal", "ImportJob")._meta.app_label == "portal"
    assert apps.get_model("portal", "ExportJob")._meta.app_label == "portal"


def test_the_staff_tasks_register_by_autodiscovery():
    from portal.celery import app

    tasks_source = (ROOT / "portal/tasks.py").read_text()
    assert "portal.staff" not in tasks_source
    app.loader.import_default_modules()
    assert {"portal.staff_run_import", "portal.staff_run_export", "portal.staff_purge_audit_log"} <= set(app.tasks)


# --- import direction ------------------------------------------------------------------------------------------------


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            yield path, ".".join(parts[:-1] if parts[-1] == "__init__" else parts), parts[-1] == "__init__"


MODULES = list(_modules())


def _imported(node, module: str, is_package: bool) -> list[str]:
    """Dotted names an import statement can load: `from a import b` may be the module a.b."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    package = module if is_package else module.rpartition(".")[0]
    if node.level:
        base_parts = package.split(".")[: len(package.split(".")) - node.level + 1]
        base = ".".join([*base_parts, node.module] if node.module else base_parts)
    else:
        base = node.module
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def _imports(tree, module, is_package, *, top_level_only=False):
    """(line, dotted name) of each import; top_level_only skips those inside functions (and classes)."""
    found = []

    def visit(node, nested):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom) and not (top_level_only and nested):
                found.extend((child.lineno, name) for name in _imported(child, module, is_package))
            inner = nested or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda)
            visit(child, inner)

    visit(tree, False)
    return found


def _is_project(name: str) -> bool:
    return name.split(".")[0] in APPS


def _is_services(name: str) -> bool:
    return _is_project(name) and "services" in name.split(".")


def _is_tasks(name: str) -> bool:
    return _is_project(name) and name.split(".")[-1] == "tasks"


def _is_models_module(module: str) -> bool:
    return "models" in module.split(".")


def _is_tasks_module(module: str) -> bool:
    return module.split(".")[-1] == "tasks"


def _scan(predicate_module, predicate_import, *, top_level_only=False, function_level_only=False):
    wrong = []
    for path, module, is_package in MODULES:
        if not predicate_module(module):
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        every = _imports(tree, module, is_package)
        top = set(_imports(tree, module, is_package, top_level_only=True))
        if top_level_only:
            chosen = top
        elif function_level_only:
            chosen = [hit for hit in every if hit not in top]
        else:
            chosen = every
        wrong += [f"{path.relative_to(ROOT)}:{line} imports {name}" for line, name in chosen if predicate_import(name)]
    return sorted(set(wrong))


def test_the_scan_finds_the_modules_it_rules():
    modules = {module for _path, module, _package in MODULES}
    assert {"training.models.courses", "entrepreneurship.models.loans", "portal.models.staff"} <= modules
    assert {"portal.tasks", "portal.staff.tasks", "jobs.matching.tasks", "training.tasks"} <= modules


def test_models_never_import_services():
    """Model validation keeps its rule on the model (or a module both use), never in a service."""
    assert not _scan(_is_models_module, _is_services)


# The shell's modules that join the pillars by design: the root URLconf and the one-stop application, which files one
# form's parts with each pillar's own service.
SHELL_MODULES_JOINING_PILLARS = ("portal.urls", "portal.onestop")


def _is_shell_module(module: str) -> bool:
    return module.split(".")[0] == "portal" and not module.startswith(SHELL_MODULES_JOINING_PILLARS)


def test_the_shell_never_imports_a_pillar():
    """portal/ is what the pillars build on; a pillar's rule the shell needs moves into the shell (as
    portal.permissions.is_job_seeker did for the cached user record), not reached for inside a function."""
    assert not _scan(_is_shell_module, lambda name: name.split(".")[0] in PILLARS)


def test_tasks_import_their_services_inside_the_task_body():
    """So a service can import its tasks at module level to enqueue them without an import cycle."""
    assert not _scan(_is_tasks_module, _is_services, top_level_only=True)


def test_services_import_their_tasks_at_module_level():
    """A function-level import of a tasks module is a cycle being dodged: the tasks module must not need it."""
    assert not _scan(lambda module: "services" in module.split("."), _is_tasks, function_level_only=True)


def _project_imports(tree, module, is_package, names) -> set[str]:
    """The project modules a module imports; `from a import b` counts as a.b when that is a module (the parent
    package is loaded on the way, as for any submodule), else as a. Imports inside a task body are left out:
    tasks import the services they call there, by the rule above, and that is no cycle at import time."""
    found = set()

    def visit(node, nested):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom) and not (nested and _is_tasks_module(module)):
                found.update(_resolved(child, module, is_package, names))
            visit(child, nested or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda))

    visit(tree, False)
    return found - {module}


def _resolved(node, module, is_package, names) -> list[str]:
    candidates = _imported(node, module, is_package)
    if isinstance(node, ast.Import):
        return [name for name in candidates if name in names]
    base, *members = candidates
    modules = [member for member in members if member in names]
    return modules + ([base] if len(modules) < len(members) and base in names else [])


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return groups


def _import_graph() -> dict[str, set[str]]:
    names = {module for _path, module, _package in MODULES}
    graph = {}
    for path, module, is_package in MODULES:
        tree = ast.parse(path.read_text(), filename=str(path))
        graph[module] = _project_imports(tree, module, is_package, names)
    return graph


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    """Not even one dodged by an import inside a function: only a task body may import back (see above)."""
    assert _cycles(_import_graph()) == []


# --- size --------------------------------------------------------------------------------------------------------

FILE_LIMIT = 400  # lines of a Python module, migrations and demo data aside
VIEW_LIMIT = 30  # lines of a view function or method's body, its docstring aside
# Files and views over the limits, to be split (issue 20): the allow-lists only shrink.
OVERSIZED_FILES: set[str] = set()
OVERSIZED_VIEW_MODULES: set[str] = set()


def _is_demo_data(path: Path) -> bool:
    return path.stem in {"demo", "reference_data", "synthetic"} or "data" in path.relative_to(ROOT).parts[:-1]


def _is_views_module(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return (
        "views" in parts[:-1]
        or path.stem == "views"
        or path.stem.endswith("_views")
        or ("api" in parts[:-1] and "serializer" not in path.stem)
    )


def _body_lines(function) -> int:
    body = function.body
    if len(body) > 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    return function.end_lineno - body[0].lineno + 1


def test_no_python_file_is_over_the_limit():
    long = []
    for path, _module, _package in MODULES:
        name = str(path.relative_to(ROOT))
        if _is_demo_data(path) or name in OVERSIZED_FILES:
            continue
        if (lines := len(path.read_text().splitlines())) > FILE_LIMIT:
            long.append(f"{name}: {lines} lines")
    assert not long, f"split these by concept: {long}"


def test_no_view_is_over_the_limit():
    long = []
    for path, _module, _package in MODULES:
        name = str(path.relative_to(ROOT))
        if not _is_views_module(path) or name in OVERSIZED_VIEW_MODULES:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=name)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _body_lines(node) > VIEW_LIMIT:
                long.append(f"{name}:{node.lineno} {node.name} ({_body_lines(node)} lines)")
    assert not long, f"views parse, fetch, call one service and render; move the rest out: {long}"


def test_the_size_checks_see_the_views_and_the_allow_lists_are_still_needed():
    views = {str(path.relative_to(ROOT)) for path, _m, _p in MODULES if _is_views_module(path)}
    assert {"jobs/views/employer.py", "portal/api/views.py", "training/views/acting.py"} <= views
    assert {"portal/demo.py", "benefits/demo.py"} <= {
        str(path.relative_to(ROOT)) for path, _m, _p in MODULES if _is_demo_data(path)
    }
    # An entry whose file is back under the limit goes: the allow-list only shrinks.
    fine = [name for name in OVERSIZED_FILES if len((ROOT / name).read_text().splitlines()) <= FILE_LIMIT]
    assert not fine, f"no longer oversized, remove from OVERSIZED_FILES: {fine}"
