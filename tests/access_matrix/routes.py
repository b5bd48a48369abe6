"""Every route of the site that takes an object id, from the URLconf and from the OpenAPI schema."""

import re
from dataclasses import dataclass
from functools import cache

from django.urls import URLPattern, URLResolver, get_resolver, resolve

# Not walked: the Django admin (staff-only through Django's own permission checks; its forms are covered by the
# admin tests), static and media files, and the language switch.
SKIPPED_PREFIXES = ("admin/", "static/", "media/", "i18n/")
# Parameters that select a representation, not an object.
NOT_OBJECT_PARAMETERS = {"format"}
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
PAGE_METHODS = ("GET", "POST")  # pages take forms; other verbs on a page are GET-like or refused


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name" for pages, the router's name ("card-detail") for the API
    route: str  # the full pattern, for messages
    parameters: tuple[str, ...]
    view: str
    is_api: bool


def _parameters(pattern) -> list[str]:
    regex = getattr(pattern, "regex", None)
    names = list(getattr(pattern, "converters", {}) or {})
    if regex is not None:
        names += [n for n in regex.groupindex if n not in names]
    return names


def _walk(resolver, prefix, namespace, inherited):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        parameters = inherited + _parameters(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, route, inner, parameters)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            view = f"{entry.callback.__module__}.{getattr(entry.callback, '__name__', type(entry.callback).__name__)}"
            yield name, route, tuple(dict.fromkeys(parameters)), view


@cache
def id_routes() -> dict[str, Route]:
    """Named URL patterns with at least one object parameter, by name (format-suffix twins folded into one)."""
    found: dict[str, Route] = {}
    for name, route, parameters, view in _walk(get_resolver(), "", None, []):
        clean = route.replace("^", "").replace("$", "")
        if clean.startswith(SKIPPED_PREFIXES):
            continue
        object_parameters = tuple(p for p in parameters if p not in NOT_OBJECT_PARAMETERS)
        if not object_parameters or name in found:
            continue
        found[name] = Route(name, clean, object_parameters, view, is_api=clean.startswith("api/"))
    return found


@cache
def schema_methods() -> dict[str, set[str]]:
    """From the OpenAPI schema: the URL name of every path with a parameter, and the methods it documents."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    methods: dict[str, set[str]] = {}
    for path, operations in schema["paths"].items():
        if "{" not in path:
            continue
        name = resolve(re.sub(r"\{[^}]+\}", "1", path)).url_name
        methods.setdefault(name, set()).update(m.upper() for m in operations if m.upper() in ("GET", *UNSAFE))
    return methods


def methods_for(route: Route, documented: dict[str, set[str]]) -> list[str]:
    """GET and the route's unsafe methods: those the schema documents for an API path (all of them for an API path
    the schema leaves out), POST for a page."""
    if not route.is_api:
        return list(PAGE_METHODS)
    unsafe = documented.get(route.name, set(UNSAFE)) - {"GET"}
    return ["GET", *[m for m in UNSAFE if m in unsafe]]


@cache
def plain_pages() -> dict[str, str]:
    """Named pages that take no parameter (lists, workspaces, dashboards), by name → path."""
    found: dict[str, str] = {}
    for name, route, parameters, _view in _walk(get_resolver(), "", None, []):
        clean = route.replace("^", "").replace("$", "")
        if parameters or clean.startswith((*SKIPPED_PREFIXES, "api/")) or name in found or "(" in clean:
            continue
        found[name] = "/" + clean
    return found
