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


def certificate_pdf(certificate, *, verify_url: str) -> bytes:
    enrollment = certificate.enrollment
    course = enrollment.training_class.course
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"{certificate.get_certificate_type_display()} {certificate.number}")
    pdf.setLineWidth(3)
    pdf.rect(30, 30, width - 60, height - 60)
    pdf.setFont(FONT, 34)
    pdf.drawCentredString(width / 2, height - 110, certificate.get_certificate_type_display())
    pdf.setFont(FONT, 18)
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
    y = height - 180
    for line in lines:
        pdf.drawString(80, y, line)
        y -= 36
    pdf.drawImage(ImageReader(io.BytesIO(qr_png(verify_url))), width - 200, 60, 120, 120)
    pdf.setFont(FONT, 10)
    pdf.drawString(80, 70, _("Verify this certificate: %(url)s") % {"url": verify_url})
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
