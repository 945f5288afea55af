"""Demo content for the catalogue: 48 services across every department and channel.

The channel mix follows the municipality's own report (most services at outlets, about two
thirds on the website, about a third in the apps), so the coverage dashboard shows figures of
the same shape. Idempotent: services that already exist are left alone.
"""

from decimal import Decimal

from catalogue.models import ServicePage
from catalogue.services import ServiceData, ServiceTexts, service_upsert

# code, department, Arabic title, English title, fee, processing time (ar, en), audiences
SERVICES = [
    (
        "LIC-001",
        "licensing",
        "إصدار رخصة تجارية جديدة",
        "Issue a new trade licence",
        1500,
        ("يوم عمل واحد", "1 working day"),
        "businesses",
    ),
    ("LIC-002", "licensing", "تجديد رخصة تجارية", "Renew a trade licence", 500, ("فوري", "Instant"), "businesses"),
    ("LIC-003", "licensing", "حجز اسم تجاري", "Reserve a trade name", 200, ("فوري", "Instant"), "businesses"),
    ("LIC-004", "licensing", "إلغاء رخصة تجارية", "Cancel a trade licence", 100, ("يومان", "2 days"), "businesses"),
    (
        "LIC-005",
        "licensing",
        "تعديل نشاط تجاري",
        "Change a business activity",
        300,
        ("يوم عمل واحد", "1 working day"),
        "businesses",
    ),
    (
        "LIC-006",
        "licensing",
        "إصدار رخصة مهنية",
        "Issue a professional licence",
        1000,
        ("يوم عمل واحد", "1 working day"),
        "individuals|businesses",
    ),
    (
        "LIC-007",
        "licensing",
        "تصريح لوحة إعلانية",
        "Signboard permit",
        400,
        ("3 أيام عمل", "3 working days"),
        "businesses",
    ),
    (
        "LEA-001",
        "leasing",
        "تصديق عقد إيجار",
        "Attest a lease contract",
        0,
        ("يوم عمل واحد", "1 working day"),
        "individuals|businesses",
    ),
    (
        "LEA-002",
        "leasing",
        "تجديد عقد إيجار",
        "Renew a lease contract",
        0,
        ("فوري", "Instant"),
        "individuals|businesses",
    ),
    (
        "LEA-003",
        "leasing",
        "إلغاء عقد إيجار",
        "Cancel a lease contract",
        50,
        ("يوم عمل واحد", "1 working day"),
        "individuals|businesses",
    ),
    (
        "LEA-004",
        "leasing",
        "شهادة لمن يهمه الأمر لعقد إيجار",
        "Lease contract certificate",
        30,
        ("فوري", "Instant"),
        "individuals",
    ),
    (
        "LEA-005",
        "leasing",
        "تسجيل عقد إيجار تجاري",
        "Register a commercial lease",
        250,
        ("يومان", "2 days"),
        "businesses",
    ),
    (
        "LEA-006",
        "leasing",
        "فض نزاع إيجاري ودياً",
        "Amicable lease dispute settlement",
        0,
        ("5 أيام عمل", "5 working days"),
        "individuals|elderly",
    ),
    (
        "CP-001",
        "consumer-protection",
        "تقديم شكوى حماية المستهلك",
        "File a consumer protection complaint",
        0,
        ("5 أيام عمل", "5 working days"),
        "individuals|elderly|people-of-determination",
    ),
    (
        "CP-002",
        "consumer-protection",
        "بلاغ عن غش تجاري",
        "Report commercial fraud",
        0,
        ("3 أيام عمل", "3 working days"),
        "individuals",
    ),
    (
        "CP-003",
        "consumer-protection",
        "تصريح عروض وتخفيضات",
        "Sales and promotions permit",
        300,
        ("يوم عمل واحد", "1 working day"),
        "businesses",
    ),
    (
        "CP-004",
        "consumer-protection",
        "استفسار عن الأسعار",
        "Price inquiry",
        0,
        ("فوري", "Instant"),
        "individuals|elderly",
    ),
    (
        "CP-005",
        "consumer-protection",
        "تسجيل ضمان منتج",
        "Register a product warranty",
        0,
        ("يوم عمل واحد", "1 working day"),
        "individuals",
    ),
    (
        "CP-006",
        "consumer-protection",
        "تصريح مسابقة ترويجية",
        "Promotional draw permit",
        500,
        ("3 أيام عمل", "3 working days"),
        "businesses",
    ),
    (
        "PH-001",
        "public-health",
        "شهادة صحية للعاملين",
        "Health card for food workers",
        250,
        ("يومان", "2 days"),
        "individuals",
    ),
    (
        "PH-002",
        "public-health",
        "تصريح منشأة غذائية",
        "Food establishment permit",
        800,
        ("5 أيام عمل", "5 working days"),
        "businesses",
    ),
    (
        "PH-003",
        "public-health",
        "طلب مكافحة حشرات",
        "Pest control request",
        0,
        ("يومان", "2 days"),
        "individuals|elderly|people-of-determination",
    ),
    (
        "PH-004",
        "public-health",
        "شهادة إتلاف مواد غذائية",
        "Food disposal certificate",
        150,
        ("يوم عمل واحد", "1 working day"),
        "businesses",
    ),
    (
        "PH-005",
        "public-health",
        "تصريح نقل مواد غذائية",
        "Food transport vehicle permit",
        300,
        ("يومان", "2 days"),
        "businesses",
    ),
    (
        "PH-006",
        "public-health",
        "بلاغ صحي عام",
        "Public health report",
        0,
        ("يوم عمل واحد", "1 working day"),
        "individuals",
    ),
    (
        "PH-007",
        "public-health",
        "تصريح صالون حلاقة وتجميل",
        "Barber and beauty salon permit",
        600,
        ("3 أيام عمل", "3 working days"),
        "businesses",
    ),
    (
        "BLD-001",
        "buildings",
        "رخصة بناء جديد",
        "New building permit",
        2000,
        ("10 أيام عمل", "10 working days"),
        "individuals|businesses",
    ),
    (
        "BLD-002",
        "buildings",
        "رخصة هدم",
        "Demolition permit",
        700,
        ("5 أيام عمل", "5 working days"),
        "individuals|businesses",
    ),
    (
        "BLD-003",
        "buildings",
        "شهادة إنجاز مبنى",
        "Building completion certificate",
        500,
        ("5 أيام عمل", "5 working days"),
        "individuals|businesses",
    ),
    (
        "BLD-004",
        "buildings",
        "رخصة إضافة وتعديل",
        "Extension and alteration permit",
        800,
        ("5 أيام عمل", "5 working days"),
        "individuals",
    ),
    ("BLD-005", "buildings", "مخطط أرض", "Plot site plan", 100, ("يومان", "2 days"), "individuals|businesses"),
    ("BLD-006", "buildings", "تصريح سور مؤقت", "Temporary fence permit", 200, ("يومان", "2 days"), "businesses"),
    (
        "BLD-007",
        "buildings",
        "شهادة رقم مبنى",
        "Building number certificate",
        50,
        ("فوري", "Instant"),
        "individuals|elderly",
    ),
    (
        "ENV-001",
        "environment",
        "تصريح قطع أشجار",
        "Tree cutting permit",
        100,
        ("3 أيام عمل", "3 working days"),
        "individuals",
    ),
    (
        "ENV-002",
        "environment",
        "طلب إزالة مخلفات",
        "Waste removal request",
        0,
        ("يومان", "2 days"),
        "individuals|elderly|people-of-determination",
    ),
    (
        "ENV-003",
        "environment",
        "تصريح نقل نفايات",
        "Waste transport permit",
        400,
        ("3 أيام عمل", "3 working days"),
        "businesses",
    ),
    (
        "ENV-004",
        "environment",
        "شهادة حيازة زراعية",
        "Farm holding certificate",
        100,
        ("يوم عمل واحد", "1 working day"),
        "individuals",
    ),
    (
        "ENV-005",
        "environment",
        "طلب شتلات زراعية",
        "Request plant seedlings",
        0,
        ("5 أيام عمل", "5 working days"),
        "individuals|elderly",
    ),
    (
        "ENV-006",
        "environment",
        "بلاغ تلوث بيئي",
        "Report environmental pollution",
        0,
        ("يوم عمل واحد", "1 working day"),
        "individuals",
    ),
    (
        "ENV-007",
        "environment",
        "تصريح حفر بئر",
        "Well drilling permit",
        1000,
        ("10 أيام عمل", "10 working days"),
        "individuals|businesses",
    ),
    (
        "CH-001",
        "customer-happiness",
        "تقديم اقتراح",
        "Submit a suggestion",
        0,
        ("يومان", "2 days"),
        "individuals|elderly|people-of-determination",
    ),
    (
        "CH-002",
        "customer-happiness",
        "تقديم استفسار",
        "Submit an inquiry",
        0,
        ("يوم عمل واحد", "1 working day"),
        "individuals|businesses",
    ),
    (
        "CH-003",
        "customer-happiness",
        "طلب زيارة حافلة تحت أمرك",
        "Book an At Your Service bus visit",
        0,
        ("3 أيام عمل", "3 working days"),
        "elderly|people-of-determination",
    ),
    (
        "CH-004",
        "customer-happiness",
        "تقديم شكوى على خدمة",
        "Complain about a service",
        0,
        ("5 أيام عمل", "5 working days"),
        "individuals|businesses",
    ),
    (
        "CH-005",
        "customer-happiness",
        "طلب دعم فني للتطبيقات",
        "App technical support",
        0,
        ("يوم عمل واحد", "1 working day"),
        "individuals|businesses",
    ),
    (
        "CH-006",
        "customer-happiness",
        "شهادة لمن يهمه الأمر",
        "To-whom-it-may-concern certificate",
        50,
        ("فوري", "Instant"),
        "individuals|businesses",
    ),
    ("CH-007", "customer-happiness", "حجز موعد", "Book an appointment", 0, ("فوري", "Instant"), "individuals|elderly"),
    (
        "CH-008",
        "customer-happiness",
        "طلب خدمة منزلية لكبار المواطنين",
        "Home service for senior citizens",
        0,
        ("3 أيام عمل", "3 working days"),
        "elderly|people-of-determination",
    ),
]

