"""Printable A6 cards (benefit card, fair ticket): a PDF with a Chinese font embedded, so it prints the same on any
printer and its text stays extractable, and a QR code holding the long-lived signed link."""

import io
import os
from functools import cache

from django.conf import settings
from reportlab.lib.pagesizes import A6
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from portal.qr import qr_png

FONT_NAME = "PortalCJK"
DEFAULT_FONT_PATHS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",  # Debian: fonts-wqy-microhei
    "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
)


@cache
def cjk_font() -> str:
    """The registered name of the embedded CJK font (PRINT_CJK_FONT setting, else WenQuanYi Micro Hei)."""
    configured = getattr(settings, "PRINT_CJK_FONT", "")
    for path in (configured, *DEFAULT_FONT_PATHS):
        if path and os.path.exists(path):
            pdfmetrics.registerFont(TTFont(FONT_NAME, path, subfontIndex=0))
            return FONT_NAME
    raise RuntimeError("No CJK TrueType font found for printing: apt-get install fonts-wqy-microhei")


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of `text` no wider than `width`, broken between characters (Chinese has no spaces to break at)."""
    lines, line = [], ""
    for char in text:
        if pdfmetrics.stringWidth(line + char, font, size) > width and line:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line] if line else lines


def a6_card_pdf(*, title: str, rows: list[tuple[str, str]], link: str, code: str, notes: list[str]) -> bytes:
    """One A6 page: `title`, label/value `rows`, the QR code of `link`, the link and `code` in print, `notes`."""
    font = cjk_font()
    width, height = A6
    margin = 8 * mm
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A6)
    pdf.setTitle(title)
    pdf.setStrokeColorRGB(0.75, 0.1, 0.1)
    pdf.rect(4 * mm, 4 * mm, width - 8 * mm, height - 8 * mm)
    pdf.setFillColorRGB(0.75, 0.1, 0.1)
    pdf.setFont(font, 13)
    y = height - margin - 6 * mm
    for line in _wrap(title, font, 13, width - 2 * margin):
        pdf.drawString(margin, y, line)
        y -= 6 * mm
    pdf.setFillColorRGB(0, 0, 0)
    pdf.setFont(font, 9)
    for label, value in rows:
        pdf.drawString(margin, y, f"{label}: {value}")
        y -= 5 * mm
    qr_size = 42 * mm
    y -= qr_size
    pdf.drawImage(ImageReader(io.BytesIO(qr_png(link))), (width - qr_size) / 2, y, qr_size, qr_size)
    y -= 4 * mm
    pdf.setFont(font, 6)
    for text in (link, code):
        for line in _wrap(text, font, 6, width - 2 * margin):
            pdf.drawCentredString(width / 2, y, line)
            y -= 3 * mm
    pdf.setFont(font, 7)
    y -= 1 * mm
    for note in notes:
        for line in _wrap(note, font, 7, width - 2 * margin):
            pdf.drawString(margin, y, line)
            y -= 3.5 * mm
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def pdf_response(content: bytes, filename: str):
    from django.http import HttpResponse

    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
