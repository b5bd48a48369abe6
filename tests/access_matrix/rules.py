"""The access rules of every id-taking route: which object of the owner side to ask for, and who may have it.

A rule is one line per route name (`namespace:name` for a page, the router's name for the API):

    "jobs:application_withdraw": Rule(pk("application"), owners=("veteran",)),

- `target` builds the URL's kwargs from the owner side (tests/access_matrix/world.py): `pk("attr")` for
  `{"pk": world.attr.pk}`, `kw(pk="fair", booth_pk="booth")` for several, `const(key="audit")` for fixed values,
  or any `lambda w: {...}`. Pick the object so that no actor may reach it: the *unpublished* one where the route
  also serves published objects to everyone (a pending position, a hidden fair).
- `owners` are the owner-side parties who legitimately reach it; the first one's GET is the control that proves the
  target is right (it must not be refused). Leave it empty when nobody but staff may (e.g. an unpublished fair).
- `staff=True`: any bureau staff member may reach it (the staff actor is skipped). Routes that need a permission
  beyond the staff group say `perm="portal.browse_auditlog"` instead: the plain staff actor must be refused.
- `allow={"merchant": "why"}`: an actor role that legitimately reaches another party's object (skipped).
- `public="why"` (with `public_methods`, GET by default): the route answers every visitor for that reason; the
  matrix then only checks that those methods never answer 500 and change nothing.
- `hidden=lambda w: text`: with `public`, text of the owner's object that must not appear in the public answer
  (a list that shows each caller only their own rows).
- `refusals={400: "why"}`: an extra status that counts as a refusal on this route (nothing may change).
- `body=lambda w: {...}`: the minimal valid body of the unsafe methods, so that the try passes input validation and
  really meets the access check (a 400 for an empty body proves nothing). Use the owner side's real secrets (a
  ticket's token, a session's current code): an actor holding them must still be refused.

`staff_only(target, perm=None)` is the rule of a bureau page. Every other role, anonymous included, is an actor.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rule:
    target: Callable[..., dict]
    owners: tuple[str, ...] = ()
    staff: bool = False
    perm: str = ""
    allow: Mapping[str, str] = field(default_factory=dict)
    public: str = ""
    public_methods: tuple[str, ...] = ("GET",)
    refusals: Mapping[int, str] = field(default_factory=dict)
    body: Callable[..., dict] | None = None
    hidden: Callable[..., str] | None = None


def pk(attr: str, key: str = "pk") -> Callable[..., dict]:
    return lambda w: {key: getattr(w, attr).pk}


def kw(**attrs: str) -> Callable[..., dict]:
    """{"pk": "fair", "booth_pk": "booth"} → {"pk": w.fair.pk, "booth_pk": w.booth.pk}; "attr.field" for a field."""

    def build(w):
        out = {}
        for key, path in attrs.items():
            name, _, attribute = path.partition(".")
            out[key] = getattr(getattr(w, name), attribute or "pk")
        return out

    return build


def const(**values) -> Callable[..., dict]:
    return lambda w: dict(values)


def with_const(build: Callable[..., dict], **values) -> Callable[..., dict]:
    return lambda w: {**build(w), **values}


def staff_only(target: Callable[..., dict], perm: str = "", **extra) -> Rule:
    return Rule(target, owners=("staff_full" if perm else "staff",), staff=not perm, perm=perm, **extra)


def public(reason: str, target: Callable[..., dict], methods=("GET",), **extra) -> Rule:
    return Rule(target, public=reason, public_methods=tuple(methods), **extra)


PAYEE = lambda w: {"payee": "trainee", "name": "张伟", "bank": "中国银行", "account": "6217000000001234"}  # noqa: E731
PAYMENT = lambda w: {"amount": "1500.00", "paid_on": str(w.today), "voucher_number": "记-0001"}  # noqa: E731
ASSESSMENT = lambda w: {"national_number": "S0000350000012345", "assessed_on": str(w.today)}  # noqa: E731


def session_code(w) -> dict:
    from training.services.checkin import short_code, time_step

    return {"code": short_code(w.session.pk, time_step())}


def ticket_token(w) -> dict:
    from jobs.services.tickets import check_in_token

    return {"token": check_in_token(w.registration)}


def printed_card_token(w) -> dict:
    from benefits.tokens import printed_token

    return {"token": printed_token(w.card.token_id)}


def printed_ticket_token(w) -> dict:
    from jobs.services.tickets import check_in_token

    return {"token": check_in_token(w.registration)}


CODE_LINK = (
    "what a QR code opens for any phone camera: it says what the code is and nothing about whose it is; "
    "only the role that checks it sees more, and the GET records nothing"
)


REASON = lambda w: {"reason": "矩阵测试"}  # noqa: E731
MESSAGE = lambda w: {"body": "矩阵测试"}  # noqa: E731
OFFERED_SLOT = lambda w: {"slot": w.interview.offered_slots.order_by("-starts_at").first().pk}  # noqa: E731


def PROPOSE(w) -> dict:
    import datetime

    at = (w.now + datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    return {
        "time_1": at,
        "minutes": 30,
        "mode": "onsite",
        "address": "五四路100号",
        "contact_name": "林经理",
        "contact_phone": "0591-88001234",
        "reason": "矩阵测试",
    }


TAKE_NUMBER = (
    "any veteran takes a number at an approved booth while its fair is on; the world's fair has not begun, so the "
    "service refuses (a 400 in the API, back to the booth page with the message) and nothing changes"
)
ROOM = lambda w: {"name": "矩阵测试室", "rows": 1, "columns": 1}  # noqa: E731
NO_FORM = "the page takes no form: a POST is answered like a GET"
STAFF_REVIEW = "bureau staff see every party's record (they review and act for everyone)"
CANCEL_OWN = "cancels the caller's own registration only: anyone else is told they are not registered"
NOT_ENROLLED = "the service refuses a check-in by anyone not enrolled in the class"
CHECK_IN_PAGE = "opened by scanning the class's QR code: shows the session's title and a code field to anyone signed in"
RESIDENCY_TERMS = lambda w: {"workstations": 1, "start_date": "2030-01-01", "end_date": "2030-12-31"}  # noqa: E731
ENTRY = lambda w: {"enterprise": w.enterprise.pk, "pitch": "冒名参赛"}  # noqa: E731
NOT_SCANNER = "fair_check_in refuses anyone who does not scan at this fair (a ValidationError: 400, nothing changes)"
OWN_WITHDRAWAL = "staff see the enrollment; the service lets only the enrolled veteran withdraw (400, nothing changes)"
PUBLISHED_POSITION = "a published position is public"
BOOTH_APPLY = "an employer may ask for a booth with its own positions only: another's are refused (400)"
OWNERS_POSITIONS = lambda w: {"positions": [w.position.pk], "note": "冒用别人的岗位"}  # noqa: E731
OWN_BOOTH_PAGE = "each employer's own booth form for a published fair (it offers only the employer's own positions)"
BOOKING_FORM = "the booking form of an approved mentor's free slot, open to the signed-in (the project: one's own)"
BOOK_WITH_OWNERS_PROJECT = lambda w: {"topic": "financing", "enterprise": w.enterprise.pk}  # noqa: E731
ENTRY_LIST = "GET lists only the caller's own entries (an empty list for anyone else)"
BEARER = "the token in the URL is the credential (sent by e-mail); a wrong one changes nothing"
SEARCH_FREQUENCY = lambda w: {f"s{w.saved_search.pk}-frequency": "weekly"}  # noqa: E731
OWN_DATA = "the parameter names a step or a purpose, not an object: each signed-in person sees only their own data"

ROUTE_RULES: dict[str, Rule] = {
    # --- allauth: links whose key is the credential ----------------------------------------------------------
    "account_confirm_email": public(BEARER, const(key="not-a-real-key"), methods=("GET", "POST")),
    "account_reset_password_from_key": public(BEARER, const(uidb36="1", key="not-a-key"), methods=("GET", "POST")),
    # --- the shell ---------------------------------------------------------------------------------------------
    "portal:organization_invite": Rule(pk("employer_org"), owners=("employer",)),
    "portal:organization_licence": Rule(pk("employer_org"), owners=("employer",), staff=True),
    "portal:organization_licence_upload": Rule(pk("employer_org"), owners=("employer",)),
    "portal:staff_organization_review": staff_only(pk("pending_org")),
    "organization-review-detail": staff_only(pk("pending_org")),
    "organization-review-refuse": staff_only(pk("pending_org"), body=lambda w: {"reason": "营业执照模糊"}),
    "organization-review-verify": staff_only(
        pk("pending_org"), body=lambda w: {"checklist": ["credit_code", "name", "valid", "legible"]}
    ),
    "portal:staff_organization_trust": staff_only(pk("employer_org"), body=lambda w: {"auto_publish": "on"}),
    "portal:profile_step": public(
        OWN_DATA, const(step="identity"), refusals={400: "an empty step is refused (the name is required)"}
    ),
    "portal:consent_withdraw": public(
        OWN_DATA,
        const(purpose="id_number"),
        refusals={
            302: "no live consent: back to the list, nothing changes",
            400: "erasing the ID number needs its confirmation box ticked",
        },
    ),
    "portal:invitation": public(BEARER, kw(token="invitation.token"), methods=("GET", "POST")),
    "portal:unsubscribe": public(BEARER, const(token="not-a-real-token"), methods=("GET", "POST")),
    "portal:account_claim": public(BEARER, const(token="not-a-real-token"), methods=("GET", "POST")),
    "portal:guide": public("service guides are public information", const(slug="benefit-card")),
    "portal:staff_export": staff_only(const(key="audit", file_format="csv"), perm="portal.browse_auditlog"),
    "portal:staff_import_detail": Rule(pk("import_job"), owners=("staff",)),
    "portal:staff_import_start": Rule(pk("import_job"), owners=("staff",)),
    "portal:staff_import_status": Rule(pk("import_job"), owners=("staff",)),
    "portal:staff_export_job": Rule(pk("export_job"), owners=("staff",)),
    "portal:staff_export_job_status": Rule(pk("export_job"), owners=("staff",)),
    "portal:staff_export_job_download": Rule(pk("export_job"), owners=("staff",)),
    "portal:security_key_revoke": Rule(pk("api_token"), owners=("veteran",)),
    "portal:organization_keys": Rule(pk("employer_org"), owners=("employer",)),
    "portal:organization_key_revoke": Rule(kw(pk="employer_org", key_pk="integration_key"), owners=("employer",)),
    "portal:staff_act_start": staff_only(pk("veteran", key="user_id")),
    "portal:staff_claim_invite": staff_only(pk("veteran", key="user_id")),
    "portal:staff_family_review": staff_only(pk("family_profile")),
    "portal:staff_veteran_review": staff_only(pk("veteran_profile")),
    "portal:staff_duplicate_merge": staff_only(
        kw(first_id="trainee", second_id="family"),
        body=lambda w: {"survivor": "first", "reason": "矩阵测试", "confirm": "on"},
    ),
    "portal:staff_duplicate_dismiss": staff_only(
        kw(first_id="trainee", second_id="family"), body=lambda w: {"dismiss-reason": "矩阵测试：双胞胎"}
    ),
    "news:detail": staff_only(pk("draft_article")),  # a draft: the bureau's until published
    "news:attachment": staff_only(pk("draft_attachment")),
    "news:staff_edit": staff_only(pk("draft_article")),
    "care:visit": staff_only(pk("care_visit")),
    # Counselling and legal aid: the content is the requester's, the assigned provider's and the assigned staff
    # member's only; any other staff member (the staff actor) is refused. Assigning an open request is any staff's.
    "counsel:detail": Rule(pk("counsel_request"), owners=("veteran", "counsel_provider", "counsel_staff")),
    "counsel:book": Rule(pk("counsel_request"), owners=("veteran",), body=lambda w: {"slot": w.counsel_slot.pk}),
    "counsel:rate": Rule(pk("counsel_request"), owners=("veteran",), body=lambda w: {"rating": "5"}),
    "counsel:note": Rule(
        pk("counsel_request"), owners=("counsel_provider",), body=lambda w: {"text": "建议调解", "shareable": "on"}
    ),
    "counsel:close": Rule(pk("counsel_request"), owners=("counsel_provider",)),
    "counsel:assign": staff_only(
        pk("counsel_open_request"),
        body=lambda w: {f"r{w.counsel_open_request.pk}-provider": w.counsel_lawyer.pk},
    ),
    "care:sheet": staff_only(pk("care_visit")),
    "care:subject_end": staff_only(pk("care_subject")),
    "care:task_close": staff_only(pk("care_task")),
    "care-subject-detail": staff_only(pk("care_subject")),
    "care-subject-end": staff_only(pk("care_subject"), body=lambda w: {"reason": "迁居外省"}),
    "care-visit-detail": staff_only(pk("care_visit")),
    "care-visit-record": staff_only(
        pk("care_visit"), body=lambda w: {"visited_on": str(w.today), "visitors": "王科长", "condition": "good"}
    ),
    "care-task-detail": staff_only(pk("care_task")),
    "care-task-close": staff_only(pk("care_task"), body=lambda w: {"outcome": "已陪同体检"}),
    "onestop:status": Rule(pk("onestop_bundle"), owners=("veteran",), staff=True),
    "onestop-bundle-detail": Rule(pk("onestop_bundle"), owners=("veteran",)),
    "article-detail": public("published policy and news are public", pk("published_article")),
    "counsel-request-detail": Rule(pk("counsel_request"), owners=("veteran", "counsel_provider", "counsel_staff")),
    "counsel-request-book": Rule(
        pk("counsel_request"), owners=("veteran",), body=lambda w: {"slot": w.counsel_slot.pk}
    ),
    "counsel-request-rate": Rule(pk("counsel_request"), owners=("veteran",), body=lambda w: {"rating": 5}),
    "news:staff_publish": staff_only(pk("draft_article")),
    "news:staff_withdraw": staff_only(pk("draft_article")),
    "news:staff_attach": staff_only(pk("draft_article")),
    "portal:staff_family_proof": staff_only(pk("family_profile")),
    "notification-detail": Rule(pk("notification"), owners=("veteran",)),
    "organization-detail": Rule(pk("pending_org")),  # the public directory lists verified ones only
    "region-detail": public("reference data", const(pk=1)),
    "occupation-category-detail": public("reference data", const(pk=1)),
    "military-specialty-detail": public("reference data", const(pk=1)),
    # --- jobs ----------------------------------------------------------------------------------------------------
    "jobs:position_detail": Rule(pk("pending_position"), owners=("employer",), staff=True),
    "jobs:apply": Rule(pk("pending_position")),
    "jobs:application_withdraw": Rule(pk("application"), owners=("veteran",)),
    "jobs:position_candidates": Rule(pk("position"), owners=("employer",), staff=True),
    "jobs:employer_position": Rule(pk("pending_position"), owners=("employer",)),
    "jobs:employer_position_submit": Rule(pk("pending_position"), owners=("employer",)),
    "jobs:employer_position_close": Rule(pk("position"), owners=("employer",)),
    "jobs:employer_application": Rule(pk("application"), owners=("employer",)),
    "jobs:employer_application_resume": Rule(pk("application"), owners=("employer",)),
    "jobs:employer_follow_up": Rule(pk("follow_up"), owners=("employer",)),
    "jobs:staff_review_position": staff_only(with_const(pk("pending_position"), decision="approve")),
    "jobs:staff_fair_edit": staff_only(pk("fair")),
    "jobs:staff_weekly_pick_remove": staff_only(pk("weekly_pick")),
    "jobs:staff_fair_booths": staff_only(pk("fair")),
    "jobs:staff_booth_approve": staff_only(kw(pk="fair", booth_pk="pending_booth")),
    "jobs:staff_booth_reject": staff_only(kw(pk="fair", booth_pk="pending_booth")),
    "jobs:fair_detail": Rule(pk("hidden_fair")),
    "jobs:fair_register": Rule(pk("hidden_fair")),
    "jobs:fair_registration_cancel": Rule(pk("fair"), owners=("veteran",), refusals={302: CANCEL_OWN}),
    "jobs:fair_ticket": Rule(pk("fair"), owners=("veteran",)),
    "jobs:fair_ticket_qr": Rule(pk("fair"), owners=("veteran",)),
    "jobs:fair_ticket_code": Rule(pk("fair"), owners=("veteran",)),
    "jobs:fair_ticket_pdf": Rule(pk("fair"), owners=("veteran",)),
    "jobs:ticket_link": public(
        CODE_LINK,
        printed_ticket_token,
        owners=("employer",),
        allow={"staff": "door staff check in every fair's tickets"},
        hidden=lambda w: w.veteran.veteran_profile.masked_name,
    ),
    "jobs:fair_scan": Rule(pk("fair"), owners=("employer",), staff=True),
    "jobs:fair_booth": public(OWN_BOOTH_PAGE, pk("fair"), ("GET", "POST"), owners=("employer",), body=OWNERS_POSITIONS),
    "jobs:booth_page": Rule(kw(pk="fair", booth_pk="pending_booth")),
    "jobs:saved_search_update": Rule(pk("saved_search"), owners=("veteran",), body=SEARCH_FREQUENCY),
    "jobs:saved_search_delete": Rule(pk("saved_search"), owners=("veteran",)),
    "jobs:saved_search_unsubscribe": public(BEARER, const(token="not-a-real-token"), methods=("GET", "POST")),
    "jobs:staff_follow_up": staff_only(pk("follow_up"), body=lambda w: {"still_employed": "1"}),
    "saved-search-detail": Rule(pk("saved_search"), owners=("veteran",), body=lambda w: {"frequency": "weekly"}),
    # The live room of an unpublished fair answers 404 to everyone; a published one is public (and applying is
    # every veteran's), but only staff and the presenting employer switch who presents.
    "jobs:fair_live": Rule(pk("hidden_fair")),
    "jobs:fair_live_state": Rule(pk("hidden_fair")),
    "jobs:fair_live_heartbeat": Rule(pk("hidden_fair")),
    "jobs:fair_live_apply": Rule(pk("hidden_fair")),
    "jobs:fair_live_presenter": Rule(pk("live_fair"), owners=("employer",), staff=True, body=lambda w: {"booth": ""}),
    "jobs:staff_live_schedule": staff_only(pk("live_fair")),
    "live-room-detail": Rule(pk("hidden_fair")),
    "live-room-apply": Rule(pk("hidden_fair")),
    "live-room-presenter": Rule(pk("live_fair"), owners=("employer",), staff=True, body=lambda w: {"booth": None}),
    "jobs:staff_spot_check_decide": staff_only(with_const(pk("spot_check"), decision="pass")),
    "jobs:staff_live_slot_remove": staff_only(kw(pk="live_fair", slot_pk="presentation_slot")),
    "jobs:booth_qr": Rule(kw(pk="fair", booth_pk="pending_booth")),
    # interviews: the employer's pages, the applicant's pages, the calendar file of both
    "jobs:employer_interview_propose": Rule(pk("application"), owners=("employer",), body=PROPOSE),
    "jobs:employer_interview": Rule(pk("interview"), owners=("employer",)),
    "jobs:employer_interview_reschedule": Rule(pk("interview"), owners=("employer",), body=PROPOSE),
    "jobs:employer_interview_cancel": Rule(pk("interview"), owners=("employer",), body=REASON),
    "jobs:employer_interview_outcome": Rule(pk("interview"), owners=("employer",), body=lambda w: {"outcome": ""}),
    "jobs:interview": Rule(pk("interview"), owners=("veteran",)),
    "jobs:interview_pick": Rule(pk("interview"), owners=("veteran",), body=OFFERED_SLOT),
    "jobs:interview_retime": Rule(pk("interview"), owners=("veteran",), body=lambda w: {"note": "周末"}),
    "jobs:interview_reschedule": Rule(pk("interview"), owners=("veteran",), body=REASON),
    "jobs:interview_cancel": Rule(pk("interview"), owners=("veteran",), body=REASON),
    "jobs:interview_calendar": Rule(pk("interview"), owners=("veteran", "employer")),
    # messages per application (staff read only a complained thread of their fair: the world's has no complaint)
    "jobs:application_messages": Rule(pk("application"), owners=("veteran", "employer"), body=MESSAGE),
    "jobs:my_application": Rule(pk("application"), owners=("veteran",)),
    "jobs:application_complaint": Rule(pk("application"), owners=("veteran", "employer"), body=REASON),
    "jobs:message_attachment": Rule(pk("message"), owners=("veteran", "employer")),
    # the booth's interview queue
    "jobs:queue_manage": Rule(kw(pk="fair", booth_pk="booth"), owners=("employer",), staff=True),
    "jobs:queue_take": public(TAKE_NUMBER, kw(pk="fair", booth_pk="booth"), ("GET", "POST")),
    "jobs:queue_call_next": Rule(kw(pk="fair", booth_pk="booth"), owners=("employer",), staff=True),
    "jobs:queue_ticket": Rule(pk("queue_ticket"), owners=("veteran",)),
    "jobs:queue_ticket_status": Rule(pk("queue_ticket"), owners=("veteran",)),
    "jobs:queue_ticket_leave": Rule(pk("queue_ticket"), owners=("veteran",)),
    "jobs:queue_ticket_finish": Rule(
        with_const(pk("queue_ticket"), outcome="skipped"), owners=("employer",), staff=True
    ),
    "position-detail": public(PUBLISHED_POSITION, pk("position"), owners=("employer",)),  # PUT/PATCH: the owner only
    "position-apply": Rule(pk("pending_position")),
    "position-submit": Rule(pk("pending_position"), owners=("employer",)),
    "position-candidates": Rule(pk("position"), owners=("employer",), staff=True),
    "application-detail": Rule(pk("application"), owners=("veteran", "employer"), staff=True),
    "application-status": Rule(
        pk("application"), owners=("employer",), staff=True, body=lambda w: {"status": "interview"}
    ),
    "fair-detail": public("a published fair is public", pk("fair"), staff=True),  # PUT/PATCH: staff only
    "fair-booths": public(
        "a published fair's approved booths are public", pk("fair"), body=OWNERS_POSITIONS, refusals={400: BOOTH_APPLY}
    ),
    "fair-cancel-registration": Rule(pk("fair"), owners=("veteran",), refusals={400: CANCEL_OWN}),
    "fair-check-in": Rule(pk("fair"), owners=("employer",), staff=True, body=ticket_token, refusals={400: NOT_SCANNER}),
    "fair-my-registration": Rule(pk("fair"), owners=("veteran",)),
    "fair-register": Rule(pk("hidden_fair")),
    "fair-stats": Rule(pk("hidden_fair")),  # a published fair's figures are public
    "interview-detail": Rule(pk("interview"), owners=("veteran", "employer")),
    "interview-pick": Rule(pk("interview"), owners=("veteran",), body=OFFERED_SLOT),
    "interview-another-time": Rule(pk("interview"), owners=("veteran",), body=lambda w: {"note": "周末"}),
    "interview-reschedule": Rule(pk("interview"), owners=("veteran", "employer"), body=REASON),
    "interview-cancel": Rule(pk("interview"), owners=("veteran", "employer"), body=REASON),
    "interview-outcome": Rule(pk("interview"), owners=("employer",), body=lambda w: {"outcome": ""}),
    "booth-queue": Rule(pk("booth"), owners=("employer",), staff=True, refusals={400: TAKE_NUMBER}),
    "booth-call-next": Rule(pk("booth"), owners=("employer",), staff=True),
    "queue-ticket-detail": Rule(pk("queue_ticket"), owners=("veteran", "employer")),
    "queue-ticket-leave": Rule(pk("queue_ticket"), owners=("veteran",)),
    "queue-ticket-finish": Rule(pk("queue_ticket"), owners=("employer",), body=lambda w: {"outcome": "skipped"}),
    "thread-detail": Rule(pk("application"), owners=("veteran", "employer")),
    "thread-messages": Rule(pk("application"), owners=("veteran", "employer"), body=MESSAGE),
    "thread-complaint": Rule(pk("application"), owners=("veteran", "employer"), body=REASON),
    "training-thread-detail": Rule(pk("enrollment"), owners=("veteran", "institution")),
    "training-thread-messages": Rule(pk("enrollment"), owners=("veteran", "institution"), body=MESSAGE),
    "training-thread-complaint": Rule(pk("enrollment"), owners=("veteran", "institution"), body=REASON),
    # --- training ------------------------------------------------------------------------------------------------
    "training:course_detail": Rule(pk("hidden_course")),
    "training:class_detail": Rule(pk("hidden_class")),
    "training:class_enrol": Rule(pk("hidden_class")),
    "training:enrollment_withdraw": Rule(pk("enrollment"), owners=("veteran",)),
    "training:enrollment_detail": Rule(pk("enrollment"), owners=("veteran",)),
    # messages per enrolment (bureau staff read only a complained thread: the world's has no complaint)
    "training:enrollment_messages": Rule(pk("enrollment"), owners=("veteran", "institution"), body=MESSAGE),
    "training:enrollment_complaint": Rule(pk("enrollment"), owners=("veteran", "institution"), body=REASON),
    "training:enrollment_message_attachment": Rule(pk("enrolment_message"), owners=("veteran", "institution")),
    "training:enrollment_evaluate": Rule(pk("enrollment"), owners=("veteran",)),
    "training:enrollment_claim": Rule(pk("enrollment"), owners=("veteran",), staff=True),
    "training:check_in": Rule(
        pk("session"), owners=("trainee",), body=session_code, public=CHECK_IN_PAGE, refusals={400: NOT_ENROLLED}
    ),
    "training:certificate_pdf": Rule(kw(number="certificate.number"), owners=("veteran",), staff=True),
    "training:certificate_verify": public(
        "the verification code is printed on the certificate for employers to check; " + NO_FORM,
        kw(code="certificate.verify_code"),
        ("GET", "POST"),
    ),
    "training:institution_detail": public(
        "an institution's public page; " + NO_FORM, pk("institution_org"), ("GET", "POST")
    ),
    "training:manage_course_edit": Rule(pk("course"), owners=("institution",), staff=True),
    "training:manage_class_new": Rule(pk("course", key="course_pk"), owners=("institution",), staff=True),
    "training:manage_class": Rule(pk("training_class"), owners=("institution",), staff=True),
    "training:manage_enrollment_action": Rule(
        with_const(pk("enrollment"), action="approve"), owners=("institution",), staff=True
    ),
    "training:manage_session": Rule(pk("session"), owners=("institution",), staff=True),
    "training:manage_session_qr": Rule(pk("session"), owners=("institution",), staff=True),
    "training:manage_session_mark": Rule(
        pk("session"), owners=("institution",), staff=True, body=lambda w: {"enrollment": w.enrollment.pk}
    ),
    "training:certificate_revoke": Rule(
        kw(number="certificate.number"), owners=("institution",), staff=True, body=REASON
    ),
    "training:claim_action": staff_only(with_const(pk("subsidy_claim"), action="approve")),
    "training:claim_detail": Rule(pk("subsidy_claim"), owners=("veteran", "institution"), staff=True),
    "training:claim_payee": Rule(pk("subsidy_claim"), owners=("veteran", "institution"), staff=True, body=PAYEE),
    "training:claim_attachment_add": Rule(pk("subsidy_claim"), owners=("veteran", "institution"), staff=True),
    "training:claim_attachment_file": Rule(pk("subsidy_attachment"), owners=("veteran", "institution"), staff=True),
    "training:claim_decide": staff_only(with_const(pk("subsidy_claim"), action="approve"), body=PAYMENT),
    "training:manage_class_edit": Rule(pk("training_class"), owners=("institution",), staff=True),
    "training:staff_evaluator_end": staff_only(pk("evaluator")),
    "training:evaluate_institution": Rule(pk("institution_org"), owners=("evaluator_user",)),
    "training-session-check-in": Rule(
        pk("session"), owners=("trainee",), body=session_code, refusals={400: NOT_ENROLLED}
    ),
    "training-certificate-verify": public(
        "the verification code is printed on the certificate for employers to check", kw(code="certificate.verify_code")
    ),
    "training-certificate-revoke": Rule(
        kw(number="certificate.number"), owners=("institution",), staff=True, body=REASON
    ),
    "training-course-detail": Rule(pk("hidden_course")),
    "training-class-detail": Rule(pk("hidden_class")),
    "training-class-enroll": Rule(pk("hidden_class")),
    "training-enrollment-detail": Rule(pk("enrollment"), owners=("veteran", "institution"), staff=True),
    "training-enrollment-approve": Rule(pk("pending_enrollment"), owners=("institution",), staff=True),
    "training-enrollment-reject": Rule(pk("pending_enrollment"), owners=("institution",), staff=True, body=REASON),
    "training-enrollment-withdraw": Rule(pk("pending_enrollment"), owners=("veteran",), refusals={400: OWN_WITHDRAWAL}),
    "training-subsidy-claim-detail": Rule(pk("subsidy_claim"), owners=("veteran",), staff=True),
    "training-subsidy-claim-approve": staff_only(pk("subsidy_claim")),
    "training-subsidy-claim-record-payment": staff_only(pk("subsidy_claim"), body=PAYMENT),
    "training-subsidy-claim-payee": Rule(pk("subsidy_claim"), owners=("veteran",), staff=True, body=PAYEE),
    "training-subsidy-claim-attachments": Rule(pk("subsidy_claim"), owners=("veteran",), staff=True),
    "training-class-manage": Rule(
        pk("training_class"), owners=("institution",), staff=True, body=lambda w: {"capacity": 12}
    ),
    "training-enrollment-assess": Rule(pk("enrollment"), owners=("institution",), staff=True, body=ASSESSMENT),
    "training-subsidy-claim-reject": staff_only(pk("subsidy_claim"), body=REASON),
    # --- entrepreneurship ---------------------------------------------------------------------------------------
    "entrepreneurship:enterprise_detail": Rule(pk("enterprise"), owners=("veteran",)),
    "entrepreneurship:enterprise_edit": Rule(pk("enterprise"), owners=("veteran",)),
    "entrepreneurship:enterprise_become_employer": Rule(pk("enterprise"), owners=("veteran",)),
    "entrepreneurship:base_detail": Rule(pk("hidden_base")),
    "entrepreneurship:residency_withdraw": Rule(pk("residency"), owners=("veteran",)),
    "entrepreneurship:residency_detail": Rule(pk("residency"), owners=("veteran",)),
    "entrepreneurship:operator_residency_action": Rule(
        with_const(pk("residency"), action="accept"), owners=("incubator",), staff=True, body=RESIDENCY_TERMS
    ),
    "entrepreneurship:mentor_detail": Rule(pk("pending_mentor")),
    "entrepreneurship:slot_book": public(BOOKING_FORM, pk("slot"), ("GET", "POST"), body=BOOK_WITH_OWNERS_PROJECT),
    "entrepreneurship:booking_action": Rule(with_const(pk("booking"), action="cancel"), owners=("veteran",)),
    "entrepreneurship:booking_detail": Rule(pk("booking"), owners=("veteran", "mentor")),
    "entrepreneurship:entry_detail": Rule(pk("entry"), owners=("veteran",)),
    "entrepreneurship:judge_add": staff_only(pk("competition")),
    "entrepreneurship:competition_detail": Rule(pk("draft_competition"), staff=True),
    "entrepreneurship:judging": Rule(pk("competition"), owners=("judge",)),
    "entrepreneurship:score_entry": Rule(kw(pk="competition", entry_pk="entry"), owners=("judge",)),
    "entrepreneurship:competition_manage": staff_only(pk("competition")),
    "entrepreneurship:competition_action": staff_only(with_const(pk("competition"), action="open")),
    "entrepreneurship:competition_results": Rule(pk("competition"), owners=("staff",), staff=True),  # unpublished
    "entrepreneurship:loan_apply": Rule(pk("hidden_loan_product")),
    "entrepreneurship:my_loan_detail": Rule(pk("loan_application"), owners=("veteran",)),
    "entrepreneurship:bank_product_edit": Rule(pk("loan_product"), owners=("bank",)),
    "entrepreneurship:bank_loan_detail": Rule(pk("loan_application"), owners=("bank",)),
    "entrepreneurship:declare_conflict": Rule(kw(pk="competition", entry_pk="entry"), owners=("judge",), body=REASON),
    "entrepreneurship:loan_document_download": Rule(pk("loan_document"), owners=("veteran", "bank")),
    "entrepreneurship:loan_document_upload": Rule(pk("loan_application"), owners=("veteran",)),
    "entrepreneurship:operator_base_action": Rule(
        with_const(pk("base"), action="room"), owners=("incubator",), staff=True, body=ROOM
    ),
    "entrepreneurship:operator_base_edit": Rule(pk("base"), owners=("incubator",), staff=True),
    "entrepreneurship:operator_base_plan": Rule(pk("base"), owners=("incubator",), staff=True),
    "entrepreneurship:staff_mentor_decide": staff_only(with_const(pk("pending_mentor"), decision="approve")),
    "entrepreneurship:staff_settlement_approve": staff_only(pk("settlement")),
    "competition-operation-conflicts": Rule(
        pk("competition"), owners=("judge",), staff=True, body=lambda w: {"entry": w.entry.pk, "reason": "矩阵测试"}
    ),
    "competition-operation-start-judging": staff_only(pk("competition")),
    "loan-schedule-detail": Rule(pk("loan_application"), owners=("veteran", "bank"), staff=True),
    "mentor-application-detail": Rule(pk("pending_mentor"), staff=True),
    "mentor-application-review": staff_only(pk("pending_mentor"), body=lambda w: {"approve": True}),
    "operated-incubator-allocations": Rule(
        pk("base"), owners=("incubator",), staff=True, body=lambda w: {"residency": w.residency.pk, "desks": [1]}
    ),
    "operated-incubator-detail": Rule(pk("base"), owners=("incubator",), staff=True),
    "operated-incubator-rooms": Rule(pk("base"), owners=("incubator",), staff=True, body=ROOM),
    "subsidy-settlement-approve": staff_only(pk("settlement")),
    "subsidy-settlement-detail": Rule(pk("settlement"), owners=("veteran", "bank"), staff=True),
    "enterprise-detail": Rule(pk("enterprise"), owners=("veteran",), staff=True),
    "incubator-detail": Rule(pk("hidden_base")),
    "residency-application-detail": Rule(pk("residency"), owners=("veteran", "incubator"), staff=True),
    "residency-application-accept": Rule(pk("residency"), owners=("incubator",), staff=True, body=RESIDENCY_TERMS),
    "residency-application-reject": Rule(pk("residency"), owners=("incubator",), staff=True, body=REASON),
    "mentor-detail": Rule(pk("pending_mentor")),
    "mentor-slot-detail": Rule(pk("pending_slot")),
    "mentor-booking-detail": Rule(pk("booking"), owners=("veteran", "mentor")),
    "mentor-booking-cancel": Rule(pk("booking"), owners=("veteran",)),
    "mentor-booking-notes": Rule(pk("booking"), owners=("mentor",)),
    "mentor-booking-rate": Rule(pk("booking"), owners=("veteran",)),
    "competition-entry-list": public(
        ENTRY_LIST, pk("competition", key="competition_pk"), staff=True, body=ENTRY, hidden=lambda w: w.entry.pitch
    ),
    "competition-entry-detail": Rule(kw(competition_pk="competition", pk="entry"), owners=("veteran",), staff=True),
    "competition-detail": Rule(pk("draft_competition")),
    "score-detail": Rule(pk("score"), owners=("judge",)),
    "loan-product-detail": Rule(pk("hidden_loan_product")),
    "loan-application-detail": Rule(pk("loan_application"), owners=("veteran", "bank"), staff=True),
    "loan-application-disburse": Rule(pk("loan_application"), owners=("bank",), body=lambda w: {"amount": "1000"}),
    "loan-application-review": Rule(pk("loan_application"), owners=("bank",), body=lambda w: {"decision": "approve"}),
    # --- benefits ------------------------------------------------------------------------------------------------
    "benefits:card_link": public(
        CODE_LINK,
        printed_card_token,
        owners=("merchant",),
        allow={"merchant": "every alliance merchant verifies any card shown at its counter"},
        hidden=lambda w: w.card.masked_name,
    ),
    "benefits:card_photo": Rule(lambda w: {"signed": w.card_photo_link}, owners=("veteran",), staff=True),
    "card-photo": Rule(lambda w: {"signed": w.card_photo_link}, owners=("veteran",), staff=True),
    "benefits:offer_detail": Rule(pk("hidden_offer")),
    "benefits:offer_edit": Rule(pk("offer"), owners=("merchant",)),
    "benefits:application_review": staff_only(pk("card_application")),
    "benefits:application_photo": staff_only(pk("card_application")),
    "benefits:card_manage": staff_only(pk("card")),
    "card-detail": Rule(pk("card"), owners=("veteran",)),
    "card-renew": Rule(pk("card"), owners=("veteran",)),
    "card-token": Rule(pk("card"), owners=("veteran",)),
    "merchant-detail": Rule(pk("hidden_merchant")),  # the public directory lists active merchants only
    "offer-detail": Rule(pk("hidden_offer")),
    "card-use-detail": Rule(pk("card_use"), owners=("veteran",)),  # the holder; merchants list theirs with ?as=merchant
}
