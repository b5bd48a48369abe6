"""Accounts staff created can be claimed: the import and the 代办 page take a mobile number and/or an e-mail, the
person gets an invitation (e-mail and text message), confirms the last six characters of the ID number (limited
tries), sets a password; expired or replaced links are refused; staff re-send from their page or the admin."""

import csv
import datetime
import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal import sms
from portal.models import AccountInvitation, Region, User
from portal.services import claims
from portal.services.profiles import STATUTORY_HANDOVER, veteran_profile_save
from portal.staff import services
from portal.synthetic import make_id_number
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db
ID_NUMBER = make_id_number("350102", seq=71)


@pytest.fixture(autouse=True)
def _empty_outboxes():
    sms.outbox.clear()


def staff_created(email="laoli@example.cn", phone="13900007777"):
    user = User.objects.create(username="vet-claim-test")
    user.set_unusable_password()
    user.save()
    veteran_profile_save(  # as the import of the hand-over records stores it
        user=user, data={"real_name": "李建国", "phone": phone}, id_number=ID_NUMBER, id_number_basis=STATUTORY_HANDOVER
    )
    if email:
        claims.account_contact_set(user=user, email=email)
    return user


def invite(user, capture, staff=None):
    with capture(execute=True):
        claims.account_invitation_send(user=user, staff_user=staff)
    return re.search(r"/claim/([\w-]+)/", mail.outbox[-1].body).group(1)


def test_the_import_takes_an_email_column_and_sends_both_invitations(django_capture_on_commit_callbacks):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["姓名", "身份证号", "手机", "邮箱", "地区"])
    writer.writerow(["李建国", ID_NUMBER, "13900007777", "LaoLi@Example.cn", "350102"])
    writer.writerow(["王五", make_id_number("350102", seq=72), "", "not-an-address", "350102"])
    upload = SimpleUploadedFile("h.csv", buffer.getvalue().encode("utf-8-sig"), content_type="text/csv")
    staff = StaffFactory()
    job = services.import_job_create(upload=upload, staff_user=staff)
    assert job.preview[1]["errors"] == ["电子邮箱地址无效：not-an-address。"]
    with django_capture_on_commit_callbacks(execute=True):
        services.import_job_start(job=job, staff_user=staff)
    job.refresh_from_db()
    assert (job.created, job.refused) == (1, 1)
    user = User.objects.get(veteran_profile__real_name="李建国")
    assert user.email == "laoli@example.cn" and not user.has_usable_password()
    assert [m.to for m in mail.outbox] == [["laoli@example.cn"]] and "/claim/" in mail.outbox[0].body
    assert [m.phone for m in sms.outbox] == ["13900007777"] and "/claim/" in sms.outbox[0].text
    assert AccountInvitation.objects.get(user=user).created_by == staff


def test_a_claim_checks_the_last_six_then_sets_the_password_and_verifies(client, django_capture_on_commit_callbacks):
    user = staff_created()
    token = invite(user, django_capture_on_commit_callbacks)
    url = f"/claim/{token}/"
    wrong = client.post(url, {"id_last_six": "000000", "password1": "Claim-pass-2026", "password2": "Claim-pass-2026"})
    assert wrong.status_code == 400
    assert "000000" in wrong.content.decode()  # the typed value is kept, next to its error
    assert wrong.context["form"].errors["id_last_six"]
    right = client.post(
        url, {"id_last_six": ID_NUMBER[-6:].lower(), "password1": "Claim-pass-2026", "password2": "Claim-pass-2026"}
    )
    assert right.status_code == 302 and right["Location"] == "/accounts/login/"
    user.refresh_from_db()
    assert user.check_password("Claim-pass-2026") and user.phone == "13900007777" and user.phone_verified
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(url).status_code == 410  # used once only


def test_wrong_digits_are_limited_per_invitation(client, settings, django_capture_on_commit_callbacks):
    settings.ACCOUNT_CLAIM_MAX_ATTEMPTS = 3
    user = staff_created()
    url = f"/claim/{invite(user, django_capture_on_commit_callbacks)}/"
    data = {"password1": "Claim-pass-2026", "password2": "Claim-pass-2026"}
    for _ in range(3):
        client.post(url, {**data, "id_last_six": "123456"})
    locked = client.post(url, {**data, "id_last_six": ID_NUMBER[-6:]})
    assert locked.status_code == 410 and "错误次数过多" in locked.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_an_expired_or_replaced_link_is_refused(client, django_capture_on_commit_callbacks):
    user = staff_created()
    first = invite(user, django_capture_on_commit_callbacks)
    second = invite(user, django_capture_on_commit_callbacks)
    assert "已向您发送了新的邀请" in client.get(f"/claim/{first}/").content.decode()
    AccountInvitation.objects.filter(user=user).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    expired = client.get(f"/claim/{second}/")
    assert expired.status_code == 410 and "邀请已过期" in expired.content.decode()
    assert client.get("/claim/not-a-token/").status_code == 404


def test_staff_see_who_claimed_and_resend_from_their_page(client, django_capture_on_commit_callbacks):
    user = staff_created(email="")
    staff = StaffFactory()
    client.force_login(staff)
    page = client.get("/staff/claims/")
    assert page.status_code == 200
    assert [row.pk for row in page.context["page"].object_list] == [user.pk]
    assert "李**" in page.content.decode() and "李建国" not in page.content.decode()  # masked
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/staff/claims/{user.pk}/invite/")
    assert response.status_code == 302
    assert AccountInvitation.objects.filter(user=user, sent_by_sms=True, sent_by_email=False).count() == 1
    assert [m.phone for m in sms.outbox] == ["13900007777"]
    user.set_password("Claimed-2026")
    user.save()
    assert client.get("/staff/claims/?state=claimed").context["page"].object_list[0] == user
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/claims/{user.pk}/invite/")
    assert AccountInvitation.objects.filter(user=user).count() == 1  # a claimed account gets no new invitation


def test_the_admin_action_resends_through_the_same_service(client, django_capture_on_commit_callbacks):
    user = staff_created()
    invite(user, django_capture_on_commit_callbacks)
    client.force_login(StaffFactory(is_superuser=True))
    invitation = AccountInvitation.objects.get(user=user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/portal/accountinvitation/",
            {"action": "resend_selected", "_selected_action": [invitation.pk]},
        )
    assert AccountInvitation.objects.filter(user=user).count() == 2
    invitation.refresh_from_db()
    assert invitation.status == AccountInvitation.Status.REPLACED


def test_acting_staff_give_an_unclaimed_account_its_email(client, django_capture_on_commit_callbacks):
    from portal.staff.services import ACTING_SESSION_KEY

    user = staff_created(email="")
    client.force_login(StaffFactory())
    session = client.session
    session[ACTING_SESSION_KEY] = user.pk
    session.save()
    form = client.get("/staff/act/current/profile/").context["form"]
    assert "email" in form.fields
    taken = User.objects.create(username="other", email="taken@example.cn")
    data = {k: v for k, v in form.initial.items() if k in form.fields and v is not None and not isinstance(v, list)}
    region = Region.objects.get(code="350102")
    data.update({"real_name": "李建国", "phone": "13900007777", "email": taken.email})
    data.update({"city": region.parent_id, "district": region.pk})
    refused = client.post("/staff/act/current/profile/", data)
    assert refused.status_code == 400
    assert refused.context["form"].errors.get("email") == ["该电子邮箱已属于其他账号。"]
    user.refresh_from_db()
    assert user.email == ""
