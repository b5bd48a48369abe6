"""The generated access matrix: every route that takes an object id refuses another party's object to every role.

The routes come from the URLconf and from the OpenAPI schema (tests/access_matrix/routes.py). Each has a rule in
tests/access_matrix/rules.py, ROUTE_RULES, saying which object of the owner side to ask for and who may have it.
For every route × role × method (GET, and POST/PUT/PATCH/DELETE as the route takes them, with an empty body), the
answer must be a refusal — 401/403/404, 405 for a method the route does not take, or a redirect to sign in — never
a success and never a 500, and the request must write nothing to the database (PostgreSQL's per-transaction row
counters, every table but the session's). Each try runs in a savepoint that is rolled back, so tries never disturb
each other.

Adding a route? The coverage test below fails and prints the line to add to ROUTE_RULES, for example

    "jobs:application_withdraw": Rule(pk("application"), owners=("veteran",)),

where `pk("application")` builds the URL kwargs from the owner side's objects (tests/access_matrix/world.py: add
the object there if it is new) and `owners` names the parties who legitimately reach it (the first one's GET must
succeed: the control that the target is right). See the rules module's docstring for staff-only routes,
permissions, public routes and the roles that may legitimately act on another party's object.
"""

import pytest

from tests.access_matrix import matrix, rules
from tests.access_matrix.routes import id_routes, schema_methods


def _suggested_rule(route) -> str:
    if route.parameters == ("pk",):
        target = 'pk("<object>")'
    else:
        target = "kw(" + ", ".join(f'{p}="<object>"' for p in route.parameters) + ")"
    return f'    "{route.name}": Rule({target}, owners=("<party>",)),  # {route.route} → {route.view}'


def test_every_id_route_has_a_rule():
    missing = sorted(name for name in id_routes() if name not in rules.ROUTE_RULES)
    routes = id_routes()
    assert not missing, (
        "These routes take an object id but have no access rule. Add to ROUTE_RULES in tests/access_matrix/rules.py "
        "(<object>: an attribute of the owner side in tests/access_matrix/world.py, add one if the object is new; "
        "<party>: who legitimately reaches it, or staff_only(...) / public(...) — see the rules module):\n"
        + "\n".join(_suggested_rule(routes[name]) for name in missing)
    )


def test_every_rule_names_a_route():
    stale = sorted(set(rules.ROUTE_RULES) - set(id_routes()))
    assert not stale, f"ROUTE_RULES has rules for routes that no longer exist (remove them): {stale}"


def test_every_schema_path_with_a_parameter_is_a_matrix_route():
    documented = schema_methods()
    assert documented, "the OpenAPI schema lists no path with a parameter"
    assert not set(documented) - set(id_routes()), "schema paths the URLconf walk missed"


@pytest.mark.django_db
def test_no_role_reaches_another_partys_object():
    report = matrix.run()
    print(report)
    assert not report.leaks and not report.broken_targets, str(report)


@pytest.mark.django_db
def test_staff_without_the_unmask_permission_get_no_full_id_number_in_any_export():
    """Exports take no object id but one permission: a plain staff member asking for full ID numbers (?unmask=1)
    gets masked ones in every personal export, while a holder of portal.view_full_id_number gets them (control)."""
    from django.test import Client

    from portal.staff.exports import registered_exports
    from tests.access_matrix import world

    owner_side = world.build_owner_side()
    full_number = owner_side.veteran.veteran_profile.get_id_number()
    plain, permitted = Client(), Client()
    plain.force_login(owner_side.staff)
    permitted.force_login(owner_side.staff_full)
    personal = sorted(key for key, definition in registered_exports().items() if definition.personal)
    leaked, shown = [], []
    for key in personal:
        url = f"/staff/exports/{key}.csv?unmask=1"
        response = plain.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if full_number in b"".join(response.streaming_content).decode("utf-8-sig"):
            leaked.append(key)
        if full_number in b"".join(permitted.get(url).streaming_content).decode("utf-8-sig"):
            shown.append(key)
    assert not leaked, f"full ID numbers exported to staff without portal.view_full_id_number: {leaked}"
    assert "veterans" in shown, f"control: the permitted staff member should get full numbers (got them in {shown})"
