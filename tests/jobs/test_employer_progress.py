"""The employer's applicant page draws the same steps and timeline (portal.progress) as the applicant's own page."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from jobs.models import Application
from jobs.services.applications import application_submit, application_transition
from tests.jobs.factories import PositionFactory

pytestmark = pytest.mark.django_db


def _progress_section(html):
    match = re.search(r'<section class="progress-panel.*?</section>', html, re.S)
    assert match, "no progress panel"
    return match.group(0)


def test_employer_and_applicant_see_the_same_timeline(client, veteran, employer_member):
    position = PositionFactory(organization=employer_member.organization)
    application = application_submit(position=position, veteran=veteran, note="", share_consent=True, channel="web")
    application_transition(
        application=application, actor=employer_member, to_status=Application.Status.INTERVIEW, note="周三面试"
    )
    client.force_login(employer_member)
    employer_html = client.get(reverse("jobs:employer_application", args=[application.pk])).content.decode()
    client.force_login(veteran)
    veteran_html = client.get(reverse("jobs:my_application", args=[application.pk])).content.decode()
    employer_panel, veteran_panel = _progress_section(employer_html), _progress_section(veteran_html)
    assert "周三面试" in employer_panel and 'aria-current="step"' in employer_panel
    steps = re.compile(r'<ol class="profile-steps.*?</ol>', re.S)
    assert steps.search(employer_panel).group(0) == steps.search(veteran_panel).group(0)
    timeline = re.compile(r'data-testid="progress-timeline">.*?</ol>', re.S)
    assert timeline.search(employer_panel).group(0) == timeline.search(veteran_panel).group(0)
    assert employer_html.count('data-testid="progress-timeline"') == 1  # the old history list is gone


def test_the_applicant_page_shows_the_snapshotted_reference_data_in_the_readers_language(
    client, veteran, employer_member
):
    """Region and military specialties are reference data: the snapshot keeps their codes, the page their names in
    the employer's language; a snapshot taken before codes were kept still shows the names it stored."""
    from portal.models import MilitarySpecialty, Region

    profile = veteran.veteran_profile
    profile.region = Region.objects.get(code="350102")
    profile.save(update_fields=["region"])
    profile.military_specialties.set(MilitarySpecialty.objects.filter(code="M01"))
    position = PositionFactory(organization=employer_member.organization)
    application = application_submit(position=position, veteran=veteran, note="", share_consent=True, channel="web")
    url = reverse("jobs:employer_application", args=[application.pk])
    client.force_login(employer_member)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert "Vehicle driving" in english and "Fuzhou" in english
    assert "汽车驾驶" not in english and "福州市" not in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    chinese = client.get(url).content.decode()
    assert "汽车驾驶" in chinese and "福建省 福州市 鼓楼区" in chinese and "Vehicle driving" not in chinese
    snapshot = {k: v for k, v in application.profile_snapshot.items() if k not in ("region_code", "specialty_codes")}
    Application.objects.filter(pk=application.pk).update(profile_snapshot=snapshot)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "汽车驾驶" in client.get(url).content.decode()  # an old snapshot: the stored names, not nothing
