"""Match scores and reasons for hand-made profiles: what a person would expect."""

import pytest

from jobs.matching import scoring, selectors
from portal.models import VeteranProfile
from tests.matching.factories import make_position, make_veteran

pytestmark = pytest.mark.django_db


def test_driver_matches_same_city_driver_post_above_remote_cook_post():
    driver = make_veteran(specialties=["M01"], region_code="350102", expected_salary=6000)
    drive_post = make_position(title="货车驾驶员", category_code="0101", region_code="350104")  # 福州 仓山区
    cook_post = make_position(title="食堂厨师", category_code="0601", region_code="530302")  # 曲靖

    results = selectors.recommended_positions(driver.veteran_profile)

    assert [p for p, _m in results][:2] == [drive_post, cook_post]
    drive_match = results[0][1]
    assert drive_match.score > results[1][1].score + 30
    assert "您的汽车驾驶专业与本岗位匹配" in drive_match.reasons
    assert "同城" in drive_match.reasons
    assert "同城" not in results[1][1].reasons


def test_crosswalk_drives_a_match_that_keyword_overlap_misses():
    """A cook (炊事) with no skill words in common with a 厨师 post still matches it through the crosswalk."""
    cook = make_veteran(specialties=["M10"], skills=["团队协作"], region_code="350102")
    chef_post = make_position(title="中餐厨师", category_code="0601", skills=["粤菜"], region_code="350102")
    office_post = make_position(title="行政文员", category_code="0902", skills=["团队协作"], region_code="350102")

    rows = dict(selectors.recommended_positions(cook.veteran_profile))

    assert rows[chef_post].parts["skills"] == 0  # no keyword overlap at all
    assert rows[chef_post].parts["specialty"] == scoring.specialty_points(95)
    assert rows[office_post].parts["skills"] == scoring.SKILL_EACH
    assert rows[chef_post].score > rows[office_post].score
    assert "您的炊事专业与本岗位匹配" in rows[chef_post].reasons


def test_crosswalk_skill_tags_reach_a_position_in_another_category():
    radio = make_veteran(specialties=["M33"], region_code="350102")  # 仓储物资 → 叉车 tag
    post = make_position(title="叉车司机", category_code="0501", skills=["叉车"], region_code="350102")
    match = selectors.recommended_positions(radio.veteran_profile)[0][1]
    assert match.parts["specialty"] > 0
    assert "您的仓储物资专业与本岗位匹配" in match.reasons
    assert post.pk


def test_region_district_city_province_elsewhere_and_chosen_region():
    veteran = make_veteran(region_code="350102", desired_regions=["330100"])
    same_district = make_position(region_code="350102")
    same_city = make_position(region_code="350104")
    same_province = make_position(region_code="350200")  # 厦门
    chosen = make_position(region_code="330106")  # 杭州, a chosen region
    elsewhere = make_position(region_code="530302")
    parts = dict(selectors.recommended_positions(veteran.veteran_profile))
    assert parts[same_district].parts["region"] == scoring.REGION_DISTRICT
    assert parts[same_city].parts["region"] == scoring.REGION_CITY
    assert parts[same_province].parts["region"] == scoring.REGION_PROVINCE
    assert parts[chosen].parts["region"] == scoring.REGION_CITY
    assert "在您的意向地区" in parts[chosen].reasons
    assert parts[elsewhere].parts["region"] == 0
    assert "同区县" in parts[same_district].reasons


def test_salary_education_experience_and_priority():
    veteran = make_veteran(expected_salary=7000, education=2)
    good = make_position(salary=(6000, 8000), education=2, veteran_priority=True)
    low_pay_degree = make_position(salary=(3000, 4000), education=4)
    rows = dict(selectors.recommended_positions(veteran.veteran_profile))
    assert rows[good].parts["salary"] == scoring.SALARY
    assert rows[good].parts["education"] == scoring.EDUCATION
    assert rows[good].parts["priority"] == scoring.PRIORITY
    assert "退役军人优先" in rows[good].reasons
    assert rows[low_pay_degree].parts["salary"] == 0
    assert rows[low_pay_degree].parts["education"] == 0


def test_both_directions_give_the_same_score():
    """The veteran-side and the position-side SQL are two spellings of one score: they must agree."""
    veteran = make_veteran(
        specialties=["M01", "M04"],
        skills=["驾驶", "物流"],
        desired=["0101"],
        region_code="350102",
        expected_salary=6000,
    )
    positions = [
        make_position(title="驾驶员", category_code="0101", skills=["驾驶"], region_code="350104"),
        make_position(title="汽修工", category_code="0305", skills=["汽车维修"], region_code="350200"),
        make_position(
            title="仓管",
            category_code="0102",
            skills=["物流", "叉车"],
            region_code="530302",
            experience_years=3,
            education=3,
            salary=(4000, 5000),
        ),
        make_position(title="厨师", category_code="0601", specialties=["M01"], region_code="350102"),
    ]
    by_position = {p.pk: m.score for p, m in selectors.recommended_positions(veteran.veteran_profile)}
    for position in positions:
        row = selectors.veterans_for_position(position).get(user=veteran)
        assert row.match_score == by_position[position.pk], position.title


def test_employer_candidates_only_opted_in_and_ranked():
    position = make_position(title="驾驶员", category_code="0101", region_code="350102")
    opted = make_veteran(specialties=["M01"], open_to_employers=True)
    make_veteran(specialties=["M01"], open_to_employers=False)
    weak = make_veteran(region_code="530302", open_to_employers=True)
    found = selectors.candidates_for_position(position)
    assert [p.user for p, _m in found] == [opted, weak]
    assert found[0][1].score > found[1][1].score
    assert VeteranProfile.objects.count() == 3


def test_reasons_shown_to_an_employer_speak_about_the_candidate():
    """The candidates page reads the same match in the employer's voice: no "your specialty" addressed to the
    veteran who is not reading it, in either language."""
    from django.utils import translation

    position = make_position(title="驾驶员", category_code="0101", region_code="350102", salary=(6000, 8000))
    make_veteran(specialties=["M01"], region_code="350102", expected_salary=6000, open_to_employers=True)
    ((_profile, match),) = selectors.candidates_for_position(position)
    assert "汽车驾驶专业与本岗位匹配" in match.reasons
    assert "薪资符合求职者期望" in match.reasons
    assert not [reason for reason in match.reasons if "你" in reason or "您" in reason]
    with translation.override("en"):
        ((_profile, match),) = selectors.candidates_for_position(position)
    assert any(reason.startswith("Military specialty ") for reason in match.reasons), match.reasons
    assert not [reason for reason in match.reasons if "your" in reason.lower()]
    own = selectors.recommended_positions(VeteranProfile.objects.get())[0][1]
    assert "您的汽车驾驶专业与本岗位匹配" in own.reasons  # the veteran's own page still says 您的
