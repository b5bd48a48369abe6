"""Events one pillar announces so another can react without importing it: the sender imports only this module,
and the listener connects in its AppConfig.ready. Receivers run inside the sender's transaction, so they must
only queue their work (`task.delay_on_commit`), never do it there."""

from django.dispatch import Signal

# A trainee passed a class (training.services.enrolment.enrollment_complete). Keyword arguments:
# enrollment_id, user_id, course_title (str), occupation_ids (list of portal.OccupationCategory ids, maybe empty).
# jobs.matching proposes the graduate matching positions.
training_graduated = Signal()

# A veteran profile was saved or its verification changed (portal.services.profiles). Keyword arguments:
# profile_id. jobs.matching refreshes the veteran's stored recommendations and their place in candidate lists.
veteran_profile_changed = Signal()
