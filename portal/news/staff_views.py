"""Staff pages of policy and news: the list by state, the editor (draft, attachments), publish or schedule,
withdraw. Every change goes through portal.news.services; the admin's actions call the same."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.decorators import staff_required
from portal.form_errors import add_service_errors
from portal.news import selectors, services
from portal.news.forms import ArticleForm, AttachmentForm, PublishForm, WithdrawForm
from portal.news.models import Article
from portal.news.permissions import can_edit


@staff_required
def staff_list(request):
    status = request.GET.get("status", "")
    page = Paginator(selectors.staff_articles(status=status), 25).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "statuses": Article.Status.choices}
    return render(request, "news/staff_list.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def staff_edit(request, pk=None):
    article = get_object_or_404(Article, pk=pk) if pk else None
    initial = {"region": article.regions.first()} if article else {}
    form = ArticleForm(request.POST or None, instance=article, initial=initial)
    if request.method == "POST":
        if not can_edit(request.user):
            raise PermissionDenied
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in services.ARTICLE_FIELDS}
            region = form.cleaned_data["region"]
            try:
                saved = services.article_save(
                    staff_user=request.user, data=data, regions=[region] if region else [], article=article
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved as a draft."))
                return redirect("news:staff_edit", pk=saved.pk)
    context = {
        "article": article,
        "form": form,
        "publish_form": PublishForm(),
        "withdraw_form": WithdrawForm(),
        "attachment_form": AttachmentForm(),
    }
    return render(request, "news/staff_edit.html", context, status=400 if form.errors else 200)


def _transition(request, pk, form_class, call):
    if not can_edit(request.user):
        raise PermissionDenied
    article = get_object_or_404(Article, pk=pk)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            message = call(article, form.cleaned_data)
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            messages.success(request, message)
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect("news:staff_edit", pk=pk)


@require_POST
@staff_required
def staff_publish(request, pk):
    def call(article, data):
        article = services.article_publish(article=article, staff_user=request.user, at=data["publish_at"])
        if article.status == Article.Status.SCHEDULED:
            return _("Scheduled.")
        return _("Published.")

    return _transition(request, pk, PublishForm, call)


@require_POST
@staff_required
def staff_withdraw(request, pk):
    def call(article, data):
        services.article_withdraw(article=article, staff_user=request.user, reason=data["reason"])
        return _("Withdrawn.")

    return _transition(request, pk, WithdrawForm, call)


@require_POST
@staff_required
def staff_attach(request, pk):
    def call(article, data):
        services.attachment_add(article=article, staff_user=request.user, title=data["title"], upload=data["file"])
        return _("Attached.")

    return _transition(request, pk, AttachmentForm, call)
