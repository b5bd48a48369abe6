"""Who reads and who writes articles: published ones are public; drafts, scheduled and withdrawn ones are the
bureau's (staff with the news permission edit them)."""

from portal.permissions import is_bureau_staff


def can_read(user, article) -> bool:
    return article.is_public() or is_bureau_staff(user)


def can_edit(user) -> bool:
    return is_bureau_staff(user) and user.has_perm("news.change_article")
