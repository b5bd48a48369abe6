"""The matrix run: every id-taking route × every actor role × GET and the route's unsafe methods, plus one
control per route (its first owner reaches the object), collected into one report."""

from dataclasses import dataclass, field

from django.urls import reverse

from tests.access_matrix import checks, world
from tests.access_matrix.routes import id_routes, methods_for, schema_methods
from tests.access_matrix.rules import ROUTE_RULES, Rule


@dataclass
class Report:
    tries: int = 0
    routes: int = 0
    seconds: float = 0.0
    build_seconds: float = 0.0
    leaks: list[str] = field(default_factory=list)
    broken_targets: list[str] = field(default_factory=list)

    def __str__(self):
        return (
            f"{self.tries} tries over {self.routes} routes × {len(world.ROLES)} roles in {self.seconds:.1f} s"
            f" (building the parties: {self.build_seconds:.1f} s)\n"
            + "".join(f"LEAK {line}\n" for line in self.leaks)
            + "".join(
                f"CONTROL FAILED (the rule's target or owners are wrong) {line}\n" for line in self.broken_targets
            )
        )


def actors_for(rule: Rule):
    for role in world.ROLES:
        if role in rule.allow or (role == "staff" and rule.staff):
            continue
        yield role


def is_refused(answer: checks.Answer, rule: Rule) -> bool:
    return answer.status in checks.REFUSED or answer.status in rule.refusals or answer.is_login_redirect()


def _verdict(answer: checks.Answer, rule: Rule, method: str, hidden: str) -> bool:
    """True when the answer is acceptable for an actor who is not party to the object."""
    if answer.status == 500 or answer.changed:
        return False
    if rule.public and method in rule.public_methods:
        return not (hidden and hidden in answer.content.decode("utf-8", "replace"))
    return is_refused(answer, rule)


def _control(client, route, url, body) -> checks.Answer:
    answer = checks.send(client, "GET", url, route.is_api)
    if answer.status == 405:  # a route that takes no GET: its POST, with the rule's body
        answer = checks.send(client, "POST", url, route.is_api, body)
    return answer


def run() -> Report:
    report = Report()
    with checks.Timer() as timer:
        owner_side = world.build_owner_side()
        actors = world.build_actors(owner_side)
        owners = {name for rule in ROUTE_RULES.values() for name in rule.owners[:1]}
        clients = checks.signed_in_clients(actors)
        owner_clients = checks.signed_in_clients({name: world.party(owner_side, name) for name in owners})
        documented = schema_methods()
        report.build_seconds = timer.elapsed()
        for name, route in sorted(id_routes().items()):
            rule = ROUTE_RULES[name]
            url = reverse(route.name, kwargs=rule.target(owner_side))
            body = rule.body(owner_side) if rule.body else None
            hidden = rule.hidden(owner_side) if rule.hidden else ""
            report.routes += 1
            with checks.Isolation() as isolation:
                for role in actors_for(rule):
                    for method in methods_for(route, documented):
                        answer = checks.send(
                            clients[role], method, url, route.is_api, None if method == "GET" else body
                        )
                        isolation.after(answer)
                        report.tries += 1
                        if not _verdict(answer, rule, method, hidden):
                            report.leaks.append(f"{name} {method} {url} as {role}: {answer}")
                if rule.owners:
                    answer = _control(owner_clients[rule.owners[0]], route, url, body)
                    isolation.after(answer)
                    report.tries += 1
                    if answer.status in (403, 404, 500) or answer.is_login_redirect():
                        report.broken_targets.append(f"{name} {url} as owner {rule.owners[0]}: {answer}")
                if tables := isolation.uncaptured_writes():
                    report.leaks.append(f"{name} {url}: rows written outside Django's cursor in {tables}")
    report.seconds = timer.seconds
    return report
