"""Seed the job search's thesaurus with the synonym groups and occupation aliases a Chinese job board needs
(staff edit them in the admin afterwards). Positions already indexed are re-indexed with them."""

from django.db import migrations

# (main word, other words that mean the same)
SYNONYMS = [
    ("驾驶员", "司机 驾驶人员 驾车员"),
    ("保安", "安保 保安员 安保员 护卫 门卫"),
    ("快递员", "快递小哥 投递员 收派员"),
    ("配送员", "外卖骑手 骑手 送餐员 外卖员 送货员"),
    ("保洁员", "保洁 清洁工 保洁工 清洁员"),
    ("厨师", "厨工 炊事员 大厨 烹饪师"),
    ("电工", "电气维修工 维修电工 水电工"),
    ("焊工", "电焊工 焊接工 氩弧焊工"),
    ("叉车工", "叉车司机 叉车操作员"),
    ("仓库管理员", "仓管 仓管员 库管 库管员 仓储管理员"),
    ("普工", "操作工 生产工人 流水线工人 生产操作工"),
    ("客服", "客服专员 客户服务 话务员 接线员"),
    ("文员", "行政文员 办公室文员 内勤"),
    ("销售", "业务员 销售代表 销售专员 营销"),
    ("物业管理员", "物业管家 物业专员"),
    ("消防员", "消防队员 消防战斗员 专职消防员"),
    ("辅警", "协警 警务辅助人员"),
    ("网格员", "社区网格员 网格管理员"),
    ("汽车维修工", "汽修工 汽修 汽车修理工 机修工"),
    ("装卸工", "搬运工 装卸员"),
    ("押运员", "押运 武装押运员 守押员"),
    ("安检员", "安检 安全检查员"),
    ("无人机飞手", "无人机驾驶员 无人机操控员 飞手"),
    ("月嫂", "母婴护理师 母婴护理员"),
    ("育婴师", "育儿嫂 保育员"),
    ("护工", "护理员 陪护 养老护理员"),
    ("绿化工", "园林工 园艺工 花木工"),
    ("质检员", "质检 品检员 检验员 品管"),
    ("会计", "会计员 记账员 财务会计"),
    ("培训师", "讲师 内训师 培训讲师"),
    ("货车", "卡车 货运车 重卡"),
    ("客车", "大巴 大客车 巴士"),
    ("危险品", "危化品 危险货物"),
    ("主播", "带货主播 直播主播"),
]

# (alias, what it stands for: all of the words)
ALIASES = [
    ("货车司机", "驾驶员 货车"),
    ("卡车司机", "驾驶员 货车"),
    ("大巴司机", "驾驶员 客车"),
    ("客车司机", "驾驶员 客车"),
    ("公交司机", "驾驶员 公交"),
    ("出租车司机", "驾驶员 出租车"),
    ("网约车司机", "驾驶员 网约车"),
    ("物流司机", "驾驶员 物流"),
    ("冷链司机", "驾驶员 冷链"),
    ("危险品司机", "驾驶员 危险品"),
    ("电商主播", "主播 电商"),
    ("保安队长", "保安 队长"),
    ("水电维修工", "电工 维修"),
]


def seed(apps, schema_editor):
    SearchSynonym = apps.get_model("jobs", "SearchSynonym")
    rows = [SearchSynonym(kind="synonyms", term=term, words=words) for term, words in SYNONYMS]
    rows += [SearchSynonym(kind="alias", term=term, words=words) for term, words in ALIASES]
    SearchSynonym.objects.bulk_create(rows, ignore_conflicts=True)


def unseed(apps, schema_editor):
    terms = [term for term, _words in SYNONYMS + ALIASES]
    apps.get_model("jobs", "SearchSynonym").objects.filter(term__in=terms).delete()


def reindex(apps, schema_editor):
    # Positions indexed before the thesaurus existed; a fresh database has none and does nothing.
    from jobs.services.synonyms import positions_reindex
    from jobs.thesaurus import build

    Position = apps.get_model("jobs", "Position")
    if Position.objects.exists():
        positions_reindex(using=(Position, build(apps.get_model("jobs", "SearchSynonym").objects.all())))


class Migration(migrations.Migration):
    dependencies = [("jobs", "0004_saved_searches_and_synonyms")]

    operations = [
        migrations.RunPython(seed, unseed),
        migrations.RunPython(reindex, migrations.RunPython.noop),
    ]
