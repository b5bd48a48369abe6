"""Small builders for portal tests: valid profile form data (posted step by step as the guided registration asks),
fake and real upload files."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from portal.models import MilitarySpecialty, Region
from portal.synthetic import make_id_number

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_upload(name="resume.pdf", size=None):
    content = MINIMAL_PDF if size is None else MINIMAL_PDF + b"0" * (size - len(MINIMAL_PDF))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def fake_pdf_upload():
    """An executable renamed to .pdf: the name and declared type lie, the content does not."""
    return SimpleUploadedFile("resume.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")


def png_upload(name="photo.png"):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def profile_form_data(**overrides) -> dict:
    fuzhou = Region.objects.get(code="350100")
    data = {
        "real_name": "李强",
        "id_number": make_id_number("350102", seq=11),
        "phone": "13912345678",
        "city": fuzhou.pk,
        "district": Region.objects.get(code="350102").pk,
        "service_branch": "army",
        "enlistment_date": "2010-09-01",
        "discharge_date": "2022-12-01",
        "rank": "sergeant",
        "military_specialties": [MilitarySpecialty.objects.get(code="M01").pk],
        "education": "3",
        "skills_text": "驾驶, 物流，仓储",
        "expected_salary": "6500",
        "employment_status": "seeking",
        "id_number_consent": "on",
    }
    data.update(overrides)
    return data


def step_data(step: str, data: dict) -> dict:
    """The part of `data` the step `step` posts (portal.profile_forms.PROFILE_STEPS)."""
    from portal.profile_forms import profile_step

    return {key: value for key, value in data.items() if key in profile_step(step).fields}


def post_profile(client, files: dict | None = None, **overrides):
    """Post every step of the guided registration in order, as a person would (the résumé step with `files`).
    Returns the first response that is not a redirect to the next step (a refusal), or the last one."""
    from portal.profile_forms import PROFILE_STEPS

    data = profile_form_data(**overrides)
    response = None
    for step in PROFILE_STEPS:
        payload = step_data(step.key, data) if step.key != "resume" else dict(files or {})
        response = client.post(f"/me/edit/{step.key}/", payload)
        if response.status_code != 302:
            return response
    return response
