"""Match scores computed in the database: one side is fixed and loaded once, the other side is ranked in SQL.
`positions_for_veteran(profile)` ranks open positions for one veteran, `veterans_for_position(position)` veterans
for one position (push, candidates); both annotate the components (scoring.COMPONENTS) and `match_score`, which
explain_* turn into reasons. The stored lists (services/recommendations.py) are computed with these same queries."""

import datetime
import json
from importlib import import_module

from django.apps import apps
from django.db import connection
from django.db.models import (
    Case,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Greatest, Least

from jobs.matching import scoring
from jobs.matching.models import SpecialtyOccupation, SpecialtySkill
from jobs.models import Position
from portal.choices import EmploymentStatus
from portal.models import Region, VeteranProfile

INT = IntegerField()


def json_list_has(field: str, tag: str) -> Q:
    """`field` (a JSON list of strings) contains `tag` — containment on PostgreSQL, a text match on SQLite."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__contains": [tag]})
    # SQLite stores the list as json.dumps text, so the quoted, escaped tag appears verbatim.
    return Q(**{f"{field}_text__contains": json.dumps(tag)})


def _with_json_text(qs, field: str):
    if connection.vendor == "postgresql":
        return qs
    return qs.annotate(**{f"{field}_text": Cast(field, output_field=TextField())})


def specialty_label(specialty) -> str:
    """The specialty's name in the active language (the reference data carries Chinese and English names)."""
    return specialty.label


def _case(whens, default=0):
    whens = [w for w in whens if w is not None]
    if not whens:
        return Value(default, output_field=INT)
    return Case(*whens, default=Value(default), output_field=INT)


def _total(qs):
    return qs.annotate(match_score=sum((F(f"m_{c}") for c in scoring.COMPONENTS[1:]), F("m_" + scoring.COMPONENTS[0])))


def _region_ancestors(region: Region) -> list[int]:
    ids, node = [], region
    while node is not None:
        ids.append(node.pk)
        node = node.parent
    return ids


# --- one veteran, many positions ---------------------------------------------------------------------------------


class VeteranContext:
    """Everything about one veteran that the position ranking needs, loaded in a few queries."""

    def __init__(self, profile: VeteranProfile):
        self.profile = profile
        self.specialties = {s.pk: specialty_label(s) for s in profile.military_specialties.all()}
        self.category_weights: dict[int, tuple[int, str]] = {}
        for row in SpecialtyOccupation.objects.filter(specialty_id__in=self.specialties).order_by("weight"):
            self.category_weights[row.category_id] = (row.weight, self.specialties[row.specialty_id])
        self.tag_weights: dict[str, tuple[int, str]] = {}
        for row in SpecialtySkill.objects.filter(specialty_id__in=self.specialties).order_by("weight"):
            weight = int(row.weight * scoring.CROSSWALK_SKILL_FACTOR)
            self.tag_weights[row.tag] = (weight, self.specialties[row.specialty_id])
        self.skills = [s for s in dict.fromkeys(profile.skills or []) if isinstance(s, str) and s]
        desired = list(profile.desired_categories.all())
        self.desired_category_ids = [c.pk for c in desired]
        self.desired_group_ids = {c.parent_id or c.pk for c in desired}
        self.desired_prefixes = [r.code_prefix for r in profile.desired_regions.all()]
        self.region = profile.region

    def region_expression(self):
        whens = []
        region = self.region
        if region is not None:
            if region.level == Region.Level.DISTRICT:
                whens.append(When(region_id=region.pk, then=Value(scoring.REGION_DISTRICT)))
            if region.level >= Region.Level.CITY:
                whens.append(When(region__code__startswith=region.code[:4], then=Value(scoring.REGION_CITY)))
        if self.desired_prefixes:
            desired = Q()
            for prefix in self.desired_prefixes:
                desired |= Q(region__code__startswith=prefix)
            whens.append(When(desired, then=Value(scoring.REGION_CITY)))
        if region is not None:
            whens.append(When(region__code__startswith=region.code[:2], then=Value(scoring.REGION_PROVINCE)))
        return _case(whens)


def positions_for_veteran(profile: VeteranProfile, queryset=None, *, context: VeteranContext | None = None):
    """Open positions annotated with this veteran's match components and `match_score`, best first."""
    ctx = context or VeteranContext(profile)
    qs = (queryset if queryset is not None else Position.objects.published()).accepting()
    qs = _with_json_text(qs, "skills")
    welcomed = Exists(
        Position.military_specialties.through.objects.filter(
            position_id=OuterRef("pk"), militaryspecialty_id__in=list(ctx.specialties)
        )
    )
    by_category = _case([When(category_id=cid, then=Value(w)) for cid, (w, _n) in sorted(ctx.category_weights.items())])
    by_tag = _case(
        [
            When(json_list_has("skills", tag), then=Value(w))
            for tag, (w, _n) in sorted(ctx.tag_weights.items(), key=lambda kv: -kv[1][0])
        ]
    )
    specialty_weight = Greatest(
        _case([When(welcomed, then=Value(100))] if ctx.specialties else []), by_category, by_tag, output_field=INT
    )
    overlap = sum(
        (_case([When(json_list_has("skills", tag), then=Value(1))]) for tag in ctx.skills),
        Value(0, output_field=INT),
    )
    expected = profile.expected_salary
    if expected:
        salary = _case(
            [
                When(salary_max__gte=expected, then=Value(scoring.SALARY)),
                When(salary_max__gte=expected * 0.8, then=Value(scoring.SALARY_NEAR)),
            ]
        )
    else:
        salary = Value(scoring.SALARY_UNKNOWN, output_field=INT)
    return _total(
        qs.annotate(
            m_specialty=ExpressionWrapper(specialty_weight * scoring.SPECIALTY / 100, output_field=INT),
            m_category=_case(
                [
                    When(Q(category_id__in=ctx.desired_category_ids), then=Value(scoring.CATEGORY)),
                    When(Q(category__parent_id__in=ctx.desired_category_ids), then=Value(scoring.CATEGORY)),
                    When(Q(category__parent_id__in=ctx.desired_group_ids), then=Value(scoring.CATEGORY_NEAR)),
                ]
                if ctx.desired_category_ids
                else []
            ),
            m_skills=Least(overlap * scoring.SKILL_EACH, Value(scoring.SKILLS), output_field=INT),
            m_region=ctx.region_expression(),
            m_salary=salary,
            m_education=_case([When(education__lte=profile.education, then=Value(scoring.EDUCATION))]),
            m_experience=_case(
                [When(experience_years__lte=profile.years_of_service or 0, then=Value(scoring.EXPERIENCE))]
            ),
            m_priority=_case([When(veteran_priority=True, then=Value(scoring.PRIORITY))]),
        )
    ).order_by("-match_score", "-published_at", "-id")


def explain_position(row: Position, ctx: VeteranContext) -> scoring.Match:
    """Score and reasons for one annotated position row (from positions_for_veteran)."""
    parts = {c: getattr(row, f"m_{c}") for c in scoring.COMPONENTS}
    specialty_name = ""
    if parts["specialty"]:
        welcomed = {s.pk for s in row.military_specialties.all()} & set(ctx.specialties)
        candidates = [(100, ctx.specialties[pk]) for pk in welcomed]
        candidates.append(ctx.category_weights.get(row.category_id, (0, "")))
        candidates += [ctx.tag_weights[t] for t in row.skills or [] if t in ctx.tag_weights]
        specialty_name = max(candidates)[1]
    shared = [t for t in ctx.skills if t in (row.skills or [])]
    in_desired = any(row.region.code.startswith(p) for p in ctx.desired_prefixes)
    own_city = ctx.region is not None and row.region.code[:4] == ctx.region.code[:4]
    reasons = scoring.reasons_for(
        scoring.shown_parts(parts, row),
        specialty_name=specialty_name,
        skills=shared,
        desired_region=in_desired and not own_city,
    )
    return scoring.Match(score=row.match_score, parts=parts, reasons=reasons)


def recommended_positions(profile: VeteranProfile, *, limit: int = 50, min_score: int = 1, queryset=None):
    """The veteran's best open positions (among `queryset`, all published by default) as (position, Match) pairs."""
    ctx = VeteranContext(profile)
    rows = list(
        positions_for_veteran(profile, queryset, context=ctx)
        .filter(match_score__gte=min_score)
        .select_related("organization", "region__parent__parent", "category")
        .prefetch_related("military_specialties")[:limit]
    )
    return [(row, explain_position(row, ctx)) for row in rows]


# --- one position, many veterans ---------------------------------------------------------------------------------


class PositionContext:
    """Everything about one position that the veteran ranking needs."""

    def __init__(self, position: Position):
        self.position = position
        weights: dict[int, int] = {}
        for pk in position.military_specialties.values_list("pk", flat=True):
            weights[pk] = 100
        for row in SpecialtyOccupation.objects.filter(category_id=position.category_id):
            weights[row.specialty_id] = max(weights.get(row.specialty_id, 0), row.weight)
        for row in SpecialtySkill.objects.filter(tag__in=list(position.skills or [])):
            weight = int(row.weight * scoring.CROSSWALK_SKILL_FACTOR)
            weights[row.specialty_id] = max(weights.get(row.specialty_id, 0), weight)
        self.specialty_weights = weights
        self.skills = [s for s in dict.fromkeys(position.skills or []) if isinstance(s, str) and s]
        category = position.category
        self.category_ids = [category.pk] + ([category.parent_id] if category.parent_id else [])
        self.group_id = category.parent_id or category.pk
        self.region = position.region
        self.region_ancestor_ids = _region_ancestors(position.region)


def seeking_veterans(qs):
    return qs.filter(user__is_active=True).exclude(employment_status=EmploymentStatus.NOT_SEEKING)


def veterans_for_position(position: Position, queryset=None, *, context: PositionContext | None = None):
    """Verified veterans annotated with their match to this position (components and `match_score`)."""
    ctx = context or PositionContext(position)
    qs = seeking_veterans(queryset if queryset is not None else VeteranProfile.objects.verified())
    qs = _with_json_text(qs, "skills")
    # `pk IN (SELECT …)` rather than correlated EXISTS: PostgreSQL hashes each subquery once instead of probing
    # it for every veteran, which is what makes a 200,000-veteran fan-out take seconds, not minutes.
    through = VeteranProfile.military_specialties.through
    by_weight: dict[int, list[int]] = {}
    for specialty_id, weight in ctx.specialty_weights.items():
        by_weight.setdefault(scoring.specialty_points(weight), []).append(specialty_id)
    specialty = _case(
        [
            When(
                pk__in=through.objects.filter(militaryspecialty_id__in=sorted(ids)).values("veteranprofile_id"),
                then=Value(points),
            )
            for points, ids in sorted(by_weight.items(), reverse=True)
            if points
        ]
    )
    desired_through = VeteranProfile.desired_categories.through
    wants = Q(
        pk__in=desired_through.objects.filter(occupationcategory_id__in=ctx.category_ids).values("veteranprofile_id")
    )
    wants_group = Q(
        pk__in=desired_through.objects.filter(occupationcategory__parent_id=ctx.group_id).values("veteranprofile_id")
    )
    region_whens = []
    region = ctx.region
    if region.level == Region.Level.DISTRICT:
        region_whens.append(When(region_id=region.pk, then=Value(scoring.REGION_DISTRICT)))
    region_whens.append(When(region__code__startswith=region.code[:4], then=Value(scoring.REGION_CITY)))
    chose = Q(
        pk__in=VeteranProfile.desired_regions.through.objects.filter(region_id__in=ctx.region_ancestor_ids).values(
            "veteranprofile_id"
        )
    )
    region_whens.append(When(chose, then=Value(scoring.REGION_CITY)))
    region_whens.append(When(region__code__startswith=region.code[:2], then=Value(scoring.REGION_PROVINCE)))
    overlap = sum(
        (_case([When(json_list_has("skills", tag), then=Value(1))]) for tag in ctx.skills),
        Value(0, output_field=INT),
    )
    if position.experience_years:
        served_enough = Q(
            enlistment_date__lte=ExpressionWrapper(
                F("discharge_date") - datetime.timedelta(days=365 * position.experience_years),
                output_field=DateField(),
            )
        )
        experience = _case([When(served_enough, then=Value(scoring.EXPERIENCE))])
    else:
        experience = Value(scoring.EXPERIENCE, output_field=INT)
    return _total(
        qs.annotate(
            m_specialty=specialty,
            m_category=_case(
                [
                    When(wants, then=Value(scoring.CATEGORY)),
                    When(wants_group, then=Value(scoring.CATEGORY_NEAR)),
                ]
            ),
            m_skills=Least(overlap * scoring.SKILL_EACH, Value(scoring.SKILLS), output_field=INT),
            m_region=_case(region_whens),
            m_salary=_case(
                [
                    When(expected_salary__isnull=True, then=Value(scoring.SALARY_UNKNOWN)),
                    When(expected_salary__lte=position.salary_max, then=Value(scoring.SALARY)),
                    When(expected_salary__lte=position.salary_max * 1.25, then=Value(scoring.SALARY_NEAR)),
                ]
            ),
            m_education=_case([When(education__gte=position.education, then=Value(scoring.EDUCATION))]),
            m_experience=experience,
            m_priority=Value(scoring.PRIORITY if position.veteran_priority else 0, output_field=INT),
        )
    )


def push_recipients(position: Position, *, after_user_id: int = 0, limit: int = 5000, context=None) -> list[dict]:
    """The next batch (by user id) of veterans scoring at least the push threshold and allowing job push."""
    prefix = "user__notification_preference__"
    allows = Q(**{f"{prefix}isnull": True}) | Q(**{f"{prefix}job_push": True})
    qs = (
        veterans_for_position(position, context=context)
        .filter(allows, match_score__gte=scoring.PUSH_THRESHOLD, user_id__gt=after_user_id)
        .order_by("user_id")
    )
    return list(qs.values(*RECIPIENT_VALUES, "match_score")[:limit])


# The columns a bulk notifier needs about each recipient (see services.bulk_notify).
RECIPIENT_VALUES = [
    "user_id",
    "user__language",
    "user__email",
    "user__is_active",
    "user__notification_preference__email_enabled",
    "user__notification_preference__email_mode",
    "user__notification_preference__quiet_start",
    "user__notification_preference__quiet_end",
    "user__notification_preference__unsubscribed_at",
    "user__notification_preference__job_push",
    "user__notification_preference__weekly_picks",
    "user__notification_preference__fair_reminders",
]


def explain_veteran(row: VeteranProfile, ctx: PositionContext) -> scoring.Match:
    parts = {c: getattr(row, f"m_{c}") for c in scoring.COMPONENTS}
    specialty_name = ""
    if parts["specialty"]:
        best = max(
            ((ctx.specialty_weights.get(s.pk, 0), specialty_label(s)) for s in row.military_specialties.all()),
            default=(0, ""),
        )
        specialty_name = best[1]
    shared = [t for t in ctx.skills if t in (row.skills or [])]
    own_city = row.region is not None and row.region.code[:4] == ctx.region.code[:4]
    reasons = scoring.reasons_for(
        scoring.shown_parts(parts, ctx.position),
        specialty_name=specialty_name,
        skills=shared,
        desired_region=not own_city,
        for_employer=True,
    )
    return scoring.Match(score=row.match_score, parts=parts, reasons=reasons)


def candidate_profiles():
    return VeteranProfile.objects.verified().filter(open_to_employers=True)


def candidate_rows(position: Position, *, among=None, recently_trained=False, min_score=1, context=None):
    """Ranked candidates for the position (among profile ids `among`, all by default), best first."""
    profiles = candidate_profiles() if among is None else candidate_profiles().filter(pk__in=among)
    if recently_trained:
        training = _training_interface()
        if training is None:
            return VeteranProfile.objects.none()
        profiles = profiles.filter(user_id__in=training.recently_trained_user_ids())
    qs = veterans_for_position(position, profiles, context=context)
    return qs.filter(match_score__gte=min_score).order_by("-match_score", "user_id")


def candidates_for_position(position: Position, *, limit=50, offset=0, min_score=1, recently_trained=False, among=None):
    """Candidates as (profile, Match) pairs (the page masks them); each profile carries `recent_training` (titles
    of courses completed lately, see training.interface), and `recently_trained` keeps only those."""
    ctx = PositionContext(position)
    rows = candidate_rows(position, among=among, recently_trained=recently_trained, min_score=min_score, context=ctx)
    rows = list(rows.select_related("region").prefetch_related("military_specialties")[offset : offset + limit])
    training = _training_interface()
    trained = training.recent_graduations(user_ids=[r.user_id for r in rows]) if training and rows else {}
    for row in rows:
        row.recent_training = trained.get(row.user_id, [])
    return [(row, explain_veteran(row, ctx)) for row in rows]


def _training_interface():
    """training.interface (the training app's small read interface), or None where training is not installed."""
    return import_module("training.interface") if apps.is_installed("training") else None
