"""Demo policy and news: province-wide and city-targeted policies, news, one scheduled and one draft article.
Idempotent: articles are looked up by title."""

import datetime

from django.utils import timezone

from portal.models import Region
from portal.news import services
from portal.news.models import Article

ARTICLES = [
    # title, kind, category, audience, city, issuing body, document number, summary, state
    (
        "关于进一步做好退役军人就业创业工作的实施意见",
        "policy",
        "employment",
        "veterans",
        None,
        "省退役军人事务厅",
        "退役军人厅发〔2026〕15号",
        "明确专岗招聘、税费减免、创业担保贷款贴息等扶持措施。",
        "published",
    ),
    (
        "福州市退役军人创业担保贷款贴息办法",
        "policy",
        "entrepreneurship",
        "veterans",
        "350100",
        "福州市退役军人事务局",
        "榕退役军人〔2026〕8号",
        "个人最高30万元、小微企业最高300万元，按贷款市场报价利率给予贴息。",
        "published",
    ),
    (
        "南通市优待证合作商户名单（第三批）",
        "news",
        "benefits",
        "everyone",
        "320600",
        "南通市退役军人事务局",
        "",
        "新增拥军商户 120 家，覆盖交通、文旅、医疗、餐饮等行业。",
        "published",
    ),
    (
        "随军家属就业安置工作指引",
        "policy",
        "placement",
        "families",
        None,
        "省退役军人事务厅",
        "退役军人厅发〔2026〕21号",
        "随军家属可享受专场招聘、技能培训和就业推荐服务。",
        "published",
    ),
    (
        "2027年退役军人适应性培训开班通知",
        "news",
        "training",
        "veterans",
        None,
        "省退役军人事务厅",
        "",
        "适应性培训于春节后开班，报名请登录平台“培训”栏目。",
        "scheduled",
    ),
    ("退役军人创业孵化基地管理办法（征求意见稿）", "policy", "entrepreneurship", "everyone", None, "", "", "", "draft"),
]


def seed_demo(*, stdout, accounts: dict) -> None:
    staff = accounts["demo-staff"]
    for title, kind, category, audience, city, issuer, number, summary, state in ARTICLES:
        if Article.objects.filter(title=title).exists():
            continue
        data = {
            "kind": kind,
            "category": category,
            "title": title,
            "summary": summary,
            "body": f"## 主要内容\n\n{summary or title}\n\n## 适用对象\n\n- 符合条件的退役军人及其家属\n",
            "issuing_body": issuer,
            "document_number": number,
            "effective_date": timezone.localdate() - datetime.timedelta(days=30) if kind == "policy" else None,
            "audience": audience,
        }
        regions = [Region.objects.get(code=city)] if city else []
        article = services.article_save(staff_user=staff, data=data, regions=regions)
        if state == "published":
            services.article_publish(article=article, staff_user=staff)
        elif state == "scheduled":
            services.article_publish(article=article, staff_user=staff, at=timezone.now() + datetime.timedelta(days=7))
    stdout.write(f"news: {Article.objects.published().count()} published articles")
