"""Demo content: the municipality's own figures, news items that show them, and the 84-post
Instagram campaign (21 guidance, 36 adverts, 27 news). Idempotent: what exists is left alone.

The campaign runs around the day of seeding (five weeks back, one week ahead, two posts a day) so
that the editorial calendar and the report show posted, scheduled and draft posts.
"""

import datetime as dt
import io
from decimal import Decimal

from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.images import get_image_model

from news.models import NewsCategory, NewsPage, Platform, PostKind, PostStatus, SocialPost, SocialPostImage
from news.services import (
    IndicatorRow,
    NewsData,
    NewsTexts,
    campaign_upsert,
    indicator_upsert,
    news_upsert,
    social_post_save,
)

# The remote-work period's exact dates are not in the source figures; 22 March to 24 July 2020
# is assumed (the year-to-date figures end on 24 July).
REMOTE_START, REMOTE_END = dt.date(2020, 3, 22), dt.date(2020, 7, 24)
REMOTE_LABEL = ("خلال فترة العمل عن بعد", "During remote work")

# code, (name ar, en), (unit ar, en), (description ar, en), sort, values: (start, end, value, label ar, label en)
INDICATORS = [
    (
        "app-downloads-smart-fujairah",
        ("تنزيلات تطبيق سمارت فجيرة", "Smart Fujairah app downloads"),
        ("تنزيل", "downloads"),
        (
            "عدد تنزيلات تطبيق سمارت فجيرة خلال فترة العمل عن بعد.",
            "Downloads of the Smart Fujairah app during remote work.",
        ),
        1,
        [(REMOTE_START, REMOTE_END, 7787, *REMOTE_LABEL)],
    ),
    (
        "app-downloads-rukhsati",
        ("تنزيلات تطبيق رخصتي", "Rukhsati app downloads"),
        ("تنزيل", "downloads"),
        ("عدد تنزيلات تطبيق رخصتي خلال فترة العمل عن بعد.", "Downloads of the Rukhsati app during remote work."),
        2,
        [(REMOTE_START, REMOTE_END, 3757, *REMOTE_LABEL)],
    ),
    (
        "transactions-remote-work",
        ("المعاملات المنجزة عن بعد", "Transactions completed remotely"),
        ("معاملة", "transactions"),
        (
            "المعاملات التي أنجزتها البلدية خلال فترة العمل عن بعد.",
            "Transactions the municipality completed during remote work.",
        ),
        3,
        [(REMOTE_START, REMOTE_END, 26501, *REMOTE_LABEL)],
    ),
    (
        "transactions-year-to-date",
        ("المعاملات المنجزة منذ بداية العام", "Transactions completed since the start of the year"),
        ("معاملة", "transactions"),
        (
            "المعاملات المنجزة من بداية العام حتى 24 يوليو، مقارنة بالفترة نفسها من العام السابق.",
            "Transactions completed from 1 January to 24 July, against the same period of the year before.",
        ),
        4,
        [
            (dt.date(2019, 1, 1), dt.date(2019, 7, 24), 40539, "2019 (حتى 24 يوليو)", "2019 (to 24 July)"),
            (dt.date(2020, 1, 1), dt.date(2020, 7, 24), 49641, "2020 (حتى 24 يوليو)", "2020 (to 24 July)"),
        ],
    ),
    (
        "calls-received",
        ("المكالمات الواردة", "Calls received"),
        ("مكالمة", "calls"),
        ("المكالمات التي استقبلها مركز الاتصال.", "Calls answered by the call centre."),
        5,
        [(REMOTE_START, REMOTE_END, 35211, *REMOTE_LABEL)],
    ),
    (
        "complaints",
        ("الشكاوى", "Complaints"),
        ("شكوى", "complaints"),
        ("الشكاوى التي تلقتها البلدية وعالجتها.", "Complaints the municipality received and handled."),
        6,
        [(REMOTE_START, REMOTE_END, 1718, *REMOTE_LABEL)],
    ),
    (
        "services-count",
        ("عدد الخدمات", "Number of services"),
        ("خدمة", "services"),
        ("عدد الخدمات التي تقدمها البلدية.", "The number of services the municipality offers."),
        7,
        [
            (dt.date(2019, 12, 31), dt.date(2019, 12, 31), 281, "سابقاً", "Before"),
            (dt.date(2020, 7, 24), dt.date(2020, 7, 24), 320, "حالياً", "Now"),
        ],
    ),
]

