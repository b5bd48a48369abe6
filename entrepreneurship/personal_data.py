"""The user's entrepreneurship data for their JSON download, and its anonymization when the account is erased."""

from entrepreneurship.models import Enterprise, LoanApplication, LoanDocument, MentorBooking, MentorProfile


def export(user) -> dict:
    return {
        "enterprises": list(
            Enterprise.objects.filter(founder=user).values(
                "name", "industry", "stage", "uscc", "team", "team_size", "jobs_created", "funding_needs"
            )
        ),
        "mentor_bookings": list(
            MentorBooking.objects.filter(veteran=user).values(
                "slot__start", "topic", "question", "status", "rating", "rating_comment"
            )
        ),
        "loan_applications": list(
            LoanApplication.objects.filter(applicant=user).values(
                "product__name", "amount", "term_months", "purpose", "status", "subsidy_due"
            )
        ),
        "mentor_profile": list(MentorProfile.objects.filter(user=user).values("display_name", "title", "expertise")),
        # The documents themselves are downloaded from the loan page; the export lists what is held.
        "loan_documents": list(
            LoanDocument.objects.filter(application__applicant=user).values("application_id", "kind", "uploaded_at")
        ),
    }


def erase(user) -> None:
    # Statistics (jobs created, loans, subsidies) keep their rows; free text that may identify the person goes.
    Enterprise.objects.filter(founder=user).update(team="", description="")
    MentorBooking.objects.filter(veteran=user).update(question="", rating_comment="")
    LoanApplication.objects.filter(applicant=user).update(purpose="", documents_note="")
    # Licence, plan and ID copy are personal documents: the rows go, and their stored files with them (the
    # post_delete file clean-up of portal.uploads).
    for document in LoanDocument.objects.filter(application__applicant=user):
        document.delete()
    MentorProfile.objects.filter(user=user).update(display_name="—", bio="", status=MentorProfile.Status.REJECTED)
