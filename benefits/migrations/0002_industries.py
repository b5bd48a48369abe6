"""The 12 industries of the preferential-treatment list (优待清单), as reference data."""

from django.db import migrations

INDUSTRIES = [
    ("transport", "交通出行", "Transport"),
    ("culture-tourism", "文化旅游", "Culture and tourism"),
    ("medical", "医疗健康", "Medical and health"),
    ("elderly-care", "养老服务", "Elderly care"),
    ("retail", "商贸零售", "Retail and commerce"),
    ("catering", "餐饮服务", "Catering"),
    ("finance", "金融服务", "Financial services"),
    ("telecom", "通信服务", "Telecommunications"),
    ("education", "教育培训", "Education and training"),
    ("sports", "体育健身", "Sports and fitness"),
    ("living", "生活服务", "Household services"),
    ("lodging", "住宿服务", "Accommodation"),
]


def load(apps, schema_editor):
    Industry = apps.get_model("benefits", "Industry")
    for order, (code, name, name_en) in enumerate(INDUSTRIES, start=1):
        Industry.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en, "sort_order": order})


def unload(apps, schema_editor):
    apps.get_model("benefits", "Industry").objects.filter(code__in=[c for c, _n, _e in INDUSTRIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("benefits", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