KEYWORDS = {
    "licensing": ("رخصة|ترخيص|سجل تجاري", "licence|license|business permit"),
    "leasing": ("إيجار|عقد|تأجير", "lease|tenancy|rent"),
    "consumer-protection": ("شكوى|مستهلك|فزعة", "complaint|consumer rights"),
    "public-health": ("صحة|غذاء|تفتيش", "health|food|inspection"),
    "buildings": ("بناء|مبنى|تخطيط", "building|construction|planning"),
    "environment": ("بيئة|زراعة|نفايات", "environment|agriculture|waste"),
    "customer-happiness": ("إسعاد|متعاملين|استفسار", "happiness|customer|inquiry"),
}


def _channels(index: int, department: str) -> list[str]:
    """A deterministic channel mix: ~94% at outlets, ~65% on the website, ~35% in the apps."""
    online_only = index % 16 == 5
    channels = [] if online_only else ["counter", "mall-centre"]
    if index % 3 == 0 and not online_only:
        channels.append("kiosk")
    if index % 4 == 1 and not online_only:
        channels.append("dreesha")
    if index % 3 != 2 or online_only:
        channels.append("website")
    if index % 3 == 0 or online_only:
        channels.append("app-smart-fujairah")
    if department == "licensing" and "app-smart-fujairah" in channels:
        channels.append("app-rukhsati")
    if department in ("consumer-protection", "customer-happiness"):
        channels += ["call-centre", "chat", "email"]
    if department == "customer-happiness" or index % 9 == 0:
        channels.append("service-bus")
    return channels


