"""Seed the default advertising term list (HCSA Advertisement Regulations 2021,
reg. 5 and reg. 16) on every site; marketers extend it as snippets.

The list is frozen here, as a migration must be: later additions are new rows made
in the admin or a later migration. Rows that exist already are left alone.
"""

from django.db import migrations

BLOCKING, WARNING = 3, 2
EN, ZH, ALL = "en", "zh-hans", ""

# (language, term, category, severity, exceptions, note)
TERMS = [
    # English superlatives and laudatory claims (reg. 5).
    (EN, "best", "superlative", BLOCKING,
     "best practice\nbest practices\nbest interest\nbest interests\nat best\n"
     "do our best\ndo your best\nbest way\nbest time\nbest to\nbest suited", ""),
    (EN, "No. 1", "superlative", BLOCKING, "", ""),
    (EN, "number one", "superlative", BLOCKING, "", ""),
    (EN, "#1", "superlative", BLOCKING, "", ""),
    (EN, "world-class", "superlative", BLOCKING, "", ""),
    (EN, "unrivalled", "superlative", BLOCKING, "", ""),
    (EN, "unparalleled", "superlative", BLOCKING, "", ""),
    (EN, "most advanced", "superlative", BLOCKING, "", ""),
    (EN, "miracle", "superlative", BLOCKING, "", ""),
    (EN, "leading", "superlative", WARNING,
     "leading to\nleading cause\nleading causes", "A claim to lead others is laudatory."),
    (EN, "cutting-edge", "superlative", WARNING, "", ""),
    (EN, "breakthrough", "superlative", WARNING, "", ""),
    # English guarantees and promises of a result (reg. 5).
    (EN, "guarantee", "guarantee", BLOCKING, "", ""),
    (EN, "cure", "guarantee", BLOCKING, "", ""),
    (EN, "risk-free", "guarantee", BLOCKING, "", ""),
    (EN, "risk free", "guarantee", BLOCKING, "", ""),
    (EN, "no side effects", "guarantee", BLOCKING, "", ""),
    (EN, "painless", "guarantee", WARNING, "", ""),
    (EN, "proven", "guarantee", WARNING, "", ""),
    (EN, "permanent", "guarantee", WARNING, "", ""),
    # English testimonials (reg. 5).
    (EN, "my experience", "testimonial", BLOCKING, "", ""),
    (EN, "testimonial", "testimonial", BLOCKING, "", ""),
    (EN, "our patients say", "testimonial", BLOCKING, "", ""),
    (EN, "patient review", "testimonial", BLOCKING, "", ""),
    (EN, "highly recommend", "testimonial", BLOCKING, "", ""),
    (EN, "five stars", "testimonial", BLOCKING, "", ""),
    (EN, "5 stars", "testimonial", BLOCKING, "", ""),
    # English before-and-after pictures (image titles, alt text, captions).
    (EN, "before and after", "before_after", BLOCKING, "", ""),
    (EN, "before/after", "before_after", BLOCKING, "", ""),
    (EN, "before-and-after", "before_after", BLOCKING, "", ""),
    (EN, "before & after", "before_after", BLOCKING, "", ""),
    # Chinese superlatives and laudatory claims (reg. 5).
    (ZH, "最好", "superlative", BLOCKING,
     "最好先\n最好在\n最好是\n最好与\n最好能\n最好咨询", ""),
    (ZH, "第一", "superlative", BLOCKING,
     "第一步\n第一次\n第一响应者\n第一道\n第一时间\n第一阶段\n第一天\n第一周\n"
     "第一个月\n第一部分\n第一类\n第一期\n第一代\n第一线", ""),
    (ZH, "最佳", "superlative", BLOCKING, "最佳时间\n最佳时机", ""),
    (ZH, "最先进", "superlative", BLOCKING, "", ""),
    (ZH, "顶级", "superlative", BLOCKING, "", ""),
    (ZH, "独一无二", "superlative", BLOCKING, "", ""),
    (ZH, "神奇", "superlative", BLOCKING, "", ""),
    (ZH, "奇迹", "superlative", BLOCKING, "", ""),
    (ZH, "领先", "superlative", WARNING, "", ""),
    (ZH, "权威", "superlative", WARNING, "", ""),
    (ZH, "唯一", "superlative", WARNING, "", ""),
    # Chinese guarantees and promises of a result (reg. 5).
    (ZH, "保证", "guarantee", BLOCKING, "", ""),
    (ZH, "根治", "guarantee", BLOCKING, "", ""),
    (ZH, "治愈", "guarantee", BLOCKING, "", ""),
    (ZH, "百分百", "guarantee", BLOCKING, "", ""),
    (ZH, "无副作用", "guarantee", BLOCKING, "", ""),
    (ZH, "零风险", "guarantee", BLOCKING, "", ""),
    (ZH, "无风险", "guarantee", BLOCKING, "", ""),
    (ZH, "药到病除", "guarantee", BLOCKING, "", ""),
    (ZH, "立竿见影", "guarantee", BLOCKING, "", ""),
    (ZH, "包治", "guarantee", BLOCKING, "", ""),
    (ZH, "永久", "guarantee", WARNING, "", ""),
    # Chinese testimonials (reg. 5).
    (ZH, "患者说", "testimonial", BLOCKING, "", ""),
    (ZH, "患者评价", "testimonial", BLOCKING, "", ""),
    (ZH, "亲身经历", "testimonial", BLOCKING, "", ""),
    (ZH, "我的经历", "testimonial", BLOCKING, "", ""),
    (ZH, "好评", "testimonial", BLOCKING, "", ""),
    (ZH, "客户见证", "testimonial", BLOCKING, "", ""),
    (ZH, "真实案例", "testimonial", WARNING, "", ""),
    # Chinese before-and-after pictures.
    (ZH, "前后对比", "before_after", BLOCKING, "", ""),
    (ZH, "治疗前", "before_after", BLOCKING, "", ""),
    (ZH, "治疗后", "before_after", BLOCKING, "", ""),
    (ZH, "术前", "before_after", BLOCKING, "", ""),
    (ZH, "术后", "before_after", BLOCKING, "", ""),
    (ZH, "对比图", "before_after", BLOCKING, "", ""),
    # Both languages.
    (ALL, "100%", "guarantee", BLOCKING, "", ""),
    # Review sites (reg. 16): part of a link's address.
    (ALL, "yelp.", "review_site", BLOCKING, "", ""),
    (ALL, "trustpilot.", "review_site", BLOCKING, "", ""),
    (ALL, "tripadvisor.", "review_site", BLOCKING, "", ""),
    (ALL, "google.com/maps", "review_site", BLOCKING, "", "Google reviews"),
    (ALL, "maps.google.", "review_site", BLOCKING, "", "Google reviews"),
    (ALL, "maps.app.goo.gl", "review_site", BLOCKING, "", "Google reviews"),
    (ALL, "g.page", "review_site", BLOCKING, "", "Google reviews"),
    (ALL, "search.google.com/local", "review_site", BLOCKING, "", "Google reviews"),
    (ALL, "/reviews", "review_site", BLOCKING, "", "A page of reviews"),
    (ALL, "dianping.com", "review_site", BLOCKING, "", "大众点评"),
    (ALL, "facebook.com", "review_site", WARNING, "",
     "A Facebook page may show reviews and recommendations."),
    (ALL, "xiaohongshu.com", "review_site", WARNING, "", "小红书"),
]


def seed(apps, schema_editor):
    AdvertisingTerm = apps.get_model("content_checks", "AdvertisingTerm")
    for language, term, category, severity, exceptions, note in TERMS:
        AdvertisingTerm.objects.get_or_create(
            language=language,
            term=term,
            defaults={
                "category": category,
                "severity": severity,
                "exceptions": exceptions,
                "note": note,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("content_checks", "0001_advertising_term")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
