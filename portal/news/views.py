"""Public pages of policy and news: the searchable list, an article, its attachments."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from portal.news import selectors
from portal.news.models import Article, Attachment
from portal.news.permissions import can_read
from portal.uploads import private_file_response


@require_safe
def article_list(request):
    q = request.GET.get("q", "").strip()[:100]
    category, kind = request.GET.get("category", ""), request.GET.get("kind", "")
    page = Paginator(selectors.public_articles(q=q, category=category, kind=kind), 20).get_page(request.GET.get("page"))
    context = {"page": page, "q": q, "category": category, "kind": kind, "categories": Article.Category.choices}
    return render(request, "news/article_list.html", context)


@require_safe
def article_detail(request, pk):
    article = get_object_or_404(Article.objects.prefetch_related("attachments", "regions"), pk=pk)
    if not can_read(request.user, article):
        raise Http404
    return render(request, "news/article_detail.html", {"article": article})


@require_safe
def attachment_file(request, pk):
    attachment = get_object_or_404(Attachment.objects.select_related("article"), pk=pk)
    if not can_read(request.user, attachment.article):
        raise Http404
    return private_file_response(attachment.file, stem=f"attachment-{pk}", as_attachment=not attachment.is_image)
