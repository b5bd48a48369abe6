"""办事指南: one service guide per kind of application (what it is, who can apply, materials, steps, how long it
takes, contact). The bodies are Markdown files in portal/data/guides/<slug>.<language>.md, one per language, shown
through the same Markdown + nh3 filter as policy articles (portal.news); a missing translation falls back to the
Chinese text. The forms link to their guide with `{% guide_link "slug" %}` (portal.templatetags.guides)."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

GUIDE_DIR = Path(__file__).resolve().parent / "data" / "guides"


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str
    apply_url_name: str  # where the service is applied for (resolves without arguments)
    apply_label: str


GUIDES = (
    Guide("benefit-card", _("Applying for a benefit card"), "benefits:apply", _("Apply for a benefit card")),
    Guide("job-application", _("Applying for a position"), "jobs:index", _("Find positions")),
    Guide("job-fair", _("Registering for a job fair"), "jobs:fair_list", _("See the job fairs")),
    Guide("training-enrolment", _("Enrolling in training"), "training:index", _("Browse courses")),
    Guide(
        "startup-loan", _("Applying for a startup loan"), "entrepreneurship:product_list", _("See the loan products")
    ),
    Guide(
        "incubator-residency",
        _("Applying for residence in an incubator base"),
        "entrepreneurship:base_list",
        _("See the incubator bases"),
    ),
    Guide(
        "competition-entry",
        _("Entering an entrepreneurship competition"),
        "entrepreneurship:competition_list",
        _("See the competitions"),
    ),
    Guide("mentor-booking", _("Booking a startup mentor"), "entrepreneurship:mentor_list", _("See the mentors")),
    Guide("training-subsidy", _("Claiming a training subsidy"), "training:my_training", _("Go to my training")),
)
BY_SLUG = {guide.slug: guide for guide in GUIDES}


def guide_get(slug: str) -> Guide | None:
    return BY_SLUG.get(slug)


@cache
def _read(slug: str, language: str) -> str | None:
    path = GUIDE_DIR / f"{slug}.{language}.md"
    return path.read_text(encoding="utf-8") if path.is_file() else None


def guide_body(guide: Guide, language: str | None = None) -> str:
    """The guide's Markdown in `language` (the active one by default), else in the site's default language."""
    language = (language or get_language() or settings.LANGUAGE_CODE).lower()
    return _read(guide.slug, language) or _read(guide.slug, settings.LANGUAGE_CODE) or ""
