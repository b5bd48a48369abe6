"""A military family member in a phone-sized browser: links to the veteran with a photo of the proof, is refused
while staff have not verified it, staff confirm it on the workbench, then the family member applies for a position,
registers for a fair and enrols in a class open to families; the employer sees "随军家属 · 配偶" on the application."""

import io

import pytest
from PIL import Image

from jobs.models import Application, FairRegistration
from portal.models import FamilyMemberProfile
from tests.factories import OrgMemberFactory, StaffFactory, UserFactory, VeteranFactory, next_id_number
from tests.jobs.factories import JobFairFactory, PositionFactory
from tests.jobs.test_browser import log_in
from tests.training.factories import TrainingClassFactory
from training.models import Enrollment


def _proof_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (245, 240, 225)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_family_member_is_verified_then_applies_registers_and_enrols(page, live_server):
    page.url_base = live_server.url
    veteran = VeteranFactory()
    family = UserFactory()
    staff = StaffFactory()
    employer = OrgMemberFactory(org_type="employer")
    position = PositionFactory(organization=employer.memberships.get().organization, title="仓储调度员")
    fair = JobFairFactory(title="军属专场招聘会")
    training_class = TrainingClassFactory(open_to_families=True)

    # The family member links to the veteran and uploads a photo of the 随军证明.
    log_in(page, family)
    page.goto("/me/family/")
    page.fill("#id_real_name", "林芳")
    page.fill("#id_id_number", next_id_number())
    page.select_option("#id_relation", "spouse")
    page.fill("#id_veteran_id_number", veteran.veteran_profile.get_id_number())
    page.fill("#id_phone", "13600000000")
    page.select_option("#id_city", label="福建省 福州市")
    page.set_input_files("#id_proof", {"name": "随军证明.png", "mimeType": "image/png", "buffer": _proof_png()})
    page.click("[data-testid=family-form] button[type=submit]")
    page.wait_for_selector("[data-testid=family-status]")
    assert "等待工作人员确认" in page.inner_text("[data-testid=family-status]")
    profile = FamilyMemberProfile.objects.get(user=family)
    assert profile.proof and not profile.verified
    assert page.input_value("#id_real_name") == "林芳"  # the form opens with what was saved

    # Not verified yet: applying is refused with a message saying so.
    page.goto(f"/jobs/{position.pk}/")
    page.check("#id_share_consent")
    page.click(f"form[action='/jobs/{position.pk}/apply/'] button[type=submit]")
    page.wait_for_selector("text=工作人员尚未核验您与退役军人关系的证明材料")
    assert not Application.objects.filter(veteran=family).exists()

    # Staff confirm the link on the workbench, looking at the proof.
    log_in(page, staff)
    page.goto("/staff/families/")
    page.click(f"a[href='/staff/families/{profile.pk}/']")
    page.wait_for_selector("[data-testid=family-proof]")
    page.check("input[name=decision][value=approve]")
    page.click("[data-testid=family-decision] button[type=submit]")
    page.wait_for_url("**/staff/families/")
    profile.refresh_from_db()
    assert profile.is_verified()

    # Verified: the family member applies, registers for the fair and enrols.
    log_in(page, family)
    page.goto("/jobs/")
    page.fill("#id_q", "仓储调度")
    page.press("#id_q", "Enter")
    page.click("text=仓储调度员")
    page.fill("#id_note", "我是随军家属，有仓储经验")
    page.check("#id_share_consent")
    page.click(f"form[action='/jobs/{position.pk}/apply/'] button[type=submit]")
    page.wait_for_selector("[data-testid=my-application]")
    application = Application.objects.get(position=position, veteran=family)

    page.goto(f"/jobs/fairs/{fair.pk}/")
    page.click(f"form[action='/jobs/fairs/{fair.pk}/register/'] button")
    page.wait_for_url(f"**/jobs/fairs/{fair.pk}/ticket/")
    assert FairRegistration.objects.filter(fair=fair, user=family).exists()

    page.goto(f"/training/classes/{training_class.pk}/")
    assert "家属可报名" in page.inner_text("[data-testid=open-to-families]")
    page.click(f"form[action='/training/classes/{training_class.pk}/enrol/'] button")
    page.wait_for_selector("[data-testid=my-status]")
    assert Enrollment.objects.filter(training_class=training_class, veteran=family).exists()

    # The employer sees who applied: a 随军家属, the veteran's spouse.
    log_in(page, employer)
    page.goto(f"/jobs/employer/applications/{application.pk}/")
    assert page.inner_text("[data-testid=applicant-kind]") == "随军家属 · 配偶"
