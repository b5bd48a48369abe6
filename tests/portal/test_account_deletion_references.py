"""A deleted account leaves anonymous records behind, and every page that lists them still works.

The owner veteran of the access-matrix world (tests/access_matrix/world.py) has a job application, an employment
record, a fair registration, enrolments and a certificate, a mentoring booking, a residency, a loan application and a
benefit card with a use. They delete their account on the page; then every page and API answer that could refer to
them is opened as each party that may see them (the employer, the institution, the mentor, the bank, the incubator
operator, the merchant, bureau staff with every permission), as is every export: nothing answers 500, what showed
the person now shows "已注销用户", and no personal data is left, on the pages or in the database rows."""

import csv
import io

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from openpyxl import load_workbook

from benefits.models import Card, CardApplication
from entrepreneurship.models import LoanApplication, MentorBooking
from jobs.models import Application
from portal.models import FamilyMemberProfile, User, VeteranProfile
from portal.models.fields import phone_columns
from portal.staff.exports import WRITERS, registered_exports
from tests.access_matrix import checks, world
from tests.access_matrix.routes import id_routes, plain_pages
from tests.access_matrix.rules import ROUTE_RULES
from tests.staff.test_exports_all import _staff_with_every_export_permission
from training.models import Certificate

pytestmark = pytest.mark.django_db

NAME = "欧阳明远"  # a surname no other party of the world has, so that its masked form (欧***) is theirs alone
MASKED = "欧***"
PHONE = "13712345678"
DELETED = "已注销用户"
# Who may see the veteran's records, by the world's party names (the veteran themselves can no longer sign in).
# The person's own files (résumé, card photo, loan documents, the attachments of the messages they wrote) are
# deleted with the account: their links answer 404 afterwards.
FILE_ROUTES = {
    "jobs:message_attachment",
    "training:enrollment_message_attachment",
    "jobs:employer_application_resume",
    "benefits:application_photo",
    "benefits:card_photo",
    "card-photo",
    "entrepreneurship:loan_document_download",
}
VIEWERS = ("employer", "institution", "mentor", "bank", "incubator", "merchant", "judge", "staff", "staff_full")


def _name_the_owner(w) -> None:
    """Give the owner veteran a name of their own everywhere it was copied (profile, snapshot, card, certificate)."""
    VeteranProfile.objects.filter(user=w.veteran).update(real_name=NAME, **phone_columns(PHONE))
    for application in Application.objects.filter(veteran=w.veteran):
        application.profile_snapshot = {**application.profile_snapshot, "name": MASKED}
        application.save(update_fields=["profile_snapshot"])
    Card.objects.filter(holder=w.veteran).update(holder_name=NAME)
    Certificate.objects.filter(enrollment__veteran=w.veteran).update(holder_name=NAME)


def _viewers(w) -> dict:
    users = {name: world.party(w, name) for name in VIEWERS}
    users["staff_full"] = _staff_with_every_export_permission("portal.view_full_id_number", "portal.browse_auditlog")
    return users


def _urls(w) -> list[tuple[str, str, bool, str]]:
    """(viewer, url, is_api, route name): every id route as each of its legitimate viewers, and every page without
    an id as every viewer."""
    tries = []
    for name, route in sorted(id_routes().items()):
        rule = ROUTE_RULES[name]
        if rule.public and not rule.owners:
            continue
        viewers = [o for o in rule.owners if o in VIEWERS] + (["staff"] if rule.staff else [])
        if rule.perm or "staff" in rule.owners:
            viewers.append("staff_full")
        url = reverse(route.name, kwargs=rule.target(w))
        tries += [(viewer, url, route.is_api, name) for viewer in dict.fromkeys(viewers)]
    for path in sorted(set(plain_pages().values())):
        if path.startswith(("/accounts/", "/me/delete")) or "logout" in path:
            continue
        tries += [(viewer, path, False, "") for viewer in VIEWERS if viewer != "staff"]
    return tries


def _look(clients, tries) -> dict:
    seen = {}
    for viewer, url, is_api, name in tries:
        answer = checks.send(clients[viewer], "GET", url, is_api)
        seen[(viewer, url, name)] = (answer.status, answer.content.decode("utf-8", "replace"))
    return seen


