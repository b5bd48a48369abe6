"""Every form keeps what it is given: each edit page a role can open, loaded in a real browser and saved untouched,
in Chinese and in English, leaves its object exactly as it was (the zh-hans date format used to blank
`<input type=date>`, so saving the 退役报到 profile in Chinese erased the service dates).

Edit pages, from the urls.py files: the veteran's profile (each step of /me/edit/) and notification settings, the 代办
profile staff edit, an employer's position, a staff job fair (datetime-local inputs), an institution's course and
class, a founder's project, a bank's loan product, a mentor's profile, a merchant's offer with its locations, and a
card application sent back for correction. (Loan applications and family profiles have no edit page to round-trip:
loan applications only receive documents, the family form always starts empty.)"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import models
from django.utils import timezone

from benefits.models import CardApplication
from benefits.services import cards as card_services
from entrepreneurship.models import Enterprise
from portal.models import MilitarySpecialty, NotificationPreference, OccupationCategory, Region, VeteranProfile
from portal.services import notifications
from portal.services.profiles import veteran_profile_save
from tests import factories
from tests.benefits import factories as bf
from tests.entrepreneurship import factories as ef
from tests.jobs.factories import JobFairFactory, PositionFactory
from tests.portal.helpers import pdf_upload
from tests.training.factories import CourseFactory, TrainingClassFactory
from training.services import course_index

PASSWORD = "pass-1234-word"
ERRORS = ".errorlist, .invalid-feedback, .alert-danger"


@dataclass
class EditPage:
    name: str
    url: str
    objects: callable  # () -> list of model instances to compare before and after
    form: str = "main form[method=post]:has(button[type=submit])"
    ignore: set = field(default_factory=set)  # workflow fields the save itself moves (e.g. back to review)
    prepare: callable = None  # run before each visit (puts the object back in the state the page edits)


def snapshot(objects) -> list[dict]:
    """Every stored value of each object (and its many-to-many sets), minus automatic timestamps; encrypted
    columns are compared by what they decrypt to, since re-encrypting the same value gives new bytes; line breaks
    compare as one (a textarea always submits CRLF, whatever the stored text used)."""
    result = []
    for obj in objects:
        obj = type(obj)._default_manager.get(pk=obj.pk)
        values = {}
        for f in obj._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                continue
            value = getattr(obj, f.attname)
            if f.name.endswith("_encrypted"):
                getter = getattr(obj, "get_" + f.name.removesuffix("_encrypted"), None)
                value = getter() if getter else None
            elif isinstance(f, models.FileField):
                value = value.name
            elif isinstance(value, str):
                value = value.replace("\r\n", "\n")  # browsers send every textarea's line breaks as CRLF (HTML)
            values[f.name] = value
        for f in obj._meta.many_to_many:
            values[f.name] = sorted(getattr(obj, f.name).values_list("pk", flat=True))
        result.append(values)
    return result


def without(snapshots, ignore):
    return [{k: v for k, v in s.items() if k not in ignore} for s in snapshots]


def build_data():
    """One user per role, each owning an object with every kind of field filled (dates, times, choices, sets)."""
    veteran = factories.VeteranFactory(profile__real_name="陈建国")
    veteran_profile_save(
        user=veteran,
        data={
            "enlistment_date": datetime.date(2010, 9, 1),
            "discharge_date": datetime.date(2015, 12, 31),
            "skills": ["驾驶", "仓储"],
            "expected_salary": 6000,
        },
        resume=pdf_upload(),
    )
    profile = veteran.veteran_profile
    profile.military_specialties.set(MilitarySpecialty.objects.order_by("code")[:2])
    profile.desired_categories.set(OccupationCategory.objects.filter(parent__isnull=False).order_by("code")[:2])
    profile.desired_regions.set(Region.objects.filter(code__in=["350100", "350200"]))  # the form offers cities
    preference = notifications.preference_for(veteran)
    project = ef.enterprise(founder=veteran, description="汽车快修连锁", team="陈建国\n王磊", team_size=2)

    card_holder = factories.VeteranFactory(profile__real_name="林海")
    application = card_services.card_application_submit(
        applicant=card_holder, photo=bf.photo_upload(), station=bf.station("350102")
    )
    staff = factories.StaffFactory()

    def back_to_correction():
        CardApplication.objects.filter(pk=application.pk).update(status=CardApplication.Status.CORRECTION)

    employer = factories.OrgMemberFactory(org_type="employer")
    position = PositionFactory(  # a draft: a published position is closed, not edited
        organization=employer.organization, status="draft", published_at=None, deadline=datetime.date(2030, 1, 31)
    )
    fair = JobFairFactory(
        starts_at=timezone.make_aware(datetime.datetime(2030, 3, 4, 9, 0)),
        ends_at=timezone.make_aware(datetime.datetime(2030, 3, 4, 16, 30)),
        registration_opens_at=timezone.make_aware(datetime.datetime(2030, 2, 1, 8, 0)),
        registration_closes_at=timezone.make_aware(datetime.datetime(2030, 3, 3, 23, 59)),
    )
    institution_member = factories.OrgMemberFactory(org_type="institution")
    course = CourseFactory(institution=institution_member.organization)
    course_index(course)  # as a saved course is (its search columns are derived on save)
    training_class = TrainingClassFactory(
        course=course,
        start_date=datetime.date(2030, 5, 6),
        end_date=datetime.date(2030, 5, 20),
        enrolment_opens=timezone.make_aware(datetime.datetime(2030, 4, 1, 8, 0)),
        enrolment_closes=timezone.make_aware(datetime.datetime(2030, 4, 30, 18, 30)),
        open_to_families=True,
    )
    bank_member = factories.OrgMemberFactory(org_type="bank")
    product = ef.loan_product(bank=bank_member.organization)
    mentor_profile = ef.mentor()
    merchant_member = bf.merchant_member()
    offer = bf.offer(
        merchant_member.merchant, valid_from=datetime.date(2026, 1, 1), valid_until=datetime.date(2030, 12, 31)
    )
    assert isinstance(project, Enterprise) and isinstance(preference, NotificationPreference)
    assert Decimal(product.max_amount) > 0

    return [
        (
            veteran,
            [
                *(  # the guided registration: each step saved untouched keeps the whole profile as it was
                    EditPage(f"profile: {step}", f"/me/edit/{step}/", lambda: [profile], form="#profile-form")
                    for step in ("identity", "service", "contact", "intentions", "resume")
                ),
                EditPage("notification settings", "/me/notifications/settings/", lambda: [preference]),
                EditPage(
                    "project", f"/entrepreneurship/projects/{project.pk}/edit/", lambda: [project], form="main form"
                ),
            ],
        ),
        (
            card_holder,
            [
                EditPage(
                    "card application (correction)",
                    "/benefits/apply/",
                    lambda: [application],
                    form="main form:has([name=photo])",
                    ignore={"status"},  # answering a correction request sends it back to review
                    prepare=back_to_correction,
                ),
            ],
        ),
        (
            staff,
            [
                EditPage(
                    "job fair", f"/jobs/staff/fairs/{fair.pk}/", lambda: [fair], form="main form:has([name=title])"
                ),
                EditPage(
                    "代办 profile",
                    "/staff/act/current/profile/",
                    lambda: [profile],
                    form="main form:has([name=real_name])",
                    prepare=None,  # acting starts once, below
                ),
            ],
        ),
        (
            employer,
            [
                EditPage(
                    "position",
                    f"/jobs/employer/positions/{position.pk}/",
                    lambda: [position],
                    form="main form:has([name=title])",
                )
            ],
        ),
        (
            institution_member,
            [
                EditPage("course", f"/training/manage/courses/{course.pk}/edit/", lambda: [course], form="main form"),
                EditPage(
                    "class",
                    f"/training/manage/classes/{training_class.pk}/edit/",
                    lambda: [training_class],
                    form="main form",
                ),
            ],
        ),
        (
            bank_member,
            [
                EditPage(
                    "loan product",
                    f"/entrepreneurship/loans/bank/products/{product.pk}/",
                    lambda: [product],
                    form="main form:has([name=name])",
                )
            ],
        ),
        (
            mentor_profile.user,
            [
                EditPage(
                    "mentor profile",
                    "/entrepreneurship/mentoring/become-mentor/",
                    lambda: [mentor_profile],
                    form="main form:has([name=display_name])",
                )
            ],
        ),
        (
            merchant_member,
            [
                EditPage(
                    "offer",
                    f"/benefits/merchant/offers/{offer.pk}/",
                    lambda: [offer, *offer.locations.order_by("region__code", "address")],
                    form="main form:has([name=title])",
                    ignore={"id"},  # saving replaces the locations as a set: same places, new row ids
                )
            ],
        ),
    ]


def login(browser, live_server, user):
    context = browser.new_context(viewport={"width": 1000, "height": 900}, locale="zh-CN", base_url=live_server.url)
    context.set_default_timeout(15000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"{user.username} could not log in"
    return context, page


def start_acting(page, veteran):
    # The search is a POST (no ID number in a URL): type the last four digits and submit.
    page.goto("/staff/act/")
    page.fill("form[role=search] [name=q]", veteran.veteran_profile.get_id_number()[-4:])
    with page.expect_navigation():
        page.locator("form[role=search] button[type=submit]").click()
    with page.expect_navigation():
        page.locator(f"form[action$='/act/{veteran.pk}/start/'] button[type=submit]").click()
    assert page.url.endswith("/staff/act/current/"), page.url


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_edit_page_saved_untouched_keeps_its_object_in_both_languages(transactional_db, browser, live_server):
    roles = build_data()
    checked = []
    for user, pages in roles:
        context, page = login(browser, live_server, user)
        if any(p.url.startswith("/staff/act/") for p in pages):
            start_acting(page, roles[0][0])
        for language in ("zh-hans", "en"):
            context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
            for edit in pages:
                if edit.prepare:
                    edit.prepare()
                before = snapshot(edit.objects())
                response = page.goto(edit.url)
                assert response.status == 200, (edit.name, language, response.status)
                assert page.locator("html").get_attribute("lang") == language, (edit.name, language)
                form = page.locator(edit.form).first
                assert form.count() == 1, (edit.name, language, page.url, page.locator("main").inner_text()[:500])
                # what the browser holds is what was stored: no date or time input came out empty
                for kind in ("date", "datetime-local"):
                    for box in form.locator(f"input[type={kind}]").all():
                        name = box.get_attribute("name")
                        attribute = box.get_attribute("value")
                        assert box.input_value() == (attribute or ""), (edit.name, language, name, attribute)
                with page.expect_navigation():
                    form.locator("button[type=submit]").first.click()
                errors = page.locator(f"main {ERRORS}")
                assert errors.count() == 0, (edit.name, language, errors.all_inner_texts())
                after = snapshot(edit.objects())
                changed = [
                    {k: (old[k], new.get(k)) for k in old if old[k] != new.get(k)}
                    for old, new in zip(without(before, edit.ignore), without(after, edit.ignore), strict=True)
                ]
                assert not any(changed), (edit.name, language, changed)
                checked.append((edit.name, language))
        context.close()
    assert len(checked) == 2 * sum(len(pages) for _user, pages in roles)
    # the profile's dates really were on the page, and survived both languages
    profile = VeteranProfile.objects.get(user=roles[0][0])
    assert (profile.enlistment_date, profile.discharge_date) == (datetime.date(2010, 9, 1), datetime.date(2015, 12, 31))
