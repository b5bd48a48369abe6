"""Stored match lists: the same results as scoring on the fly, read by key, refreshed when their inputs change."""

import datetime
import re

import pytest
from django.db import transaction
from django.utils import timezone

from jobs.matching import selectors, stored
from jobs.matching.models import CandidateMatch, PositionMatchList, Recommendation, VeteranMatchList
from jobs.matching.pillar import PILLAR
from jobs.matching.services import recommendations
from jobs.models import Position
from jobs.services.positions import position_approve, position_close
from portal.choices import EmploymentStatus
from portal.models import MilitarySpecialty, Region, VeteranProfile
from portal.services.profiles import veteran_profile_save
from tests import factories
from tests.matching.factories import make_position, make_veteran

pytestmark = pytest.mark.django_db


def small_world():
    """A handful of positions and veterans whose scores differ in every component."""
    employer = factories.OrgMemberFactory(org_type="employer")
    org = employer.organization
    positions = [
        make_position(title="驾驶员", category_code="0101", region_code="350102", skills=["驾驶"], organization=org),
        make_position(title="物流司机", category_code="0101", region_code="350104", specialties=["M01"]),
        make_position(title="厨师", category_code="0601", region_code="350102", skills=["烹饪"], organization=org),
        make_position(title="保安", category_code="0201", region_code="530302", veteran_priority=True),
        make_position(title="电工", category_code="0801", region_code="350102", salary=(3000, 3500), education=3),
    ]
    veterans = [
        make_veteran(
            specialties=["M01"], region_code="350102", skills=["驾驶"], open_to_employers=True, real_name="王建国"
        ),
        make_veteran(
            specialties=["M10"], region_code="350104", skills=["烹饪"], open_to_employers=True, real_name="李卫东"
        ),
        make_veteran(
            specialties=["M15"], region_code="530302", desired=["0201"], open_to_employers=True, real_name="赵志强"
        ),
        make_veteran(specialties=["M22"], region_code="350102", open_to_employers=False, real_name="刘海军"),
    ]
    return employer, positions, [VeteranProfile.objects.get(user=u) for u in veterans]


def as_tuples(pairs):
    return [(row.pk, match.score, match.reasons) for row, match in pairs]


def test_stored_lists_equal_scoring_on_the_fly():
    _employer, positions, profiles = small_world()
    for profile in profiles:
        recommendations.veteran_recommendations_compute(profile=profile)
        on_the_fly = selectors.positions_for_veteran(profile).filter(match_score__gte=1)
        assert list(
            Recommendation.objects.filter(veteran=profile)
            .order_by("-score", "-position_id")
            .values_list("position_id", "score")
        ) == sorted(on_the_fly.values_list("pk", "match_score"), key=lambda r: (-r[1], -r[0]))
        assert as_tuples(stored.recommended_positions(profile, limit=100)) == as_tuples(
            selectors.recommended_positions(profile, limit=100)
        )
    for position in positions:
        recommendations.position_candidates_compute(position=position)
        assert list(
            CandidateMatch.objects.filter(position=position)
            .order_by("-score", "veteran__user_id")
            .values_list("veteran_id", "score")
        ) == list(selectors.candidate_rows(position).values_list("pk", "match_score"))
        assert as_tuples(stored.candidates_for_position(position)) == as_tuples(
            selectors.candidates_for_position(position, limit=100)
        )
    assert CandidateMatch.objects.exists() and Recommendation.objects.exists()


def test_the_page_reads_the_stored_list_not_the_whole_table(client):
    driver = make_veteran(specialties=["M01"], region_code="350102")
    make_position(title="驾驶员", category_code="0101", region_code="350102")
    client.force_login(driver)
    assert "驾驶员" in client.get("/jobs/recommended/").content.decode()
    assert VeteranMatchList.objects.filter(profile__user=driver).exists()
    # Written straight to the table (no publish service, so no hook): a per-request scoring would show it.
    make_position(title="冷链车驾驶员", category_code="0101", region_code="350102")
    assert "冷链车驾驶员" not in client.get("/jobs/recommended/").content.decode()


