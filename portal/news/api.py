"""API of policy and news: the public list (searched like the page) and published articles. Writes stay on the
staff pages and the admin."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.routers import DefaultRouter

from portal.news import selectors
from portal.news.models import Article


class ArticleSerializer(serializers.ModelSerializer):
    regions = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "kind",
            "category",
            "title",
            "summary",
            "body",
            "issuing_body",
            "document_number",
            "effective_date",
            "audience",
            "regions",
            "published_at",
            "attachments",
        ]
        read_only_fields = fields

    def get_attachments(self, article) -> list[dict]:
        return [{"title": a.title, "url": f"/news/attachments/{a.pk}/"} for a in article.attachments.all()]


@extend_schema(
    parameters=[
        OpenApiParameter("q", str, description=str(_("Keywords"))),
        OpenApiParameter("category", str, enum=Article.Category.values),
        OpenApiParameter("kind", str, enum=Article.Kind.values),
    ]
)
class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    """Published policy documents and news, newest first (or best match for `q`)."""

    serializer_class = ArticleSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        query = self.request.query_params
        qs = selectors.public_articles(
            q=query.get("q", "")[:100], category=query.get("category", ""), kind=query.get("kind", "")
        )
        return qs.prefetch_related("regions", "attachments")


router = DefaultRouter()
router.register("articles", ArticleViewSet, basename="article")
urlpatterns = router.urls