def _export_text(client, key, file_format) -> str:
    response = client.get(f"/staff/exports/{key}.{file_format}?unmask=1")
    assert response.status_code == 200, (key, file_format)
    data = b"".join(response.streaming_content)
    if file_format == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    else:
        sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
        rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    return "\n".join("\t".join(row) for row in rows)


def test_deleted_person_shows_as_deleted_user_everywhere_and_nothing_personal_is_left(client):
    w = world.build_owner_side()
    _name_the_owner(w)
    veteran = User.objects.get(pk=w.veteran.pk)
    profile = veteran.veteran_profile
    full_id = profile.get_id_number()
    personal = {"name": NAME, "masked name": MASKED, "ID number": full_id, "phone": PHONE, "e-mail": veteran.email}
    personal["masked ID"] = profile.masked_id_number
    clients = checks.signed_in_clients(_viewers(w))
    tries = _urls(w)
    before = _look(clients, tries)
    shown_before = {key for key, (status, body) in before.items() if MASKED in body or NAME in body}
    employer_page = (
        "employer",
        reverse("jobs:employer_application", args=[w.application.pk]),
        "jobs:employer_application",
    )
    assert employer_page in shown_before and len(shown_before) > 10, sorted(shown_before)
    exports_before = {
        (key, fmt): _export_text(clients["staff_full"], key, fmt) for key in registered_exports() for fmt in WRITERS
    }
    assert NAME in exports_before[("veterans", "csv")] and full_id in exports_before[("veterans", "csv")]

    # when the veteran deletes the account on the page
    client.force_login(veteran)
    response = client.post("/me/delete/", {"password": "pass-1234-word", "confirm": "on"})
    assert response.status_code == 302

    # then every page that showed them works and shows the deleted-user label, with nothing personal left
    after = _look(clients, tries)
    failures = []
    for key, (status, body) in after.items():
        expected = 404 if key[2] in FILE_ROUTES else before[key][0]
        if status >= 500 or status != expected:
            failures.append(f"{key}: {before[key][0]} before, {status} after")
        if key in shown_before and not key[1].startswith("/api/") and DELETED not in body:
            failures.append(f"{key}: showed the person, now shows no '{DELETED}'")
        failures += [f"{key}: still shows the {label}" for label, value in personal.items() if value and value in body]
    for (key, fmt), text in exports_before.items():
        now = _export_text(clients["staff_full"], key, fmt)
        if (MASKED in text or NAME in text) and DELETED not in now:
            failures.append(f"export {key}.{fmt}: no '{DELETED}' where the person was")
        failures += [f"export {key}.{fmt}: the {label}" for label, value in personal.items() if value and value in now]
    assert not failures, "\n".join(failures)

    # and the rows keep only what statistics count
    veteran.refresh_from_db()
    profile.refresh_from_db()
    assert veteran.username.startswith("erased-") and not veteran.is_active and veteran.anonymized_at
    assert (veteran.email, veteran.first_name, veteran.last_name, veteran.phone) == ("", "", "", "")
    assert not EmailAddress.objects.filter(user=veteran).exists()
    assert (profile.real_name, profile.phone, profile.id_number_encrypted, profile.id_number_last4) == ("", "", "", "")
    assert profile.id_number_hash is None and profile.birth_date is None and profile.gender == ""
    assert profile.skills == [] and not profile.resume and profile.status_note == ""
    assert profile.region_id and profile.service_branch  # anonymous statistics stay
    assert not FamilyMemberProfile.objects.filter(user=veteran).exists()
    application = Application.objects.get(pk=w.application.pk)
    assert application.profile_snapshot == {} and application.note == ""
    card = Card.objects.get(pk=w.card.pk)
    assert card.holder_name == "" and not card.photo and card.status == Card.Status.REVOKED
    assert not CardApplication.objects.filter(applicant=veteran).exclude(photo="").exists()
    assert w.card.uses.count() == 1  # the use still counts for the merchant's statistics
    assert Certificate.objects.get(pk=w.certificate.pk).holder_name == ""
    assert LoanApplication.objects.get(pk=w.loan_application.pk).purpose == ""
    assert MentorBooking.objects.get(pk=w.booking.pk).question == ""
