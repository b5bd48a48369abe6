"""The rules of the pillars a bureau may tune: review, retention, fairs, exports, benefit cards, training."""

from .environment import env

# Of the positions a trusted employer publishes without review, the share (%) that lands in the staff's spot-check
# queue, unless staff set another share for that employer.
POSITION_SPOT_CHECK_PERCENT = env.int("POSITION_SPOT_CHECK_PERCENT", default=20)
# The title on each kind of benefit card as the bureau names it; empty keeps the translated default
# (优待证 for veterans, 拥军优属卡 for family members).
BENEFIT_CARD_TITLES = {
    "veteran": env("BENEFIT_CARD_TITLE_VETERAN", default=""),
    "family": env("BENEFIT_CARD_TITLE_FAMILY", default=""),
}
# Audit log entries older than this are purged nightly; never less than 180 days (portal.staff.services).
AUDIT_LOG_RETENTION_DAYS = env.int("AUDIT_LOG_RETENTION_DAYS", default=365)
# Job fairs: check-in opens this many minutes before a fair starts and closes when it ends (staff may override,
# audited); a booth's signed "scan to apply" link is honoured this many days after it was issued, never after the fair.
FAIR_CHECKIN_EARLY_MINUTES = env.int("FAIR_CHECKIN_EARLY_MINUTES", default=60)
FAIR_SCAN_LINK_MAX_AGE_DAYS = env.int("FAIR_SCAN_LINK_MAX_AGE_DAYS", default=30)
# A staff export of more rows than this runs as a background job (progress bar, private download) instead of inside
# the request; its file is deleted this many hours after it is ready (portal.staff.services).
EXPORT_ASYNC_THRESHOLD = env.int("EXPORT_ASYNC_THRESHOLD", default=20000)
EXPORT_FILE_HOURS = env.int("EXPORT_FILE_HOURS", default=24)
# Training: check-in is accepted from this many minutes before a session starts until as many after it ends
# (a trainer records attendance outside that window only with a reason). Evaluation committee rubric weights (sum
# 100) and the score under which an institution is flagged for the next period's allocation.
TRAINING_CHECKIN_GRACE_MINUTES = env.int("TRAINING_CHECKIN_GRACE_MINUTES", default=30)
TRAINING_EVALUATION_WEIGHTS = {"teaching": 30, "attendance": 15, "completion": 20, "employment": 25, "ratings": 10}
TRAINING_EVALUATION_THRESHOLD = env.int("TRAINING_EVALUATION_THRESHOLD", default=60)
