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

from tests.access_matrix import checks, rules, world
from tests.access_matrix.routes import id_routes, methods_for, schema_methods


def test_every_id_route_has_a_rule():
    missing = {name: route for name, route in id_routes().items() if name not in rules.ROUTE_RULES}
    lines = [
        f'    "{name}": Rule(pk("<object in tests/access_matrix/world.py>"), owners=("<party>",)),'
        f"  # {route.route} ({', '.join(route.parameters)}) → {route.view}"
        for name, route in sorted(missing.items())
    ]
    assert not missing, (
        "These routes take an object id but have no access rule. Add to ROUTE_RULES in "
        "tests/access_matrix/rules.py:\n" + "\n".join(lines)
    )


def test_every_rule_names_a_route():
    stale = sorted(set(rules.ROUTE_RULES) - set(id_routes()))
    assert not stale, f"ROUTE_RULES has rules for routes that no longer exist (remove them): {stale}"


def test_every_schema_path_with_a_parameter_is_a_matrix_route():
    documented = schema_methods()
    assert documented, "the OpenAPI schema lists no path with a parameter"
    assert not set(documented) - set(id_routes()), "schema paths the URLconf walk missed"


def _actors_for(rule: rules.Rule):
    for role in world.ROLES:
        if role in rule.allow or (role == "staff" and rule.staff):
            continue
        yield role


def _is_refused(answer: checks.Answer, rule: rules.Rule) -> bool:
    return answer.status in checks.REFUSED or answer.status in rule.refusals or answer.is_login_redirect()


@pytest.mark.django_db
def test_no_role_reaches_another_partys_object():
    checks.COUNTER.last = None
    with checks.Timer() as timer:
        actors = world.build_actors()
        owner_side = world.build_owner_side()
        clients = checks.Clients()
        documented = schema_methods()
        leaks, broken_targets, tries = [], [], 0
        for name, route in sorted(id_routes().items()):
            rule = rules.ROUTE_RULES[name]
            url = checks.url_for(route, rule.target(owner_side))
            methods = methods_for(route, documented)
            body = rule.body(owner_side) if rule.body else None
            for role in _actors_for(rule):
                client = clients.for_user(actors[role])
                for method in methods:
                    answer = checks.send(client, method, url, route.is_api, None if method == "GET" else body)
                    tries += 1
                    if answer.status == 500 or answer.changed:
                        leaks.append(f"{name} {method} {url} as {role}: {answer}")
                    elif method in rule.public_methods and rule.public:
                        continue
                    elif not _is_refused(answer, rule):
                        leaks.append(f"{name} {method} {url} as {role}: {answer}")
            if rule.owners and not rule.public:
                # The control: the first owner reaches the object (GET, or POST for a route that takes no GET).
                client = clients.for_user(world.party(owner_side, rule.owners[0]))
                answer = checks.send(client, "GET", url, route.is_api)
                if answer.status == 405:
                    answer = checks.send(client, "POST", url, route.is_api, body)
                tries += 1
                if answer.status in (403, 404, 500) or answer.is_login_redirect():
                    broken_targets.append(f"{name} {url} as owner {rule.owners[0]}: {answer}")
    report = (
        f"{tries} tries over {len(rules.ROUTE_RULES)} routes × {len(world.ROLES)} roles in {timer.seconds:.1f} s\n"
        + "".join(f"LEAK {line}\n" for line in leaks)
        + "".join(f"CONTROL FAILED (the rule's target or owners are wrong) {line}\n" for line in broken_targets)
    )
    print(report)
    assert not leaks and not broken_targets, report
