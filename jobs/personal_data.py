"""What the jobs app holds about a person: the user's data download and account-deletion anonymization."""

from jobs.models import Application, FairRegistration, Interview, QueueTicket, SavedSearch
from portal.models import ThreadMessage
from portal.times import local_iso


def _my_application_messages(user):
    return ThreadMessage.objects.about_model(Application).filter(author=user).select_related("thread")


def export(user) -> dict:
    return {
        "applications": [
            {
                "position": a.position.title,
                "employer": a.position.organization.name,
                "status": a.status,
                "note": a.note,
                "applied_at": local_iso(a.created_at),
                "events": [
                    {"from": e.from_status, "to": e.to_status, "at": local_iso(e.created_at)} for e in a.events.all()
                ],
            }
            for a in Application.objects.filter(veteran=user)
            .select_related("position__organization")
            .prefetch_related("events")
        ],
        "fair_registrations": [
            {
                "fair": r.fair.title,
                "registered_at": local_iso(r.created_at),
                "checked_in_at": local_iso(r.checked_in_at),
            }
            for r in FairRegistration.objects.filter(user=user).select_related("fair")
        ],
        "interviews": [
            {
                "position": i.application.position.title,
                "status": i.status,
                "time": local_iso(i.booked_slot.starts_at) if i.slot() else None,
                "my_note": i.retime_note,
                "events": [{"what": e.kind, "note": e.note, "at": local_iso(e.created_at)} for e in i.events.all()],
            }
            for i in Interview.objects.filter(application__veteran=user)
            .select_related("application__position", "booked_slot")
            .prefetch_related("events")
        ],
        "messages": [
            {
                "application": m.thread.object_id,
                "body": m.body,
                "has_attachment": bool(m.attachment),
                "at": local_iso(m.created_at),
            }
            for m in _my_application_messages(user)
        ],
        "queue_numbers": [
            {"booth": t.booth_id, "number": t.number, "status": t.status, "at": local_iso(t.created_at)}
            for t in QueueTicket.objects.filter(user=user)
        ],
        "saved_searches": [
            {"name": s.name, "search": s.query_params(), "alerts": s.frequency, "saved_at": local_iso(s.created_at)}
            for s in SavedSearch.objects.filter(user=user)
        ],
    }


def erase(user) -> None:
    """Keep the counts employers and bureaus report, drop what identifies the person."""
    Application.objects.filter(veteran=user).update(note="", profile_snapshot={})
    Interview.objects.filter(application__veteran=user).update(retime_note="")
    # What the person wrote goes (their attachments with the rows); the employer's side of the thread stays.
    for message in _my_application_messages(user):
        message.delete()
    SavedSearch.objects.filter(user=user).delete()  # what the person looked for says much about them