def test_a_closed_position_disappears_at_once(client, django_capture_on_commit_callbacks):
    employer, positions, profiles = small_world()
    driver = profiles[0]
    recommendations.veteran_recommendations_compute(profile=driver)
    recommendations.position_candidates_compute(position=positions[0])
    best = stored.recommended_positions(driver)[0][0]
    Position.objects.filter(pk=best.pk).update(status=Position.Status.CLOSED)  # no hook at all: the read filters
    assert best.pk not in [p.pk for p, _m in stored.recommended_positions(driver)]
    Position.objects.filter(pk=best.pk).update(status=Position.Status.PUBLISHED, deadline=datetime.date(2020, 1, 1))
    assert best.pk not in [p.pk for p, _m in stored.recommended_positions(driver)]
    # Closing through the service also deletes the stored rows after commit.
    Position.objects.filter(pk=positions[0].pk).update(deadline=None)
    with django_capture_on_commit_callbacks(execute=True):
        position_close(position=positions[0], user=employer)
    assert not Recommendation.objects.filter(position=positions[0]).exists()
    assert not CandidateMatch.objects.filter(position=positions[0]).exists()
    assert not PositionMatchList.objects.filter(position=positions[0]).exists()


def test_publishing_adds_the_position_to_stored_lists_without_recomputing(django_capture_on_commit_callbacks):
    driver = VeteranProfile.objects.get(user=make_veteran(specialties=["M01"], region_code="350102"))
    cook = VeteranProfile.objects.get(user=make_veteran(specialties=["M10"], region_code="530302"))
    state = recommendations.veteran_recommendations_compute(profile=driver)
    recommendations.veteran_recommendations_compute(profile=cook)
    assert not Recommendation.objects.filter(veteran=driver).exists()
    pending = make_position(title="冷链车驾驶员", category_code="0101", skills=["驾驶"], status=Position.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        position_approve(position=pending, staff=factories.StaffFactory())
    row = Recommendation.objects.get(veteran=driver, position=pending)
    assert row.score == selectors.recommended_positions(driver)[0][1].score
    assert VeteranMatchList.objects.get(pk=driver.pk).computed_at == state.computed_at  # merged, not recomputed
    assert [p.pk for p, _m in stored.recommended_positions(driver)] == [pending.pk]
    assert PositionMatchList.objects.filter(position=pending).exists()  # its candidates were stored too


def test_a_position_below_a_full_lists_floor_stays_out(django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(recommendations, "KEPT_PER_VETERAN", 1)
    driver = VeteranProfile.objects.get(user=make_veteran(specialties=["M01"], region_code="350102"))
    make_position(title="驾驶员", category_code="0101", region_code="350102", specialties=["M01"], skills=["驾驶"])
    state = recommendations.veteran_recommendations_compute(profile=driver)
    weak = make_position(title="保安", category_code="0201", region_code="530302", status=Position.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        position_approve(position=weak, staff=factories.StaffFactory())
    assert state.floor_score > 1
    assert not Recommendation.objects.filter(veteran=driver, position=weak).exists()


def test_a_profile_edit_refreshes_the_veterans_lists(django_capture_on_commit_callbacks):
    _employer, positions, profiles = small_world()
    cook = profiles[1]
    recommendations.veteran_recommendations_compute(profile=cook)
    recommendations.position_candidates_compute(position=positions[0])  # the driver post
    before = dict(CandidateMatch.objects.filter(position=positions[0]).values_list("veteran_id", "score"))
    with django_capture_on_commit_callbacks(execute=True):
        veteran_profile_save(
            user=cook.user,
            data={
                "region": Region.objects.get(code="350102"),
                "skills": ["驾驶"],
                "military_specialties": list(MilitarySpecialty.objects.filter(code="M01")),
            },
        )
    cook.refresh_from_db()
    assert as_tuples(stored.recommended_positions(cook, limit=100)) == as_tuples(
        selectors.recommended_positions(cook, limit=100)
    )
    assert stored.recommended_positions(cook)[0][0].pk in (positions[0].pk, positions[1].pk)
    now_score = CandidateMatch.objects.get(position=positions[0], veteran=cook).score
    assert now_score == selectors.candidate_rows(positions[0], among=[cook.pk]).get().match_score
    assert now_score > before.get(cook.pk, 0)


def test_a_rolled_back_profile_save_queues_nothing(django_capture_on_commit_callbacks):
    user = make_veteran(specialties=["M01"])
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        veteran_profile_save(user=user, data={"skills": ["驾驶"]})
        raise RuntimeError("later in the same transaction")
    assert callbacks == []


def test_a_veteran_who_stops_being_findable_leaves_the_candidates_at_once(client):
    _employer, positions, profiles = small_world()
    recommendations.position_candidates_compute(position=positions[0])
    driver = profiles[0]
    assert driver.pk in [p.pk for p, _m in stored.candidates_for_position(positions[0])]
    VeteranProfile.objects.filter(pk=driver.pk).update(open_to_employers=False)
    assert driver.pk not in [p.pk for p, _m in stored.candidates_for_position(positions[0])]
    VeteranProfile.objects.filter(pk=driver.pk).update(
        open_to_employers=True, employment_status=EmploymentStatus.NOT_SEEKING
    )
    assert driver.pk not in [p.pk for p, _m in stored.candidates_for_position(positions[0])]


def test_candidates_page_paginates_the_stored_list(client, monkeypatch):
    monkeypatch.setattr(stored, "CANDIDATES_PER_PAGE", 2)
    employer = factories.OrgMemberFactory(org_type="employer")
    position = make_position(title="驾驶员", organization=employer.organization, skills=["驾驶"])
    for i, name in enumerate(["王建国", "李卫东", "张志强", "刘海军", "陈国庆"]):
        make_veteran(specialties=["M01"], skills=["驾驶"][: i % 2], open_to_employers=True, real_name=name)
    client.force_login(employer)
    url = f"/jobs/recommended/positions/{position.pk}/candidates/"
    shown = []
    for page in (1, 2, 3):
        html = client.get(url, {"page": page}).content.decode()
        assert f"第 {page} / 3 页" in html
        shown += re.findall(r"<strong>(\S)\*\*", html)
    assert PositionMatchList.objects.filter(position=position).exists()
    assert shown == [p.real_name[0] for p, _m in selectors.candidates_for_position(position)]
    assert len(shown) == 5


def test_the_rebuild_runs_from_the_beat_and_refreshes_stale_lists():
    assert PILLAR.beat_schedule["jobs-matching-rebuild-stale-matches"]["task"] == "jobs_matching.rebuild_stale_matches"
    _employer, positions, profiles = small_world()
    for profile in profiles[:2]:
        recommendations.veteran_recommendations_compute(profile=profile)
    recommendations.position_candidates_compute(position=positions[0])
    recommendations.position_candidates_compute(position=positions[2])
    VeteranMatchList.objects.filter(pk=profiles[0].pk).update(stale=True)
    old = timezone.now() - recommendations.MAX_AGE - datetime.timedelta(minutes=1)
    VeteranMatchList.objects.filter(pk=profiles[1].pk).update(computed_at=old)
    PositionMatchList.objects.filter(pk=positions[0].pk).update(computed_at=old)
    Position.objects.filter(pk=positions[2].pk).update(status=Position.Status.CLOSED)
    from jobs.matching.tasks import rebuild_stale_matches

    done = rebuild_stale_matches.delay().get()
    assert done == {"veterans": 2, "positions": 1, "dropped": 1}
    assert not VeteranMatchList.objects.filter(stale=True).exists()
    assert not VeteranMatchList.objects.filter(computed_at__lt=timezone.now() - recommendations.MAX_AGE).exists()
    assert not CandidateMatch.objects.filter(position=positions[2]).exists()
    assert recommendations.stale_matches_rebuild() == {"veterans": 0, "positions": 0, "dropped": 0}


def test_cached_pages_still_drop_closed_positions_and_hidden_veterans(client):
    employer, positions, profiles = small_world()
    driver = profiles[0]
    client.force_login(driver.user)
    first = client.get("/jobs/recommended/").content.decode()
    assert "驾驶员" in first and "物流司机" in first
    again = client.get("/jobs/recommended/")
    assert again.content.decode().count('class="list-group-item d-flex gap-2"') == first.count(
        'class="list-group-item d-flex gap-2"'
    )
    Position.objects.filter(pk=positions[0].pk).update(status=Position.Status.CLOSED)
    html = client.get("/jobs/recommended/").content.decode()
    assert f'href="/jobs/{positions[0].pk}/"' not in html and f'href="/jobs/{positions[1].pk}/"' in html

    Position.objects.filter(pk=positions[0].pk).update(status=Position.Status.PUBLISHED)
    client.force_login(employer)
    url = f"/jobs/recommended/positions/{positions[0].pk}/candidates/"
    assert driver.masked_name in client.get(url).content.decode()
    VeteranProfile.objects.filter(pk=driver.pk).update(open_to_employers=False)
    assert driver.masked_name not in client.get(url).content.decode()


def test_a_cached_list_is_not_rebuilt_on_each_view(client, django_assert_max_num_queries):
    _employer, _positions, profiles = small_world()
    client.force_login(profiles[0].user)
    client.get("/jobs/recommended/")
    with django_assert_max_num_queries(14) as captured:
        client.get("/jobs/recommended/")
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    assert "jobs_matching_specialtyoccupation" not in sql  # no scoring context: the list fragment came from cache
