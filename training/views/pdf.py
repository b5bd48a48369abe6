"""Certificate PDF. Chinese text uses reportlab's built-in CID font STSong-Light (Adobe-GB1): nothing is embedded,
every PDF reader ships the font, and the text stays extractable (the holder's name and number can be searched)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from portal.qr import qr_png

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _revoked_stamp(pdf, certificate, width, height) -> None:
    """A revoked certificate still downloads (the holder's record), but says so across the page: 已撤销, the date
    and the reason, as text a reader (and pypdf) extracts."""
    pdf.saveState()
    pdf.setFillColorRGB(0.8, 0, 0)
    pdf.setStrokeColorRGB(0.8, 0, 0)
    pdf.setFont(FONT, 64)
    pdf.translate(width / 2, height / 2)
    pdf.rotate(20)
    pdf.drawCentredString(0, 0, _("REVOKED"))
    pdf.restoreState()
    pdf.saveState()
    pdf.setFillColorRGB(0.8, 0, 0)
    pdf.setFont(FONT, 14)
    revoked_on = timezone.localtime(certificate.revoked_at).date()
    text = _("Revoked on %(date)s: %(reason)s") % {"date": revoked_on, "reason": certificate.revoke_reason}
    pdf.drawString(80, 100, text)
    pdf.restoreState()


def _certificate_lines(certificate) -> list[str]:
    enrollment = certificate.enrollment
    course = enrollment.training_class.course
    lines = [
        _("Holder: %(name)s") % {"name": certificate.holder_name or certificate.masked_holder_name},
        _("Course: %(course)s (%(hours)s hours)") % {"course": course.title, "hours": course.hours},
        _("Class: %(name)s, %(start)s – %(end)s")
        % {
            "name": enrollment.training_class.name,
            "start": enrollment.training_class.start_date,
            "end": enrollment.training_class.end_date,
        },
        _("Issued by: %(institution)s") % {"institution": course.institution.name},
        _("Certificate number: %(number)s") % {"number": certificate.number},
        _("Issued on: %(date)s") % {"date": timezone.localtime(certificate.issued_at).date()},
    ]
    if certificate.is_skill_certificate():
        lines[1:1] = [
            _("Occupation: %(occupation)s · Level: %(level)s")
            % {"occupation": certificate.occupation, "level": certificate.get_skill_level_display()},
            _("Assessed by: %(body)s on %(date)s")
            % {"body": certificate.assessment_body, "date": certificate.assessed_on},
            _("National certificate number: %(number)s") % {"number": certificate.national_number},
        ]
    return lines


def certificate_pdf(certificate, *, verify_url: str) -> bytes:
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"{certificate.get_certificate_type_display()} {certificate.number}")
    pdf.setLineWidth(3)
    pdf.rect(30, 30, width - 60, height - 60)
    pdf.setFont(FONT, 34)
    pdf.drawCentredString(width / 2, height - 110, certificate.get_certificate_type_display())
    lines = _certificate_lines(certificate)
    y = height - 170
    size = 18 if len(lines) <= 6 else 15
    pdf.setFont(FONT, size)
    for line in lines:
        pdf.drawString(80, y, line)
        y -= size * 2
    if certificate.revoked_at:
        _revoked_stamp(pdf, certificate, width, height)
    pdf.drawImage(ImageReader(io.BytesIO(qr_png(verify_url))), width - 200, 60, 120, 120)
    pdf.setFont(FONT, 10)
    pdf.drawString(80, 70, _("Verify this certificate: %(url)s") % {"url": verify_url})
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
