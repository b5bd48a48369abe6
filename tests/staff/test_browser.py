"""Browser walk-through (issue 8): a staff member logs in with a second factor, imports a file and watches its
progress, filters the dashboard by a district, exports veterans and job applications, and acting for a veteran
uploads a résumé and enrols them in a class."""

import pytest

from portal.management.commands.staff_totp import DEMO_TOTP_SECRET
from portal.models import AuditLog, ImportJob, Region, VeteranProfile
from tests.factories import StaffFactory, VeteranFactory
from tests.staff.helpers import fresh_totp_code, xlsx_upload
from tests.training.factories import TrainingClassFactory
from training.models import Enrollment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_workbench_walkthrough(page, settings, tmp_path, artifacts_dir):
    from allauth.mfa.totp.internal.auth import TOTP

    settings.STAFF_REQUIRE_MFA = True
    staff = StaffFactory(username="counter")
    TOTP.activate(staff, DEMO_TOTP_SECRET)
    veteran = VeteranFactory(profile__real_name="陈建国", profile__region_code="350102")
    drone_class = TrainingClassFactory(course__title="无人机驾驶", name="第3期", capacity=20)
    handover = tmp_path / "handover.xlsx"
    handover.write_bytes(xlsx_upload().read())

    # log in: password, then the TOTP code
    page.goto("/accounts/login/?next=/staff/")
    page.fill("input[name=login]", "counter")
    page.fill("input[name=password]", "pass-1234-word")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/2fa/authenticate/**")
    page.fill("input[name=code]", fresh_totp_code(DEMO_TOTP_SECRET))
    page.locator("form[action$='/2fa/authenticate/'] button[type=submit]").first.click()
    page.wait_for_url("**/staff/")

    # import: check the file, confirm, watch it finish
    page.goto("/staff/import/")
    page.set_input_files("input[name=file]", str(handover))
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#preview-table")
    assert page.locator("#preview-table tr.table-danger").count() == 3
    page.click("#import-confirm")
    page.wait_for_selector("#import-progress")
    page.wait_for_selector("#import-status[data-status=done]")
    assert page.locator("#import-progress").get_attribute("aria-valuenow") == "100"
    assert page.locator("#import-report tbody tr").count() == 6
    page.screenshot(path=f"{artifacts_dir}/staff-import.png", full_page=True)
    job = ImportJob.objects.get()
    assert (job.created, job.refused) == (3, 3)

    # dashboard filtered by a district
    page.goto("/staff/")
    page.select_option("#id_city", str(Region.objects.get(code="350100").pk))
    gulou = Region.objects.get(code="350102")
    page.wait_for_selector(f"#id_district option[value='{gulou.pk}']", state="attached")
    page.select_option("#id_district", str(gulou.pk))
    page.locator("#dashboard-filter button[type=submit]").click()
    page.wait_for_url(f"**district={gulou.pk}**")
    assert "鼓楼区" in page.inner_text("[data-testid=dashboard-scope]")
    expected = VeteranProfile.objects.filter(region=gulou).count()
    assert page.locator(".stat-figure").first.inner_text().strip() == str(expected)
    page.screenshot(path=f"{artifacts_dir}/staff-dashboard.png", full_page=True)

    # export veterans
    page.goto("/staff/veterans/")
    with page.expect_download() as download_info:
        page.click("[data-testid=export-xlsx]")
    assert download_info.value.suggested_filename == "veterans.xlsx"
    assert AuditLog.objects.filter(action=AuditLog.Action.EXPORT, actor=staff).count() == 1

    # export job applications, from the dashboard's list of exports
    page.goto("/staff/")
    with page.expect_download() as download_info:
        page.click("a[href='/staff/exports/jobs-applications.xlsx']")
    assert download_info.value.suggested_filename.endswith(".xlsx")
    assert AuditLog.objects.filter(action=AuditLog.Action.EXPORT, actor=staff).count() == 2

    # act for the veteran: upload a résumé
    cv = tmp_path / "cv.pdf"
    cv.write_bytes(PDF)
    page.goto("/staff/act/")
    page.fill("input[name=q]", veteran.veteran_profile.id_number_last4)
    page.locator("main form[role=search] button[type=submit]").click()
    page.locator("#act-results button[type=submit]").first.click()
    page.wait_for_url("**/staff/act/current/")
    page.click("#act-actions a[href$='/resume/']")
    page.set_input_files("input[name=resume]", str(cv))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/staff/act/current/")
    assert VeteranProfile.objects.get(user=veteran).resume
    assert AuditLog.objects.filter(on_behalf_of=veteran, detail__event="portal.resume_upload").count() == 1

    # … and enrol them in a class
    page.click("#act-actions a[href='/training/staff/act/enrol/']")
    page.wait_for_url("**/training/staff/act/enrol/")
    page.locator("#act-classes button[type=submit]").first.click()
    page.wait_for_url("**/staff/act/current/")
    assert Enrollment.objects.get(veteran=veteran).training_class == drone_class
    assert AuditLog.objects.filter(on_behalf_of=veteran, detail__event="training.enrol", actor=staff).count() == 1
    page.screenshot(path=f"{artifacts_dir}/staff-acting.png", full_page=True)
