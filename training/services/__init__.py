"""Every write of the training app, one module per concept: courses (catalogue, classes, sessions), enrolment
(seats, waitlist, approval, completion), attendance, certificates, subsidies (claims, evidence, payments),
evaluations (trainee ratings), committee (evaluators, scores, results) and reminders;
checkin holds the rotating check-in codes attendance accepts. The public functions are re-exported here, so callers
write `from training import services` and `services.enrollment_create(...)`."""

from training.services.attendance import attendance_check_in, attendance_mark
from training.services.certificates import (
    certificate_issue,
    certificate_number,
    certificate_revoke,
    skill_certificate_issue,
)
from training.services.committee import (
    evaluation_results_publish,
    evaluator_appoint,
    evaluator_end,
    institution_evaluation_submit,
)
from training.services.courses import class_save, class_update, course_index, course_save, session_save
from training.services.enrolment import (
    class_seats,
    enrollment_approve,
    enrollment_complete,
    enrollment_create,
    enrollment_reject,
    enrollment_withdraw,
    waitlist_promote,
)
from training.services.evaluations import evaluation_submit
from training.services.reminders import session_reminders_send
from training.services.subsidies import (
    subsidy_attachment_add,
    subsidy_claim_approve,
    subsidy_claim_file,
    subsidy_claim_reject,
    subsidy_claim_set_payee,
    subsidy_payment_record,
)

__all__ = [
    "attendance_check_in",
    "attendance_mark",
    "certificate_issue",
    "certificate_number",
    "certificate_revoke",
    "class_save",
    "class_seats",
    "class_update",
    "course_index",
    "course_save",
    "enrollment_approve",
    "enrollment_complete",
    "enrollment_create",
    "enrollment_reject",
    "enrollment_withdraw",
    "evaluation_results_publish",
    "evaluation_submit",
    "evaluator_appoint",
    "evaluator_end",
    "institution_evaluation_submit",
    "session_reminders_send",
    "session_save",
    "skill_certificate_issue",
    "subsidy_attachment_add",
    "subsidy_claim_approve",
    "subsidy_claim_file",
    "subsidy_claim_reject",
    "subsidy_claim_set_payee",
    "subsidy_payment_record",
    "waitlist_promote",
]