CATEGORIES = [
    ("services", "الخدمات", "Services"),
    ("smart-government", "الحكومة الذكية", "Smart government"),
    ("community", "المجتمع", "Community"),
    ("figures", "أرقام وإحصاءات", "Facts and figures"),
]

CAMPAIGN = ("remote-services-2020", "حملة الخدمات عن بعد", "Remote services campaign")
# 28 posts: 7 guidance, 12 adverts, 9 news; three rounds make the campaign's 21 / 36 / 27.
KIND_CYCLE = list("AGNA" * 7)
KIND_CYCLE[3] = KIND_CYCLE[19] = "N"
KINDS = {"G": PostKind.GUIDANCE, "A": PostKind.ADVERT, "N": PostKind.NEWS}
CAPTIONS = {
    PostKind.GUIDANCE: (
        "إرشادات: أنجز معاملتك من بيتك عبر تطبيق سمارت فجيرة، خطوة بخطوة.",
        "How to: complete your transaction from home with the Smart Fujairah app, step by step.",
    ),
    PostKind.ADVERT: (
        "خدمات البلدية متاحة على مدار الساعة عبر الموقع والتطبيقات ونافذة «دريشة».",
        "Municipal services around the clock on the website, in the apps and at the Dreesha window.",
    ),
    PostKind.NEWS: (
        "أخبار البلدية: 26,501 معاملة منجزة خلال فترة العمل عن بعد.",
        "Municipality news: 26,501 transactions completed during remote work.",
    ),
}
HASHTAGS = ("#بلدية_الفجيرة #الفجيرة #خدمات_ذكية", "#FujairahMunicipality #Fujairah #SmartServices")
IMAGE_COLOURS = [("#1f6f5c", "#f2c14e"), ("#8a4b08", "#f7f3e8"), ("#2d4b73", "#9cd3d8"), ("#5b2a86", "#f1e3ff")]


