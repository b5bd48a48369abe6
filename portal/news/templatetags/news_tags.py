import markdown
import nh3
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# What an article body may contain once rendered: text structure and links, nothing that runs or loads.
TAGS = {"p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote", "table", "thead", "tbody"}
TAGS |= {"tr", "th", "td", "hr"}


@register.filter
def article_markdown(text: str):
    """Staff's Markdown as HTML, cleaned by nh3 (ammonia): headings start at h2 (the page's h1 is the title)."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    clean = nh3.clean(html, tags=TAGS, attributes={"a": {"href", "title"}}, link_rel="noopener noreferrer")
    return mark_safe(clean)  # noqa: S308 -- nh3 has removed every tag and attribute outside the lists above


@register.inclusion_tag("news/_article_list.html")
def latest_articles(limit: int = 5):
    """The home page's latest policy and news."""
    from portal.news.selectors import latest

    return {"articles": list(latest(limit)), "heading": "latest"}


@register.inclusion_tag("news/_article_list.html", takes_context=True)
def articles_for_me(context, limit: int = 5):
    """ "Policies that apply to me" on a person's page: by their region and who they are."""
    from portal.news.selectors import articles_for

    return {"articles": list(articles_for(context["request"].user, limit=limit)), "heading": "mine"}
