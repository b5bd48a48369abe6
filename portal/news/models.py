"""政策/资讯: articles and policy documents the bureau publishes, with attachments, for a region or the province.

An article is a draft until staff publish it now or schedule it (the beat task `news.publish_due` publishes it at
its time); a published article can be withdrawn with a reason. Transitions live in portal.news.services."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.uploads import ResumeField


def attachment_upload_to(instance, filename):
    import uuid

    return f"news/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1].lower()}"


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def due(self):
        return self.filter(status=Article.Status.SCHEDULED, publish_at__lte=timezone.now())


class Article(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        POLICY = "policy", _("Policy document")

    class Category(models.TextChoices):
        EMPLOYMENT = "employment", _("Employment")
        TRAINING = "training", _("Training")
        ENTREPRENEURSHIP = "entrepreneurship", _("Entrepreneurship")
        BENEFITS = "benefits", _("Preferential treatment")
        PLACEMENT = "placement", _("Resettlement")
        OTHER = "other", _("Other")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        VETERANS = "veterans", _("Veterans")
        FAMILIES = "families", _("Military families")
        SEEKING = "seeking", _("Veterans seeking work")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NEWS)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("body"), help_text=_("Markdown: headings (#), lists (-), links; images as attachments."))
    issuing_body = models.CharField(_("issuing body"), max_length=100, blank=True)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    regions = models.ManyToManyField(
        "portal.Region",
        blank=True,
        related_name="+",
        verbose_name=_("regions"),
        help_text=_("Leave empty for the whole province."),
    )
    audience = models.CharField(_("for"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    search_title = models.TextField(blank=True, editable=False)
    search_body = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self):
        return self.title

    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at is not None

    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SCHEDULED)

    def is_scheduled(self) -> bool:
        return self.status == self.Status.SCHEDULED

    def can_be_withdrawn(self) -> bool:
        return self.status != self.Status.WITHDRAWN


class Attachment(models.Model):
    """A file of an article: a policy's PDF or Word document, or an image shown in the article. Checked by content
    and size like a résumé (PDF, DOCX, JPEG, PNG); images are re-encoded without their metadata."""

    article = models.ForeignKey(Article, models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=100)
    file = ResumeField(_("file"), upload_to=attachment_upload_to)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title

    @property
    def is_image(self) -> bool:
        return self.file.name.rsplit(".", 1)[-1].lower() in ("jpg", "jpeg", "png")