def _demo_images() -> list:
    """Four generated pictures (coloured shapes), created once and reused."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    image_model = get_image_model()
    images = []
    for number, (background, shape) in enumerate(IMAGE_COLOURS, start=1):
        title = f"news-demo-{number}"
        image = image_model.objects.filter(title=title).first()
        if image is None:
            picture = PILImage.new("RGB", (1600, 1600), background)
            draw = ImageDraw.Draw(picture)
            draw.ellipse((400, 400, 1200, 1200), fill=shape)
            draw.rectangle((0, 1400, 1600, 1600), fill=shape)
            buffer = io.BytesIO()
            picture.save(buffer, "PNG")
            image = image_model(title=title, description=f"Demo picture {number}")
            image.file = ImageFile(io.BytesIO(buffer.getvalue()), name=f"{title}.png")
            image.save()
        images.append(image)
    return images


def _indicators() -> int:
    from news.models import Indicator

    created = 0
    for code, (name_ar, name_en), (unit_ar, unit_en), (desc_ar, desc_en), order, values in INDICATORS:
        if Indicator.objects.filter(code=code).exists():
            continue
        indicator_upsert(
            code=code,
            name_ar=name_ar,
            name_en=name_en,
            unit_ar=unit_ar,
            unit_en=unit_en,
            description_ar=desc_ar,
            description_en=desc_en,
            source="بلدية الفجيرة / Fujairah Municipality",
            sort_order=order,
            values=[IndicatorRow(code, s, e, Decimal(v), la, le) for s, e, v, la, le in values],
        )
        created += 1
    return created


def _figures(heading: str, *codes: str) -> dict:
    from news.models import Indicator

    ids = list(Indicator.objects.filter(code__in=codes).values_list("pk", flat=True))
    return {"type": "figures", "value": {"heading": heading, "indicators": ids}}


def _related(*codes: str) -> dict:
    from catalogue.models import ServicePage

    ids = list(ServicePage.objects.filter(code__in=codes, locale__language_code="ar").values_list("pk", flat=True))
    return {"type": "related_services", "value": {"heading": "", "services": ids}}


def _text(html: str) -> dict:
    return {"type": "text", "value": html}


def _news_items(images) -> list[NewsData]:
    today = timezone.localdate()
    return [
        NewsData(
            code="remote-work-results",
            date=dt.date(2020, 7, 26),
            categories=["smart-government", "figures"],
            hero_image=images[0],
            ar=NewsTexts(
                "26,501 معاملة منجزة خلال فترة العمل عن بعد",
                "واصلت البلدية خدمة المتعاملين عن بعد دون انقطاع.",
                [
                    _text(
                        "<p>أنجزت بلدية الفجيرة 26,501 معاملة خلال فترة العمل عن بعد، واستقبل مركز الاتصال 35,211 مكالمة، وعولجت 1,718 شكوى.</p>"
                    ),
                    _figures("أرقام فترة العمل عن بعد", "transactions-remote-work", "calls-received", "complaints"),
                    {
                        "type": "quote",
                        "value": {"text": "لم تتوقف خدماتنا يوماً واحداً.", "attribution": "إدارة إسعاد المتعاملين"},
                    },
                    _related("CH-002", "CH-004"),
                ],
                "صورة تعبيرية لخدمات البلدية",
            ),
            en=NewsTexts(
                "26,501 transactions completed during remote work",
                "The municipality kept serving customers remotely without interruption.",
                [
                    _text(
                        "<p>Fujairah Municipality completed 26,501 transactions during remote work; the call centre answered 35,211 calls and 1,718 complaints were handled.</p>"
                    ),
                    _figures("Remote work in figures", "transactions-remote-work", "calls-received", "complaints"),
                    {
                        "type": "quote",
                        "value": {
                            "text": "Our services did not stop for a single day.",
                            "attribution": "Customer Happiness",
                        },
                    },
                    _related("CH-002", "CH-004"),
                ],
                "Illustration of municipal services",
            ),
        ),
        NewsData(
            code="smart-apps-downloads",
            date=dt.date(2020, 7, 20),
            categories=["smart-government", "figures"],
            hero_image=images[1],
            ar=NewsTexts(
                "إقبال على تطبيقي سمارت فجيرة ورخصتي",
                "7,787 تنزيلاً لتطبيق سمارت فجيرة و3,757 لتطبيق رخصتي.",
                [
                    _text(
                        "<p>سجل تطبيق سمارت فجيرة 7,787 تنزيلاً وتطبيق رخصتي 3,757 تنزيلاً خلال فترة العمل عن بعد.</p>"
                    ),
                    _figures("تنزيلات التطبيقات", "app-downloads-smart-fujairah", "app-downloads-rukhsati"),
                    _related("LIC-001", "LIC-002"),
                ],
                "شاشة هاتف بتطبيق البلدية",
            ),
            en=NewsTexts(
                "Strong uptake of the Smart Fujairah and Rukhsati apps",
                "7,787 downloads of Smart Fujairah and 3,757 of Rukhsati.",
                [
                    _text(
                        "<p>The Smart Fujairah app was downloaded 7,787 times and the Rukhsati app 3,757 times during remote work.</p>"
                    ),
                    _figures("App downloads", "app-downloads-smart-fujairah", "app-downloads-rukhsati"),
                    _related("LIC-001", "LIC-002"),
                ],
                "A phone showing the municipality's app",
            ),
        ),
        NewsData(
            code="transactions-growth",
            date=dt.date(2020, 7, 25),
            categories=["figures"],
            hero_image=images[2],
            ar=NewsTexts(
                "نمو المعاملات المنجزة بنسبة 22%",
                "49,641 معاملة منذ بداية العام حتى 24 يوليو مقابل 40,539 في العام السابق.",
                [
                    _text(
                        "<p>ارتفع عدد المعاملات المنجزة من بداية العام حتى 24 يوليو إلى 49,641 معاملة، مقابل 40,539 في الفترة نفسها من العام السابق.</p>"
                    ),
                    _figures("", "transactions-year-to-date"),
                ],
                "رسم بياني لنمو المعاملات",
            ),
            en=NewsTexts(
                "Completed transactions up 22%",
                "49,641 transactions from the start of the year to 24 July, against 40,539 the year before.",
                [
                    _text(
                        "<p>Transactions completed from the start of the year to 24 July rose to 49,641, against 40,539 in the same period of the year before.</p>"
                    ),
                    _figures("", "transactions-year-to-date"),
                ],
                "A chart of transaction growth",
            ),
        ),
        NewsData(
            code="services-catalogue-grows",
            date=dt.date(2020, 7, 15),
            categories=["services", "figures"],
            hero_image=images[3],
            ar=NewsTexts(
                "دليل الخدمات يتوسع إلى 320 خدمة",
                "ارتفع عدد خدمات البلدية من 281 إلى 320 خدمة.",
                [
                    _text("<p>أضافت البلدية خدمات جديدة ليرتفع عددها من 281 إلى 320 خدمة متاحة عبر جميع القنوات.</p>"),
                    _figures("عدد الخدمات", "services-count"),
                ],
                "أيقونات خدمات البلدية",
            ),
            en=NewsTexts(
                "The service catalogue grows to 320 services",
                "Municipal services have grown from 281 to 320.",
                [
                    _text(
                        "<p>The municipality added new services, growing the catalogue from 281 to 320 services across every channel.</p>"
                    ),
                    _figures("Number of services", "services-count"),
                ],
                "Icons of municipal services",
            ),
        ),
        NewsData(
            code="dreesha-windows",
            date=dt.date(2020, 6, 30),
            categories=["services"],
            hero_image=images[1],
            ar=NewsTexts(
                "نافذة «دريشة» في مسافي وقدفع",
                "أنجز معاملتك دون أن تغادر سيارتك.",
                [
                    _text("<p>تتيح نافذة الخدمة السريعة «دريشة» في مسافي وقدفع إنجاز المعاملات من السيارة.</p>"),
                    _related("LEA-001"),
                ],
                "نافذة دريشة",
            ),
            en=NewsTexts(
                "Dreesha windows in Masafi and Qidfa",
                "Complete your transaction without leaving your car.",
                [
                    _text(
                        "<p>The Dreesha fast-service windows in Masafi and Qidfa let customers complete transactions from their car.</p>"
                    ),
                    _related("LEA-001"),
                ],
                "A Dreesha window",
            ),
        ),
        NewsData(
            code="service-bus-seniors",
            date=dt.date(2020, 6, 15),
            categories=["community"],
            hero_image=images[3],
            ar=NewsTexts(
                "حافلة «تحت أمرك» تصل إلى كبار المواطنين",
                "خدمات البلدية تصل إلى بيوت كبار المواطنين وأصحاب الهمم.",
                [
                    _text("<p>تزور حافلة «تحت أمرك» كبار المواطنين وأصحاب الهمم لتقديم الخدمات في أماكنهم.</p>"),
                    _related("CH-003", "CH-008"),
                ],
                "حافلة تحت أمرك",
            ),
            en=NewsTexts(
                "The At Your Service bus reaches senior citizens",
                "Municipal services at the homes of senior citizens and people of determination.",
                [
                    _text(
                        "<p>The At Your Service bus visits senior citizens and people of determination to serve them where they are.</p>"
                    ),
                    _related("CH-003", "CH-008"),
                ],
                "The At Your Service bus",
            ),
        ),
        NewsData(
            code="new-opening-hours",
            date=today + dt.timedelta(days=5),
            categories=["services"],
            hero_image=None,
            go_live_at=timezone.now() + dt.timedelta(days=5),
            ar=NewsTexts(
                "مواعيد عمل جديدة لمراكز الخدمة",
                "تعلن البلدية مواعيد العمل الجديدة لمراكز الخدمة.",
                [_text("<p>تبدأ مراكز الخدمة العمل بمواعيدها الجديدة اعتباراً من الأسبوع المقبل.</p>")],
            ),
            en=NewsTexts(
                "New opening hours at the service centres",
                "The municipality announces new opening hours at its service centres.",
                [_text("<p>The service centres open with their new hours from next week.</p>")],
            ),
        ),
    ]


def _posts(images) -> int:
    from catalogue.models import ServicePage

    campaign = campaign_upsert(
        code=CAMPAIGN[0],
        name_ar=CAMPAIGN[1],
        name_en=CAMPAIGN[2],
        starts_on=timezone.localdate() - dt.timedelta(days=35),
        ends_on=timezone.localdate() + dt.timedelta(days=7),
        goal="تعريف المتعاملين بالخدمات الذكية والعمل عن بعد. / Make remote and smart services known.",
    )
    existing = set(SocialPost.objects.filter(campaign=campaign).values_list("code", flat=True))
    services = list(ServicePage.objects.filter(locale__language_code="ar").order_by("code")[:12])
    news = list(NewsPage.objects.filter(locale__language_code="ar", live=True).order_by("code"))
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) - dt.timedelta(days=35)
    now = timezone.now()
    created = 0
    from tqdm import tqdm

    for number in tqdm(range(84), desc="demo posts", unit="post"):
        code = f"ig-remote-{number + 1:03d}"
        if code in existing:
            continue
        kind = KINDS[KIND_CYCLE[number % 28]]
        planned = start + dt.timedelta(days=number // 2, hours=9 * (number % 2))
        if planned < now:
            status = PostStatus.POSTED
        elif number >= 82:
            status = PostStatus.DRAFT
        else:
            status = PostStatus.SCHEDULED
        link = None
        if kind == PostKind.GUIDANCE and services:
            link = services[number % len(services)]
        elif kind == PostKind.NEWS and news:
            link = news[number % len(news)]
        reach = 1500 + (number * 137) % 2500 if status == PostStatus.POSTED else 0
        post = SocialPost(
            code=code,
            platform=Platform.INSTAGRAM,
            kind=kind,
            campaign=campaign,
            caption_ar=CAPTIONS[kind][0],
            caption_en=CAPTIONS[kind][1],
            hashtags_ar=HASHTAGS[0],
            hashtags_en=HASHTAGS[1],
            link_page=link,
            planned_at=planned,
            status=status,
            posted_at=planned if status == PostStatus.POSTED else None,
            post_url=f"https://www.instagram.com/p/demo-{code}/" if status == PostStatus.POSTED else "",
            reach=reach,
            likes=reach // 12,
            comments=reach // 180,
            followers_gained=number % 7 if reach else 0,
        )
        image = images[number % len(images)]
        post.images = [SocialPostImage(image=image, alt_ar="صورة الحملة", alt_en="Campaign picture")]
        social_post_save(post=post, publish=status != PostStatus.DRAFT)
        created += 1
    return created


def news_seed_demo(*, stdout) -> int:
    """Create the demo figures, news and campaign posts that are missing; returns how many."""
    for code, name_ar, name_en in CATEGORIES:
        NewsCategory.objects.get_or_create(code=code, defaults={"name_ar": name_ar, "name_en": name_en})
    images = _demo_images()
    indicators = _indicators()
    existing = set(NewsPage.objects.values_list("code", flat=True))
    todo = [item for item in _news_items(images) if item.code not in existing]
    for item in todo:
        news_upsert(data=item)
    posts = _posts(images)
    stdout.write(f"news: {indicators} figures, {len(todo)} news items and {posts} campaign posts created")
    return indicators + len(todo) + posts
