"""QR codes rendered as inline SVG with segno (no external service)."""

import io

import segno


def qr_svg(data: str, scale: int = 6) -> str:
    buffer = io.BytesIO()
    segno.make(data, error="m").save(buffer, kind="svg", scale=scale, border=2, xmldecl=False, svgns=True)
    return buffer.getvalue().decode()
