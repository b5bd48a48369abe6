"""The e-mail of an account invitation, in the person's language (the text message is portal.services.sms's)."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from portal.models import AccountInvitation


def account_invitation_email_send(*, invitation_id: int, url: str) -> bool:
    invitation = AccountInvitation.objects.select_related("user").filter(pk=invitation_id).first()
    if invitation is None or invitation.status != AccountInvitation.Status.OPEN or not invitation.user.email:
        return False
    user = invitation.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = _("Your account on the veteran service platform is ready")
        text = _(
            "The veterans' affairs bureau has created your account on the veteran service platform.\n\n"
            "To take it over, open this link, confirm the last six characters of your ID number and choose a "
            "password:\n%(url)s\n\nThe link works until %(date)s. If you did not expect this e-mail, ignore it."
        ) % {"url": url, "date": invitation.expires_at.date().isoformat()}
    send_mail(subject, text, None, [user.email])
    return True
