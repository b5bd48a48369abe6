"""Celery tasks of the entrepreneurship app: none yet.

Every write here happens in a request (one service call each), and the only side effect, the notices to founders,
mentors and staff, goes through portal.services.notifications.notify, whose e-mail is already a shell task. No rule
of the app acts on time passing (residencies, bookings and loans change state only when someone acts), so there is
no periodic work. A task added here follows the others: thin, takes ids, imports its service inside the body.
"""
