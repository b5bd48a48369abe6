"""Competition entries: the guide beside the entry form, each entry's rounds and timeline on its page (StatusChange
written on entering, advancing or going out, and at the results), and Competition's predicates agreeing with the
services' refusals for every status."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from entrepreneurship.models import Competition, CompetitionEntry
from entrepreneurship.services import competitions
from portal import progress
from portal.services.status_history import status_changes_of
from tests import factories
from tests.entrepreneurship import factories as ef

pytestmark = pytest.mark.django_db
P = CompetitionEntry.Progress


def _enter(comp):
    founder = factories.VeteranFactory()
    return competitions.entry_submit(
        user=founder, competition=comp, enterprise=ef.enterprise(founder=founder), pitch="老兵快修连锁"
    )


def _score(comp, entry, judge, points):
    values = {str(c.pk): min(points, c.max_score) for c in comp.criteria.all()}
    competitions.score_submit(judge=judge, entry=entry, values=values)


def _path(entry):
    entry = CompetitionEntry.objects.get(pk=entry.pk)
    return [(s.step.value, s.state) for s in progress.shown_steps(entry)]


def test_an_entry_advances_or_goes_out_and_reaches_the_results():
    staff, comp = factories.StaffFactory(), ef.competition()
    judge = ef.judge(comp)
    strong, weak = _enter(comp), _enter(comp)
    assert _path(strong)[0] == ("preliminary", "current")
    assert progress.current_step(strong).holder == str(progress.HOLDER_JUDGES)
    competitions.competition_start_judging(competition=comp, user=staff)
    _score(comp, strong, judge, 90)
    _score(comp, weak, judge, 10)
    preliminary = comp.first_stage()
    competitions.competition_advance(stage=preliminary, top_n=1, user=staff)
    assert _path(strong)[:2] == [("preliminary", "done"), ("semifinal", "current")]
    assert _path(weak) == [("preliminary", "done"), ("not_advanced", "current")]
    competitions.results_publish(competition=comp, user=staff)
    competitions.results_publish(competition=comp, user=staff)  # published again: not recorded twice
    assert _path(strong)[-1] == ("results", "current") and _path(weak)[-1] == ("not_advanced", "current")
    assert [(c.from_status, c.to_status) for c in status_changes_of(strong)] == [
        ("", "preliminary"),
        ("preliminary", "semifinal"),
        ("semifinal", "results"),
    ]
    assert [(c.from_status, c.to_status) for c in status_changes_of(weak)] == [
        ("", "preliminary"),
        ("preliminary", "not_advanced"),
    ]
    labels = [entry.label for entry in progress.history(CompetitionEntry.objects.get(pk=weak.pk))]
    assert labels == [str(P.PRELIMINARY.label), str(P.NOT_ADVANCED.label)]


def _current_step_html(html):
    match = re.search(r'<li[^>]*aria-current="step"[^>]*>(.*?)</li>', html, re.S)
    assert match, "no step marked aria-current"
    return match.group(1)


def test_the_entrant_sees_the_rounds_and_others_get_404(client):
    comp = ef.competition()
    entry = _enter(comp)
    url = reverse("entrepreneurship:entry_detail", args=[entry.pk])
    client.force_login(entry.submitted_by)
    assert url in client.get(reverse("entrepreneurship:competition_detail", args=[comp.pk])).content.decode()
    html = client.get(url).content.decode()
    assert str(P.PRELIMINARY.label) in _current_step_html(html)
    assert str(progress.HOLDER_JUDGES) in html
    for outsider in (factories.VeteranFactory(), ef.judge(comp)):
        client.force_login(outsider)
        assert client.get(url).status_code == 404


def test_the_guide_is_beside_the_entry_form(client):
    comp = ef.competition()
    founder = factories.VeteranFactory()
    ef.enterprise(founder=founder)
    client.force_login(founder)
    html = client.get(reverse("entrepreneurship:competition_detail", args=[comp.pk])).content.decode()
    assert html.index(reverse("portal:guide", args=["competition-entry"])) < html.index('name="pitch"')


def _refused(call) -> bool:
    try:
        call()
    except ValidationError:
        return True
    return False


@pytest.mark.parametrize("status", Competition.Status.values)
def test_competition_predicates_agree_with_the_services(status):
    """The manage and queue pages offer open / start judging / score / publish by these predicates only."""
    staff = factories.StaffFactory()
    comp = ef.competition(status=status)
    entry = ef.entry(comp)
    judge = ef.judge(comp)
    founder = factories.VeteranFactory()
    project = ef.enterprise(founder=founder)
    values = {str(c.pk): 1 for c in comp.criteria.all()}
    calls = {
        "can_open": lambda: competitions.competition_open(competition=comp, user=staff),
        "accepts_entries": lambda: competitions.entry_submit(
            user=founder, competition=comp, enterprise=project, pitch="项目"
        ),
        "is_judging": lambda: competitions.score_submit(judge=judge, entry=entry, values=values),
        "can_publish_results": lambda: competitions.results_publish(competition=comp, user=staff),
    }
    for predicate, call in calls.items():
        Competition.objects.filter(pk=comp.pk).update(status=status)
        comp.refresh_from_db()
        assert _refused(call) is not getattr(comp, predicate)(), (predicate, status)
    Competition.objects.filter(pk=comp.pk).update(status=status)
    comp.refresh_from_db()
    # start judging needs entries, a judge and a rubric (all present here), and an open competition
    assert _refused(lambda: competitions.competition_start_judging(competition=comp, user=staff)) is not (
        comp.accepts_entries()
    )


def test_a_stage_can_advance_once_and_never_the_last():
    staff, comp = factories.StaffFactory(), ef.competition(status=Competition.Status.JUDGING)
    stages = list(comp.stages.all())
    assert [s.can_advance() for s in stages] == [True, True, False]
    with pytest.raises(ValidationError):
        competitions.competition_advance(stage=stages[-1], top_n=1, user=staff)
    competitions.competition_advance(stage=stages[0], top_n=1, user=staff)
    stages[0].refresh_from_db()
    assert not stages[0].can_advance()
    with pytest.raises(ValidationError):
        competitions.competition_advance(stage=stages[0], top_n=1, user=staff)


def test_after_the_deadline_the_enter_button_is_disabled_with_the_reason_the_service_gives(client):
    comp = ef.competition()
    comp.stages.filter(kind="preliminary").update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    founder = factories.VeteranFactory()
    project = ef.enterprise(founder=founder)
    reason = comp.entry_refusal(timezone.now())
    assert reason
    client.force_login(founder)
    html = client.get(reverse("entrepreneurship:competition_detail", args=[comp.pk])).content.decode()
    assert reason in html and 'disabled aria-describedby="entry-refusal"' in html
    with pytest.raises(ValidationError, match=reason):
        competitions.entry_submit(user=founder, competition=comp, enterprise=project, pitch="项目")
    comp.stages.filter(kind="preliminary").update(deadline=timezone.now() + datetime.timedelta(days=1))
    assert not comp.entry_refusal(timezone.now())
