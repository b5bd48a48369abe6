"""Residency applications: the guide beside the form, steps and timeline on the application's page (StatusChange
written by every service that moves it), and the predicates the pages ask agreeing with the services' refusals."""

import datetime
import re
from datetime import timedelta as delta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from entrepreneurship.models import Residency
from entrepreneurship.services import incubators
from portal import progress
from portal.services.status_history import status_changes_of
from tests import factories
from tests.entrepreneurship import factories as ef

pytestmark = pytest.mark.django_db
S = Residency.Status


@pytest.fixture
def setting():
    operator = factories.OrgMemberFactory(organization=factories.OrganizationFactory(org_type="incubator"))
    base = ef.incubator_base(total=4, operator=operator.organization)
    founder = factories.VeteranFactory()
    return base, operator, founder, ef.enterprise(founder=founder)


def _apply(setting, **kwargs):
    base, _operator, founder, project = setting
    return incubators.residency_apply(user=founder, base=base, enterprise=project, workstations=2, **kwargs)


def _accept(residency, operator):
    today = timezone.localdate()
    return incubators.residency_accept(
        residency=residency,
        user=operator,
        workstations=2,
        start_date=today,
        end_date=today + datetime.timedelta(days=180),
    )


def _states(residency):
    residency.refresh_from_db()
    return [(s.step.value, s.state) for s in progress.shown_steps(residency)]


def test_each_move_of_a_residency_is_recorded_and_drawn(setting):
    _base, operator, founder, _project = setting
    residency = _apply(setting, message="团队三人")
    assert _states(residency) == [("pending", "current"), ("active", "upcoming"), ("exited", "upcoming")]
    assert progress.current_step(residency).holder == str(progress.HOLDER_OPERATOR)
    _accept(residency, operator)
    residency.refresh_from_db()
    incubators.residency_renew(residency=residency, user=operator, end_date=residency.end_date + datetime.timedelta(30))
    incubators.residency_exit(residency=residency, user=founder)
    assert _states(residency) == [("pending", "done"), ("active", "done"), ("exited", "current")]
    changes = [(c.from_status, c.to_status, c.actor_id) for c in status_changes_of(residency)]
    assert changes == [
        ("", "pending", founder.pk),
        ("pending", "active", operator.pk),
        ("active", "active", operator.pk),  # the renewal, its new end in the note
        ("active", "exited", founder.pk),
    ]
    assert "团队三人" in [entry.note for entry in progress.history(residency)]


@pytest.mark.parametrize("end", ["reject", "withdraw"])
def test_a_refused_or_withdrawn_application_ends_there(setting, end):
    _base, operator, founder, _project = setting
    residency = _apply(setting)
    if end == "reject":
        incubators.residency_reject(residency=residency, user=operator, reason="工位已满")
    else:
        incubators.residency_exit(residency=residency, user=founder)
    ended = S.REJECTED if end == "reject" else S.WITHDRAWN
    assert [value for value, _state in _states(residency)] == ["pending", ended]
    assert progress.current_step(residency).holder == ""


def test_the_ended_term_is_recorded(setting):
    _base, operator, _founder, _project = setting
    residency = _accept(_apply(setting), operator)
    Residency.objects.filter(pk=residency.pk).update(end_date=timezone.localdate() - datetime.timedelta(days=1))
    assert incubators.residency_end_at_term(residency=residency, today=timezone.localdate())
    assert [c.to_status for c in status_changes_of(residency)][-1] == S.EXITED


def _current_step_html(html):
    match = re.search(r'<li[^>]*aria-current="step"[^>]*>(.*?)</li>', html, re.S)
    assert match, "no step marked aria-current"
    return match.group(1)


def test_the_founder_sees_the_timeline_and_others_get_404(client, setting):
    _base, operator, founder, _project = setting
    residency = _apply(setting)
    incubators.residency_reject(residency=residency, user=operator, reason="请补充项目计划")
    url = reverse("entrepreneurship:residency_detail", args=[residency.pk])
    client.force_login(founder)
    assert url in client.get(reverse("entrepreneurship:residency_list")).content.decode()
    html = client.get(url).content.decode()
    assert str(S.REJECTED.label) in _current_step_html(html) and "请补充项目计划" in html
    for outsider in (factories.VeteranFactory(), operator):
        client.force_login(outsider)
        assert client.get(url).status_code == 404


def test_the_guide_is_beside_the_application_form(client, setting):
    base, _operator, founder, _project = setting
    client.force_login(founder)
    html = client.get(reverse("entrepreneurship:base_detail", args=[base.pk])).content.decode()
    form_heading = html.index('name="workstations_requested"')
    guide = html.index(reverse("portal:guide", args=["incubator-residency"]))
    assert guide < form_heading


def _refused(call) -> bool:
    try:
        call()
    except ValidationError:
        return True
    return False


@pytest.mark.parametrize("status", S.values)
def test_predicates_agree_with_the_services_for_every_status(setting, status):
    """A page offers accept/reject while awaits_review(), renew/exit while is_in_residence(), the founder's
    withdraw-or-leave while is_open(); each service refuses exactly when its predicate says no."""
    base, operator, founder, project = setting
    today = timezone.localdate()
    residency = Residency.objects.create(
        base=base, enterprise=project, workstations_requested=1, status=status, end_date=today
    )
    services = {
        "awaits_review": [
            lambda: incubators.residency_accept(
                residency=residency, user=operator, workstations=1, start_date=today, end_date=today + delta(9)
            ),
            lambda: incubators.residency_reject(residency=residency, user=operator, reason="不符合条件"),
        ],
        "is_in_residence": [
            lambda: incubators.residency_renew(residency=residency, user=operator, end_date=today + delta(30))
        ],
        "is_open": [lambda: incubators.residency_exit(residency=residency, user=founder)],
    }
    for predicate, calls in services.items():
        for call in calls:
            Residency.objects.filter(pk=residency.pk).update(status=status)
            residency.refresh_from_db()
            assert _refused(call) is not getattr(residency, predicate)(), (predicate, status)
