"""Chinese full-text search over positions: finds words in title or description, title hits first (PG and SQLite)."""

import pytest

from jobs.selectors import position_search
from tests.jobs.factories import PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def positions():
    return {
        "driver_title": PositionFactory(title="大客车驾驶员", description="负责城市公交线路运营，持A1驾照。"),
        "driver_body": PositionFactory(title="物流调度专员", description="协调车队，必要时兼任驾驶员，熟悉福州路况。"),
        "drone_title": PositionFactory(title="无人机飞手", description="负责农业植保作业。"),
        "drone_body": PositionFactory(title="测绘技术员", description="使用无人机进行航测，会CAD优先。"),
        "live_title": PositionFactory(title="电商直播运营", description="负责抖音店铺运营。"),
        "live_body": PositionFactory(title="农产品销售主管", description="带领团队开展电商直播带货，销售茶叶。"),
        "other": PositionFactory(title="保安员", description="负责园区巡逻与门岗值守。"),
    }


@pytest.mark.parametrize(
    "word,title_key,body_key",
    [
        ("驾驶员", "driver_title", "driver_body"),
        ("无人机", "drone_title", "drone_body"),
        ("电商直播", "live_title", "live_body"),
    ],
)
def test_search_finds_title_and_description_hits_title_first(positions, word, title_key, body_key):
    found = list(position_search(q=word))
    assert found[:2] == [positions[title_key], positions[body_key]]
    assert positions["other"] not in found


def test_search_ignores_unpublished(positions):
    PositionFactory(title="无人机教员", status="pending")
    assert len(list(position_search(q="无人机"))) == 2


def test_empty_query_lists_newest_first(positions):
    found = list(position_search(q=""))
    assert found[0] == positions["other"]
    assert len(found) == 7
