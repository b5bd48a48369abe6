"""Steps and timelines of applications (portal.progress, portal.services.status_history): the services record each
change, the models give their path, the detail pages draw both, and nobody sees another person's."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from benefits.services import cards as card_services
from entrepreneurship.services import loans
from jobs.models import Application
from jobs.services.applications import application_submit, application_transition
from jobs.services.fair_registrations import fair_check_in, fair_register
from jobs.services.tickets import check_in_token
from portal import progress
from portal.models import StatusChange
from portal.services.status_history import status_change_record, status_changes_of
from tests import factories
from tests.benefits import factories as bf
from tests.entrepreneurship import factories as ef
from tests.jobs.factories import JobFairFactory, PositionFactory
from tests.training.factories import InstitutionFactory, TrainingClassFactory
from training.services import enrolment

pytestmark = pytest.mark.django_db


def _states(obj):
    return [(s.step.value, s.state) for s in progress.shown_steps(obj)]


def _current_step_html(html: str) -> str:
    match = re.search(r'<li[^>]*aria-current="step"[^>]*>(.*?)</li>', html, re.S)
    assert match, "no step marked aria-current"
    return match.group(1)


def test_card_application_records_each_change_and_its_path_follows_the_status():
    veteran, staff = factories.VeteranFactory(), factories.StaffFactory()
    application = card_services.card_application_submit(
        applicant=veteran, photo=bf.photo_upload(), station=bf.station()
    )
    assert _states(application) == [("submitted", "current"), ("approved", "upcoming")]
    card_services.card_application_request_correction(application=application, staff=staff, reason="照片不清晰")
    application.refresh_from_db()
    assert _states(application) == [("submitted", "done"), ("correction", "current"), ("approved", "upcoming")]
    assert progress.current_step(application).holder == str(progress.HOLDER_YOU)
    card_services.card_application_correct(application=application, photo=bf.photo_upload())
    card_services.card_application_approve(application=application, staff=staff)
    application.refresh_from_db()
    changes = [(c.from_status, c.to_status) for c in status_changes_of(application)]
    assert changes == [
        ("", "submitted"),
        ("submitted", "correction"),
        ("correction", "submitted"),
        ("submitted", "approved"),
    ]
    assert _states(application) == [("submitted", "done"), ("approved", "current")]
    notes = [entry.note for entry in progress.history(application)]
    assert notes == ["", "照片不清晰", "", ""]


def test_rejected_card_application_ends_in_rejected():
    veteran, staff = factories.VeteranFactory(), factories.StaffFactory()
    application = card_services.card_application_submit(
        applicant=veteran, photo=bf.photo_upload(), station=bf.station()
    )
    card_services.card_application_reject(application=application, staff=staff, reason="不符合条件")
    application.refresh_from_db()
    assert [s.step.value for s in progress.shown_steps(application)] == ["submitted", "rejected"]
    assert progress.current_step(application).holder == ""


def test_history_without_records_starts_from_the_creation_time():
    """Rows made before the history existed still show when they were made, in their current state."""
    veteran = factories.VeteranFactory()
    application = card_services.card_application_submit(
        applicant=veteran, photo=bf.photo_upload(), station=bf.station()
    )
    StatusChange.objects.filter(object_id=application.pk).delete()
    (entry,) = progress.history(application)
    assert entry.at == application.created_at and entry.label == str(application.Status.SUBMITTED.label)


def test_status_changes_are_append_only_and_a_no_op_is_not_recorded():
    veteran = factories.VeteranFactory()
    assert status_change_record(subject=veteran, from_status="a", to_status="a") is None
    change = status_change_record(subject=veteran, from_status="a", to_status="b", actor=veteran)
    with pytest.raises(ValueError):
        change.save()


def test_card_apply_page_shows_steps_and_timeline_only_to_the_applicant(client):
    veteran, other = factories.VeteranFactory(), factories.VeteranFactory()
    application = card_services.card_application_submit(
        applicant=veteran, photo=bf.photo_upload(), station=bf.station()
    )
    card_services.card_application_request_correction(
        application=application, staff=factories.StaffFactory(), reason="请换一张照片"
    )
    client.force_login(veteran)
    html = client.get(reverse("benefits:apply")).content.decode()
    assert str(application.Status.CORRECTION.label) in _current_step_html(html)
    assert 'data-testid="progress-timeline"' in html and "请换一张照片" in html
    assert reverse("portal:guide", args=["benefit-card"]) in html
    client.force_login(other)
    html = client.get(reverse("benefits:apply")).content.decode()
    assert "请换一张照片" not in html and 'data-testid="progress"' not in html


def test_loan_path_and_detail_page(client, veteran):
    product = ef.loan_product()
    banker = factories.OrgMemberFactory(organization=product.bank)
    app = loans.loan_apply(
        user=veteran,
        product=product,
        enterprise=ef.enterprise(founder=veteran),
        amount="1000",
        term_months=12,
        purpose="设备",
    )
    loans.loan_review(application=app, user=banker, decision="documents", note="请补充营业执照")
    app.refresh_from_db()
    assert [s.step.value for s in progress.shown_steps(app)] == ["submitted", "documents", "approved", "disbursed"]
    loans.loan_supply_documents(application=app, user=veteran, note="已补充")
    loans.loan_review(application=app, user=banker, decision="approve")
    app.refresh_from_db()
    assert _states(app) == [("submitted", "done"), ("approved", "current"), ("disbursed", "upcoming")]
    assert progress.current_step(app).holder == str(progress.HOLDER_BANK)
    client.force_login(veteran)
    html = client.get(reverse("entrepreneurship:my_loan_detail", args=[app.pk])).content.decode()
    assert str(app.Status.APPROVED.label) in _current_step_html(html) and "请补充营业执照" in html
    client.force_login(factories.VeteranFactory())
    assert client.get(reverse("entrepreneurship:my_loan_detail", args=[app.pk])).status_code == 404


@pytest.fixture
def training_class():
    member = factories.OrgMemberFactory(organization=InstitutionFactory())
    cls = TrainingClassFactory(course__institution=member.organization, course__auto_approve=False)
    cls.member = member
    return cls


def test_enrolment_records_changes_and_its_page_is_the_trainees_only(client, veteran, training_class):
    enrollment = enrolment.enrollment_create(training_class=training_class, veteran=veteran)
    assert _states(enrollment) == [("pending", "current"), ("enrolled", "upcoming"), ("completed", "upcoming")]
    enrolment.enrollment_approve(enrollment=enrollment, actor=training_class.member)
    enrollment.refresh_from_db()
    assert [c.to_status for c in status_changes_of(enrollment)] == ["pending", "enrolled"]
    assert _states(enrollment)[1] == ("enrolled", "current")
    url = reverse("training:enrollment_detail", args=[enrollment.pk])
    client.force_login(veteran)
    response = client.get(url)
    assert response.status_code == 200
    assert str(enrollment.Status.ENROLLED.label) in _current_step_html(response.content.decode())
    for outsider in (factories.VeteranFactory(), training_class.member, factories.OrgMemberFactory()):
        client.force_login(outsider)
        assert client.get(url).status_code == 404


def test_withdrawn_enrolment_ends_in_withdrawn(veteran, training_class):
    enrollment = enrolment.enrollment_create(training_class=training_class, veteran=veteran)
    enrolment.enrollment_withdraw(enrollment=enrollment, veteran=veteran)
    enrollment.refresh_from_db()
    assert [s.step.value for s in progress.shown_steps(enrollment)] == ["pending", "withdrawn"]
    assert progress.history(enrollment)[-1].label == str(enrollment.Status.WITHDRAWN.label)


def test_job_application_page_shows_the_hiring_path_to_the_applicant_only(client, veteran, employer_member):
    position = PositionFactory(organization=employer_member.organization)
    application = application_submit(share_consent=True, channel="web", position=position, veteran=veteran, note="")
    application_transition(
        application=application, actor=employer_member, to_status=Application.Status.INTERVIEW, note="周三面试"
    )
    application.refresh_from_db()
    assert _states(application)[:3] == [("submitted", "done"), ("viewed", "done"), ("interview", "current")]
    url = reverse("jobs:my_application", args=[application.pk])
    client.force_login(veteran)
    html = client.get(url).content.decode()
    assert str(Application.Status.INTERVIEW.label) in _current_step_html(html) and "周三面试" in html
    for outsider in (factories.VeteranFactory(), employer_member):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    application_transition(
        application=application, actor=employer_member, to_status=Application.Status.REJECTED, note="另有人选"
    )
    application.refresh_from_db()
    assert [s.step.value for s in progress.shown_steps(application)] == ["submitted", "interview", "rejected"]


def test_fair_registration_steps_follow_check_in(client, veteran):
    fair = JobFairFactory(capacity=5, starts_at=timezone.now() + datetime.timedelta(minutes=30))
    registration = fair_register(fair=fair, user=veteran)
    assert _states(registration)[0] == ("registered", "current")
    client.force_login(veteran)
    html = client.get(reverse("jobs:fair_detail", args=[fair.pk])).content.decode()
    assert str(registration.Progress.REGISTERED.label) in _current_step_html(html)
    fair_check_in(fair=fair, token=check_in_token(registration), actor=factories.StaffFactory())
    registration.refresh_from_db()
    assert _states(registration)[:2] == [("registered", "done"), ("checked_in", "current")]
    assert len(progress.history(registration)) == 2
    client.force_login(factories.VeteranFactory())
    html = client.get(reverse("jobs:fair_detail", args=[fair.pk])).content.decode()
    assert 'data-testid="progress"' not in html


@pytest.mark.parametrize("language,heading", [("zh-hans", "申请条件"), ("en", "Who can apply")])
def test_every_guide_has_its_sections_in_both_languages(client, language, heading):
    from portal.guides import GUIDES

    client.cookies["django_language"] = language
    listing = client.get(reverse("portal:guides"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for guide in GUIDES:
        assert reverse("portal:guide", args=[guide.slug]) in listing
        html = client.get(reverse("portal:guide", args=[guide.slug]), HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert f"<h2>{heading}</h2>" in html, guide.slug
        assert html.count("<h2>") >= 6 and reverse(guide.apply_url_name) in html


def test_unknown_guide_is_404(client):
    assert client.get(reverse("portal:guide", args=["nothing-here"])).status_code == 404


def test_forms_link_to_their_guides(client, veteran):
    client.force_login(veteran)
    product = ef.loan_product()
    pages = {
        reverse("benefits:apply"): "benefit-card",
        reverse("entrepreneurship:loan_apply", args=[product.pk]): "startup-loan",
        reverse("training:class_detail", args=[TrainingClassFactory().pk]): "training-enrolment",
        reverse("jobs:position_detail", args=[PositionFactory().pk]): "job-application",
        reverse("jobs:fair_detail", args=[JobFairFactory().pk]): "job-fair",
    }
    for url, slug in pages.items():
        assert reverse("portal:guide", args=[slug]) in client.get(url).content.decode(), url


def test_a_good_end_is_drawn_complete_and_a_refusal_is_not():
    veteran, staff = factories.VeteranFactory(), factories.StaffFactory()
    approved = card_services.card_application_submit(applicant=veteran, photo=bf.photo_upload(), station=bf.station())
    card_services.card_application_approve(application=approved, staff=staff)
    approved.refresh_from_db()
    assert [s.complete for s in progress.shown_steps(approved)] == [True, True]
    other = factories.VeteranFactory()
    rejected = card_services.card_application_submit(applicant=other, photo=bf.photo_upload(), station=bf.station())
    card_services.card_application_reject(application=rejected, staff=staff, reason="不符合条件")
    rejected.refresh_from_db()
    assert [(s.current, s.complete) for s in progress.shown_steps(rejected)] == [(False, True), (True, False)]
