"""How a match score is made up, and the reasons shown beside it. Pure Python: the SQL lives in selectors.py.

A score is the sum of components (maximum 100). Selectors annotate each component as a column (`m_specialty`,
`m_category` …) so the database ranks thousands of rows; this module turns the few displayed rows into reasons.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SPECIALTY = 25  # military specialty → the position (welcomed by the employer, or via the crosswalk)
CATEGORY = 15  # the veteran's desired occupations
CATEGORY_NEAR = 8  # same occupation group as a desired one
SKILLS = 15  # direct skill tag overlap
SKILL_EACH = 5
REGION_DISTRICT = 20
REGION_CITY = 15  # same city, or inside a region the veteran chose
REGION_PROVINCE = 6
SALARY = 10
SALARY_NEAR = 4  # pay at most 20% below the expectation
SALARY_UNKNOWN = 5  # no expectation given
EDUCATION = 5
EXPERIENCE = 5
PRIORITY = 5  # the employer prefers veterans
CROSSWALK_SKILL_FACTOR = 0.8  # a specialty reaching a position through skill tags counts a little less

PUSH_THRESHOLD = 50  # a new position is pushed to veterans scoring at least this
COMPONENTS = ["specialty", "category", "skills", "region", "salary", "education", "experience", "priority"]


def specialty_points(weight: int) -> int:
    """Crosswalk weight (1–100) → points. Kept in step with the SQL expression in selectors."""
    return weight * SPECIALTY // 100


@dataclass
class Match:
    score: int
    parts: dict = field(default_factory=dict)
    reasons: list = field(default_factory=list)


def shown_parts(parts: dict, position) -> dict:
    """Parts worth a reason: meeting a requirement of "none" is no reason to apply."""
    shown = dict(parts)
    if not position.education:
        shown["education"] = 0
    if not position.experience_years:
        shown["experience"] = 0
    return shown


# The reasons in two voices: to the veteran about a position ("your specialty"), and to the employer about a
# candidate ("their specialty"). The same components, so both sides read the same match.
_VETERAN_WORDING = {
    "specialty": gettext_lazy("Your %(specialty)s specialty matches this position"),
    "desired_region": gettext_lazy("In a region you chose"),
    "category": gettext_lazy("A kind of work you are looking for"),
    "category_near": gettext_lazy("Close to the work you are looking for"),
    "salary": gettext_lazy("Pay meets your expectation"),
    "education": gettext_lazy("Your education meets the requirement"),
    "experience": gettext_lazy("Your experience meets the requirement"),
}
_EMPLOYER_WORDING = {
    "specialty": gettext_lazy("Military specialty %(specialty)s matches this position"),
    "desired_region": gettext_lazy("Wants to work in this position's region"),
    "category": gettext_lazy("Looking for this kind of work"),
    "category_near": gettext_lazy("Looking for similar work"),
    "salary": gettext_lazy("This pay meets the candidate's expectation"),
    "education": gettext_lazy("Education meets the requirement"),
    "experience": gettext_lazy("Experience meets the requirement"),
}


def reasons_for(
    parts: dict,
    *,
    specialty_name: str = "",
    skills: list[str] = (),
    desired_region: bool = False,
    for_employer: bool = False,
):
    """Human reasons for the non-zero components of one match, most important first: addressed to the veteran, or
    (for_employer) to the employer looking at a candidate."""
    words = _EMPLOYER_WORDING if for_employer else _VETERAN_WORDING
    reasons = []
    if parts.get("specialty") and specialty_name:
        reasons.append(str(words["specialty"]) % {"specialty": specialty_name})
    region = parts.get("region", 0)
    if region >= REGION_DISTRICT:
        reasons.append(_("Same district"))
    elif region >= REGION_CITY:
        reasons.append(str(words["desired_region"]) if desired_region else _("Same city"))
    elif region >= REGION_PROVINCE:
        reasons.append(_("Same province"))
    if parts.get("category", 0) >= CATEGORY:
        reasons.append(str(words["category"]))
    elif parts.get("category"):
        reasons.append(str(words["category_near"]))
    if parts.get("skills") and skills:
        reasons.append(_("Skills match: %(skills)s") % {"skills": _(", ").join(skills[:4])})
    if parts.get("salary", 0) >= SALARY:
        reasons.append(str(words["salary"]))
    for component in ("education", "experience"):
        if parts.get(component):
            reasons.append(str(words[component]))
    if parts.get("priority"):
        reasons.append(_("Veterans preferred"))
    return reasons
