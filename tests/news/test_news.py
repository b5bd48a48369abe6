"""政策/资讯 (issue 19, item 1): staff draft, schedule and publish (the beat task publishes at the time), a Chinese
search finds it, the veterans it targets see it on their page and others do not, withdrawal is audited."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from portal.models import AuditLog, Region
from portal.news import selectors, services
from portal.news.models import Article
from portal.news.tasks import publish_due_articles
from tests.factories import StaffFactory, UserFactory, VeteranFactory
from tests.jobs.test_browser import log_in

pytestmark = pytest.mark.django_db

DATA = {
    "kind": "policy",
    "category": "employment",
    "title": "关于进一步做好退役军人就业创业工作的通知",
    "summary": "明确退役军人专岗招聘、创业担保贷款贴息等扶持措施。",
    "body": "# 总体要求\n\n- 各地设立**退役军人专岗**\n- 创业担保贷款<script>alert(1)</script>贴息\n",
    "issuing_body": "福州市退役军人事务局",
    "document_number": "榕退役军人〔2026〕12号",
    "effective_date": datetime.date(2026, 12, 1),
    "audience": "veterans",
}


def _draft(**overrides):
    data = {**DATA, **overrides}
    regions = data.pop("regions", [])
    return services.article_save(staff_user=StaffFactory(), data=data, regions=regions)


def test_scheduled_article_is_published_by_the_beat_task_at_its_time_once():
    staff = StaffFactory()
    article = _draft()
    soon = timezone.now() + datetime.timedelta(minutes=30)
    services.article_publish(article=article, staff_user=staff, at=soon)
    article.refresh_from_db()
    assert article.status == Article.Status.SCHEDULED
    assert publish_due_articles.apply().get() == 0
    assert not Article.objects.published().exists()
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - datetime.timedelta(seconds=1))
    assert publish_due_articles.apply().get() == 1
    assert publish_due_articles.apply().get() == 0
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.published_at is not None
    actions = list(AuditLog.objects.filter(target_id=str(article.pk)).values_list("detail__news", flat=True))
    assert actions.count("published") == 1 and "scheduled" in actions and "drafted" in actions


def test_a_chinese_search_finds_published_articles_only():
    staff = StaffFactory()
    published = _draft()
    services.article_publish(article=published, staff_user=staff)
    _draft(title="退役军人创业担保贷款贴息办法（征求意见稿）")  # a draft: never listed
    assert list(selectors.public_articles(q="创业担保贷款")) == [published]
    assert list(selectors.public_articles(q="专岗招聘")) == [published]
    assert list(selectors.public_articles(q="养老保险")) == []
    assert list(selectors.public_articles(category="training")) == []


def test_policies_reach_the_veterans_they_target_and_no_one_else(client):
    staff = StaffFactory()
    fuzhou, quzhou = Region.objects.get(code="350100"), Region.objects.get(code="530300")
    for_fuzhou = services.article_publish(article=_draft(regions=[fuzhou]), staff_user=staff)
    for_all = services.article_publish(
        article=_draft(title="全省退役军人优待证使用指南", audience="everyone"), staff_user=staff
    )
    for_families = services.article_publish(
        article=_draft(title="随军家属就业安置办法", audience="families"), staff_user=staff
    )
    in_fuzhou = VeteranFactory(profile__region_code="350102")  # a district of 福州
    in_qujing = VeteranFactory(profile__region_code="530302")
    assert set(selectors.articles_for(in_fuzhou)) == {for_fuzhou, for_all}
    assert set(selectors.articles_for(in_qujing)) == {for_all}
    assert quzhou.pk  # the region exists: the Qujing veteran is excluded by targeting, not by missing data
    client.force_login(in_qujing)
    page = client.get("/me/").content.decode()
    assert for_all.title in page and for_fuzhou.title not in page and for_families.title not in page
    client.force_login(in_fuzhou)
    assert for_fuzhou.title in client.get("/me/").content.decode()
    assert for_all.title in client.get("/").content.decode()  # the home page shows the latest


def test_drafts_are_the_bureaus_the_body_is_sanitised_and_withdrawal_needs_a_reason(client):
    staff = StaffFactory()
    article = _draft()
    assert client.get(f"/news/{article.pk}/").status_code == 404
    client.force_login(UserFactory())
    assert client.get(f"/news/{article.pk}/").status_code == 404
    assert client.get("/news/staff/").status_code == 403
    services.article_publish(article=article, staff_user=staff)
    html = client.get(f"/news/{article.pk}/").content.decode()
    assert "<h2>总体要求</h2>" in html and "<strong>退役军人专岗</strong>" in html
    assert "<script>alert(1)</script>" not in html
    client.force_login(staff)
    response = client.post(f"/news/staff/{article.pk}/withdraw/", {"reason": ""}, follow=True)
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    client.post(f"/news/staff/{article.pk}/withdraw/", {"reason": "文件已废止"})
    article.refresh_from_db()
    assert article.status == Article.Status.WITHDRAWN and article.withdrawn_reason == "文件已废止"
    assert AuditLog.objects.filter(target_id=str(article.pk), detail__news="withdrawn", actor=staff).exists()
    client.force_login(UserFactory())
    assert client.get(f"/news/{article.pk}/").status_code == 404
    assert not selectors.public_articles(q="专岗").exists()


def test_attachments_follow_the_upload_rules_and_are_public_only_with_the_article(client):
    staff = StaffFactory()
    article = _draft()
    client.force_login(staff)
    bad = SimpleUploadedFile("policy.pdf", b"not a pdf at all", content_type="application/pdf")
    client.post(f"/news/staff/{article.pk}/attach/", {"title": "政策原文", "file": bad})
    assert not article.attachments.exists()
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), (200, 30, 30)).save(buffer, "PNG")
    image = SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")
    client.post(f"/news/staff/{article.pk}/attach/", {"title": "招聘会现场", "file": image})
    attachment = article.attachments.get()
    client.logout()
    assert client.get(f"/news/attachments/{attachment.pk}/").status_code == 404
    services.article_publish(article=article, staff_user=staff)
    response = client.get(f"/news/attachments/{attachment.pk}/")
    assert response.status_code == 200 and response["Content-Type"].startswith("image/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_draft_and_publish_a_policy_then_a_visitor_finds_it(page, live_server):
    page.url_base = live_server.url
    log_in(page, StaffFactory())
    page.goto("/staff/")
    page.click("nav a[href='/news/staff/']")
    page.click("text=新建文章")
    page.select_option("#id_kind", "policy")
    page.select_option("#id_category", "training")
    page.fill("#id_title", "退役军人职业技能培训补贴实施细则")
    page.fill("#id_body", "## 补贴标准\n\n取得职业技能等级证书的，按等级给予补贴。")
    page.fill("#id_document_number", "闽退役军人〔2026〕8号")
    page.click("[data-testid=article-form] button[type=submit]")
    page.wait_for_selector("[data-testid=publish-form]")
    page.click("[data-testid=publish-form] button[type=submit]")
    page.wait_for_selector("text=已发布")
    article = Article.objects.get(title="退役军人职业技能培训补贴实施细则")
    assert article.status == Article.Status.PUBLISHED

    page.context.clear_cookies()
    page.goto("/news/")
    page.fill("#news-q", "技能培训补贴")
    page.press("#news-q", "Enter")
    page.click("text=退役军人职业技能培训补贴实施细则")
    assert "闽退役军人〔2026〕8号" in page.inner_text("[data-testid=document-number]")
    assert "补贴标准" in page.inner_text("[data-testid=article-body] h2")
