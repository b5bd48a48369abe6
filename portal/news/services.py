"""Every write to articles: drafting, scheduling, publishing, withdrawing and attachments. Pages, the admin's
actions and the beat task call these; each transition is written to the audit log."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import AuditLog
from portal.news.models import Article, Attachment
from portal.search import index_row
from portal.services.audit import audit_record
from portal.uploads import resume_prepare

ARTICLE_FIELDS = (
    "kind",
    "category",
    "title",
    "summary",
    "body",
    "issuing_body",
    "document_number",
    "effective_date",
    "audience",
)


def _index(article: Article) -> None:
    body = " ".join([article.summary, article.body, article.issuing_body, article.document_number])
    index_row(article, title=article.title, body=body)


@transaction.atomic
def article_save(*, staff_user, data: dict, regions=(), article: Article | None = None) -> Article:
    """Create a draft, or edit a draft or scheduled article (a published one is withdrawn and redrafted instead,
    so what readers saw stays on record)."""
    if article is None:
        article = Article(created_by=staff_user)
    else:
        article = Article.objects.select_for_update().get(pk=article.pk)
        if not article.is_editable():
            raise ValidationError(_("A published or withdrawn article cannot be edited."))
    for name in ARTICLE_FIELDS:
        if name in data:
            setattr(article, name, data[name])
    article.full_clean(exclude=["created_by", "status", "publish_at", "published_at"])
    created = article.pk is None
    article.save()
    article.regions.set(regions)
    _index(article)
    detail = {"news": "drafted" if created else "edited"}
    audit_record(actor=staff_user, action=AuditLog.Action.OTHER, target=article, detail=detail)
    return article


@transaction.atomic
def article_publish(*, article: Article, staff_user, at=None) -> Article:
    """Publish now, or at `at` (a future time: the beat task publishes it then)."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    if not article.is_editable():
        raise ValidationError(_("Only a draft or a scheduled article can be published."))
    now = timezone.now()
    if at is not None and at > now:
        article.status, article.publish_at = Article.Status.SCHEDULED, at
        article.save(update_fields=["status", "publish_at", "updated_at"])
        detail = {"news": "scheduled", "at": at.isoformat()}
        audit_record(actor=staff_user, action=AuditLog.Action.OTHER, target=article, detail=detail)
        return article
    article.status, article.published_at = Article.Status.PUBLISHED, now
    article.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(actor=staff_user, action=AuditLog.Action.APPROVE, target=article, detail={"news": "published"})
    return article


def publish_due() -> int:
    """Publish every scheduled article whose time has come (the beat task); each once, however often it runs."""
    published = 0
    for pk in Article.objects.due().values_list("pk", flat=True):
        with transaction.atomic():
            article = Article.objects.select_for_update(skip_locked=True).filter(pk=pk).due().first()
            if article is None:
                continue
            article.status, article.published_at = Article.Status.PUBLISHED, article.publish_at
            article.save(update_fields=["status", "published_at", "updated_at"])
            detail = {"news": "published", "scheduled": True}
            audit_record(actor=None, action=AuditLog.Action.APPROVE, target=article, detail=detail)
            published += 1
    return published


@transaction.atomic
def article_withdraw(*, article: Article, staff_user, reason: str) -> Article:
    article = Article.objects.select_for_update().get(pk=article.pk)
    if not article.can_be_withdrawn():
        raise ValidationError(_("The article has already been withdrawn."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for withdrawing it.")})
    article.status, article.withdrawn_at, article.withdrawn_reason = Article.Status.WITHDRAWN, timezone.now(), reason
    article.save(update_fields=["status", "withdrawn_at", "withdrawn_reason", "updated_at"])
    audit_record(actor=staff_user, action=AuditLog.Action.REJECT, target=article, detail={"news": "withdrawn"})
    return article


@transaction.atomic
def attachment_add(*, article: Article, staff_user, title: str, upload) -> Attachment:
    if not article.is_editable():
        raise ValidationError(_("A published or withdrawn article cannot be edited."))
    if not (title or "").strip():
        raise ValidationError({"title": _("Give the attachment a title.")})
    attachment = Attachment(article=article, title=title.strip(), file=resume_prepare(upload))
    attachment.save()
    audit_record(actor=staff_user, action=AuditLog.Action.OTHER, target=article, detail={"news": "attached"})
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, staff_user) -> None:
    if not attachment.article.is_editable():
        raise ValidationError(_("A published or withdrawn article cannot be edited."))
    audit_record(actor=staff_user, action=AuditLog.Action.OTHER, target=attachment.article, detail={"news": "detached"})
    attachment.delete()
