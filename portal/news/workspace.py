"""Policy and news in the workspaces (portal.pillars.WorkspaceSection): the policies for the person, and the
staff's articles not published yet."""

from django.utils.translation import gettext_lazy as _

from portal.models import Role
from portal.news.models import Article
from portal.news.permissions import can_edit
from portal.pillars import Link, Tally, WorkspaceSection


def unpublished_articles(user) -> int:
    return Article.objects.filter(status__in=(Article.Status.DRAFT, Article.Status.SCHEDULED)).count()


SECTIONS = (
    WorkspaceSection(
        key="news.reader",
        role=Role.VETERAN,
        title=_("Policy and news"),
        links=(Link("news.list", _("Policy and news"), "news:list"),),
    ),
    WorkspaceSection(
        key="news.staff",
        role=Role.STAFF,
        title=_("Policy and news"),
        allowed=can_edit,
        tallies=(
            Tally("news.unpublished", _("Drafts and scheduled articles"), unpublished_articles, "news:staff_list"),
        ),
        links=(Link("news.staff", _("Policy and news"), "news:staff_list"),),
    ),
)