def demo_services() -> list[ServiceData]:
    rows = []
    for index, (code, department, title_ar, title_en, fee, (time_ar, time_en), audiences) in enumerate(SERVICES):
        kw_ar, kw_en = KEYWORDS[department]
        channels = _channels(index, department)
        online = any(c in channels for c in ("website", "app-smart-fujairah", "app-rukhsati"))
        rows.append(
            ServiceData(
                code=code,
                department=department,
                channels=channels,
                audiences=audiences.split("|"),
                fee_aed=Decimal(fee),
                e_payment=online and fee > 0,
                uae_pass=online,
                ar=ServiceTexts(
                    title=title_ar,
                    summary=f"خدمة {title_ar} المقدمة من بلدية الفجيرة.",
                    description=f"<p>تتيح هذه الخدمة للمتعاملين {title_ar} عبر القنوات المتاحة، مع متابعة الطلب حتى إنجازه.</p>",
                    processing_time=time_ar,
                    documents=["صورة الهوية الإماراتية", "نموذج الطلب"],
                    steps=["تقديم الطلب", "دفع الرسوم" if fee else "مراجعة الطلب", "استلام النتيجة"],
                    keywords=kw_ar.split("|"),
                    fee_label="رسوم الخدمة",
                ),
                en=ServiceTexts(
                    title=title_en,
                    summary=f"{title_en}, a Fujairah Municipality service.",
                    description=f"<p>This service lets customers {title_en[0].lower() + title_en[1:]} through any available channel, and follows the request until it is complete.</p>",
                    processing_time=time_en,
                    documents=["Emirates ID copy", "Application form"],
                    steps=[
                        "Submit the application",
                        "Pay the fees" if fee else "Application review",
                        "Receive the result",
                    ],
                    keywords=kw_en.split("|"),
                    fee_label="Service fee",
                ),
            )
        )
    return rows


# The services people use most (shown on the home page).
MOST_USED = ["LIC-001", "LIC-002", "LEA-001", "CP-001", "PH-001", "BLD-001", "ENV-002", "CH-007"]


def _mark_most_used(codes) -> None:
    for page in ServicePage.objects.filter(code__in=codes, featured=False):
        draft = page.get_latest_revision_as_object()
        draft.featured = True
        draft.save_revision(log_action=True).publish()


def catalogue_seed_demo(*, stdout) -> int:
    from tqdm import tqdm

    existing = set(ServicePage.objects.values_list("code", flat=True))
    todo = [row for row in demo_services() if row.code not in existing]
    for row in tqdm(todo, desc="demo services", unit="service", disable=not todo):
        service_upsert(data=row)
    _mark_most_used([code for code in MOST_USED if code not in existing])
    stdout.write(f"catalogue: {len(todo)} demo services created, {len(existing)} already there")
    return len(todo)
