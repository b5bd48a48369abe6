"""Staff pages ask the model what the services allow: for every status, the import's confirm button, the
organization's trust form and the claim invitation button agree with the services behind them."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.models import ImportJob, Organization
from portal.services import claims
from portal.services.organizations import organization_trust_set
from portal.staff import services
from tests.factories import OrganizationFactory, StaffFactory
from tests.staff.helpers import csv_upload
from tests.staff.test_account_claims import staff_created

pytestmark = pytest.mark.django_db


def _allowed(call) -> bool:
    try:
        call()
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("status", ImportJob.Status.values)
def test_the_confirm_button_matches_what_starting_does(status, django_capture_on_commit_callbacks):
    staff = StaffFactory()
    job = services.import_job_create(upload=csv_upload(), staff_user=staff)
    ImportJob.objects.filter(pk=job.pk).update(status=status)
    job.refresh_from_db()
    shown, in_progress = job.awaits_confirmation(), job.is_in_progress()
    with django_capture_on_commit_callbacks(execute=False):
        started = services.import_job_start(job=job, staff_user=staff)
    assert (started.status == ImportJob.Status.QUEUED and status != ImportJob.Status.QUEUED) == shown
    assert in_progress == (status in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING))


@pytest.mark.parametrize("org_type", [Organization.Type.EMPLOYER, Organization.Type.INSTITUTION])
@pytest.mark.parametrize("status", Organization.Status.values)
def test_the_trust_form_matches_what_trusting_accepts(status, org_type):
    organization = OrganizationFactory(org_type=org_type, status=status)
    call = lambda: organization_trust_set(organization=organization, staff_user=StaffFactory(), auto_publish=True)  # noqa: E731
    assert _allowed(call) == organization.can_publish_without_review()
    assert organization.is_rejected() == (status == Organization.Status.REJECTED)


@pytest.mark.parametrize("account", ["unclaimed", "claimed", "inactive", "erased"])
def test_the_invitation_button_matches_what_sending_accepts(account):
    user = staff_created()
    if account == "claimed":
        user.set_password("a-strong-password-2026")
    user.is_active = account != "inactive"
    user.anonymized_at = timezone.now() if account == "erased" else None
    user.save()
    assert _allowed(lambda: claims.account_invitation_send(user=user)) == user.can_be_invited_to_claim()
