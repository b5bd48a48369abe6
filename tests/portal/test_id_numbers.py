"""Resident ID numbers (GB 11643-1999): a number is valid when its check digit is right, its birth date is a real,
past date, and its first six digits are a district code GB/T 2260 has listed at any time, whatever the birth year
(the code is where the number was issued, not where the holder was born). The same rule on every door."""

import datetime
import re
from pathlib import Path

import pytest
import stdnum.cn
from django.core.exceptions import ValidationError
from django.utils import timezone
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import ric

from portal.models import VeteranProfile
from portal.validators import normalize_id_number
from tests.factories import StaffFactory, UserFactory
from tests.portal.helpers import post_profile
from tests.staff.helpers import HEADER, csv_upload

REAL_FORMAT = ["350102198004047776", "530302199001015671"]  # 福州鼓楼区 1980, 曲靖麒麟区 1990
TODAY = datetime.date(2026, 12, 1)


def table_codes() -> set[str]:
    """Every six-digit code in python-stdnum's GB/T 2260 table, read straight from the file (current and abolished)."""
    codes, province = set(), None
    for line in (Path(stdnum.cn.__file__).parent / "loc.dat").read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^(\d{2}) ", line):
            province = match.group(1)
        elif match := re.match(r"^  (\d{4}) county=", line):
            codes.add(province + match.group(1))
    return codes


def with_check_digit(body17: str) -> str:
    return body17 + ric.calc_check_digit(body17 + "0")


def refusal(number: str, today=TODAY) -> str:
    with pytest.raises(ValidationError) as exc:
        normalize_id_number(number, today=today)
    return exc.value.code


def test_the_two_real_format_numbers_are_accepted():
    for number in REAL_FORMAT:
        assert normalize_id_number(number) == number


def test_numbers_with_abolished_or_later_codes_are_accepted_whatever_the_birth_year():
    # 110103 崇文区 existed until 2010; 110112 通州区 from 1997: both issue numbers for people born at any time
    for code, year in [("110103", 2012), ("110112", 1950), ("350102", 1975)]:
        number = with_check_digit(f"{code}{year}0601123")
        assert normalize_id_number(number, today=TODAY) == number
        with pytest.raises(stdnum_exceptions.InvalidComponent):
            ric.validate(number)  # what the portal used to do: refused


def test_sweep_every_code_in_the_table_over_birth_years_1940_to_2008():
    codes = sorted(table_codes())
    assert len(codes) > 6000  # the whole history, not only today's 2,849 districts
    accepted = 0
    for index, code in enumerate(codes):
        for year in range(1940, 2009):
            month, day = 1 + (year + index) % 12, 1 + (year * 7 + index) % 28
            number = with_check_digit(f"{code}{year}{month:02d}{day:02d}{(index + year) % 1000:03d}")
            assert normalize_id_number(number, today=TODAY) == number, number
            accepted += 1
        # one refusal of each kind per code, on a year that moves with the code
        year = 1940 + index % 69
        good = with_check_digit(f"{code}{year}0615321")
        wrong = "0123456789X"[("0123456789X".index(good[-1]) + 1 + index % 10) % 11]
        assert refusal(good[:-1] + wrong) == "checksum", good
        assert refusal(with_check_digit(f"{code}{year}0230321")) == "birth_date"
        assert refusal(with_check_digit(f"{code}{year}1332321")) == "birth_date"
        assert refusal(with_check_digit(f"{code}20271231321")) == "birth_date_future"
    assert accepted == len(codes) * 69


def test_codes_never_in_the_table_are_refused():
    codes = table_codes()
    prefixes = {code[:4] for code in codes}
    # every unlisted code next to a listed one (same province and city digits), and provinces that never existed
    candidates = {prefix + f"{n:02d}" for prefix in prefixes for n in range(100)}
    candidates |= {f"{p:02d}{n:04d}" for p in (0, 10, 20, 29, 39, 49, 56, 60, 66, 72, 80, 83, 91, 99) for n in (0, 101)}
    never = sorted(candidates - codes)
    assert len(never) > 20000
    for code in never:
        assert refusal(with_check_digit(f"{code}19850615123")) == "district", code


def test_dates_in_the_future_or_before_1900_are_refused_and_today_is_accepted():
    today = timezone.localdate()
    born_today = with_check_digit(f"350102{today:%Y%m%d}123")
    assert normalize_id_number(born_today) == born_today
    tomorrow = today + datetime.timedelta(days=1)
    assert refusal(with_check_digit(f"350102{tomorrow:%Y%m%d}123"), today=today) == "birth_date_future"
    assert refusal(with_check_digit("350102189912311234"[:17]), today=today) == "birth_date_too_old"
    assert normalize_id_number(with_check_digit("35010219000101123"), today=today)


@pytest.mark.parametrize(
    ("number", "code", "message"),
    [
        ("350102800404777", "first_generation", "18 位"),
        ("35010219800404777", "length", "18"),
        ("3501021980040477761", "length", "18"),
        ("35010219800404A776", "format", "X"),
        ("350102198004047777", "checksum", "校验位"),
        (with_check_digit("35010219800230777"), "birth_date", "出生日期"),
        (with_check_digit("35010220991231777"), "birth_date_future", "未来"),
        (with_check_digit("35019919800404777"), "district", "350199"),
    ],
)
def test_each_cause_has_its_own_translated_message(number, code, message):
    from django.utils import translation

    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as exc:
            normalize_id_number(number)
        assert exc.value.code == code
        assert message in exc.value.messages[0], exc.value.messages[0]


def test_what_people_type_around_the_number_is_ignored():
    assert normalize_id_number(" 350102 19800404 777６ ") == "350102198004047776"
    assert normalize_id_number("35010219800404-7776") == "350102198004047776"
    lower_x = next(
        n for n in (with_check_digit(f"35010219800404{i:03d}") for i in range(200)) if n.endswith("X")
    ).lower()
    assert normalize_id_number(lower_x) == lower_x.upper()


@pytest.mark.django_db
@pytest.mark.parametrize("number", REAL_FORMAT)
def test_the_real_numbers_pass_every_door(client, api_client, django_capture_on_commit_callbacks, number):
    from portal.models import Region
    from portal.staff import services

    # the profile page
    user = UserFactory()
    client.force_login(user)
    response = post_profile(client, id_number=number)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert VeteranProfile.objects.with_id_number(number).get().user == user
    VeteranProfile.objects.filter(user=user).delete()
    # the API
    other = UserFactory()
    api_client.force_authenticate(other)
    payload = {"real_name": "赵六", "phone": "13700000000", "region": Region.objects.get(code="350102").pk}
    payload["id_number_consent"] = True
    response = api_client.put("/api/v1/me/profile/", {**payload, "id_number": number}, format="json")
    assert response.status_code == 200, response.json()
    VeteranProfile.objects.filter(user=other).delete()
    # the staff import
    assert HEADER[1] == "身份证号"
    staff = StaffFactory()
    job = services.import_job_create(
        upload=csv_upload([["李强", number, "13800000001", "350102", "陆军", "2000-09-01", "2005-09-01", ""]]),
        staff_user=staff,
    )
    assert job.preview_errors() == []
    with django_capture_on_commit_callbacks(execute=True):
        services.import_job_start(job=job, staff_user=staff)
    job.refresh_from_db()
    assert job.created == 1
    assert VeteranProfile.objects.with_id_number(number).exists()
