"""Every write of the training app, one module per concept: courses (catalogue, classes, sessions), enrolment
(seats, waitlist, approval, completion), attendance, certificates, subsidies (claims), evaluations and reminders;
checkin holds the rotating check-in codes attendance accepts. The public functions are re-exported here, so callers
write `from training import services` and `services.enrollment_create(...)`."""

from training.services.attendance import attendance_check_in, attendance_mark
from training.services.certificates import certificate_issue, certificate_number, certificate_revoke
from training.services.courses import class_save, course_index, course_save, session_save
from training.services.enrolment import (
    enrollment_approve,
    enrollment_complete,
    enrollment_create,
    enrollment_reject,
    enrollment_withdraw,
)
from training.services.evaluations import evaluation_submit
from training.services.reminders import session_reminders_send
from training.services.subsidies import (
    subsidy_claim_approve,
    subsidy_claim_file,
    subsidy_claim_mark_paid,
    subsidy_claim_reject,
)

__all__ = [
    "attendance_check_in",
    "attendance_mark",
    "certificate_issue",
    "certificate_number",
    "certificate_revoke",
    "class_save",
    "course_index",
    "course_save",
    "enrollment_approve",
    "enrollment_complete",
    "enrollment_create",
    "enrollment_reject",
    "enrollment_withdraw",
    "evaluation_submit",
    "session_reminders_send",
    "session_save",
    "subsidy_claim_approve",
    "subsidy_claim_file",
    "subsidy_claim_mark_paid",
    "subsidy_claim_reject",
]
