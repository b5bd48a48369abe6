"""Reads of articles: the public list (searched with jieba like the job search), and the policies that apply to a
signed-in person by region (the article's regions contain theirs, its city or province, or none is set) and by
who they are (veteran, family member, seeking work)."""

from django.db.models import Exists, OuterRef

from portal import search
from portal.news.models import Article
from portal.permissions import is_family_member, is_veteran

Regions = Article.regions.through


def public_articles(*, q: str = "", category: str = "", kind: str = ""):
    qs = Article.objects.published()
    if category in Article.Category.values:
        qs = qs.filter(category=category)
    if kind in Article.Kind.values:
        qs = qs.filter(kind=kind)
    qs, ranked = search.search(qs, q) if q.strip() else (qs, False)
    return qs.order_by("-search_rank", "-published_at", "-pk") if ranked else qs.order_by("-published_at", "-pk")


def _region_of(user):
    for name in ("veteran_profile", "family_profile"):
        profile = getattr(user, name, None)
        if profile is not None and profile.region_id:
            return profile.region
    return None


def _audiences_of(user) -> list[str]:
    audiences = [Article.Audience.EVERYONE]
    if is_veteran(user):
        audiences.append(Article.Audience.VETERANS)
        profile = getattr(user, "veteran_profile", None)
        if profile is not None and profile.employment_status == "seeking":
            audiences.append(Article.Audience.SEEKING)
    if is_family_member(user):
        audiences.append(Article.Audience.FAMILIES)
    return audiences


def articles_for(user, *, limit: int = 5):
    """Published policies and news that apply to this person: newest first."""
    region = _region_of(user)
    regional = Exists(Regions.objects.filter(article=OuterRef("pk")))
    ancestors = []
    while region is not None:
        ancestors.append(region.pk)
        region = region.parent
    mine = Exists(Regions.objects.filter(article=OuterRef("pk"), region__in=ancestors))
    qs = Article.objects.published().filter(audience__in=_audiences_of(user)).filter(~regional | mine)
    return qs.order_by("-published_at", "-pk")[:limit]


def staff_articles(*, status: str = ""):
    qs = Article.objects.all()
    if status in Article.Status.values:
        qs = qs.filter(status=status)
    return qs.order_by("-updated_at", "-pk")


def latest(limit: int = 5):
    return Article.objects.published().order_by("-published_at", "-pk")[:limit]
