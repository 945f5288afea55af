"""The fixture catalogue and the relevance test set shared by the tests and the benchmarks.

The 48 demo services plus a few whose distinguishing words are only in the description, or carry
numbers and American spellings, so every kind of query in the relevance set has a target; plus
the transport catalogue of issue 14 (tests/search/transport_catalogue.py), whose judgements are
in tests/search/judgements.py. ``relevance_measure`` reports MRR and recall@5 overall, per
failure kind and per language (benchmarks/relevance.py prints them).
"""

from catalogue.demo import demo_services
from catalogue.services import ServiceData
from tests.search.transport_catalogue import fixture_service, transport_services

EXTRA = [
    # code, department, (title, summary, description) ar, (title, summary, description) en, keywords ar, en
    (
        "PH-008",
        "public-health",
        ("فحص مياه الشرب", "فحص عينات المياه.", "<p>تُحلّل العينات في المختبر المعتمد لدى البلدية.</p>"),
        ("Drinking water testing", "Water sample testing.", "<p>Samples are analysed in the municipal laboratory.</p>"),
    ),
    (
        "BLD-008",
        "buildings",
        ("تصريح تركيب ألواح شمسية", "تصريح للأسطح.", "<p>يشجع هذا التصريح على استخدام الطاقة النظيفة في المنازل.</p>"),
        (
            "Solar panel installation permit",
            "A rooftop permit.",
            "<p>This permit encourages renewable energy at home.</p>",
        ),
    ),
    (
        "ENV-008",
        "environment",
        ("ترخيص تربية الماشية", "ترخيص الحظائر.", "<p>يشمل الأغنام والإبل والأبقار في المزارع.</p>"),
        ("Livestock keeping licence", "Licensing of pens.", "<p>Covers sheep, camels and cattle on farms.</p>"),
    ),
    (
        "CH-009",
        "customer-happiness",
        ("استرداد الرسوم", "إعادة المبلغ.", "<p>إعادة المبلغ المدفوع خطأً إلى حساب المتعامل.</p>"),
        ("Fee refund", "Money returned.", "<p>Returns money paid by mistake to the customer's account.</p>"),
    ),
    (
        "PH-009",
        "public-health",
        ("تصريح فعالية لأكثر من 100 شخص", "تصريح الفعاليات.", "<p>لمن يرغب في تنظيم فعالية عامة.</p>"),
        (
            "Event permit for more than 100 people",
            "Event permits.",
            "<p>For anyone who wants to organize a public event.</p>",
        ),
    ),
]


def relevance_services() -> list[ServiceData]:
    rows = demo_services()
    rows += [
        fixture_service(code=code, department=department, ar=ar, en=en, processing=("يومان", "2 days"))
        for code, department, ar, en in EXTRA
    ]
    return rows + transport_services()


# (language, query, expected service code, what the query exercises)
QUERIES = [
    ("ar", "رخصة تجارية جديدة", "LIC-001", "title words"),
    ("ar", "تجديد الرخصة التجارية", "LIC-002", "article + ة"),
    ("ar", "حجز اسم تجاري", "LIC-003", "title"),
    ("ar", "إلغاء رخصه تجاريه", "LIC-004", "ه for ة"),
    ("ar", "الغاء رخصة تجارية", "LIC-004", "alef without hamza"),
    ("ar", "رُخْصَة مِهَنِيَّة", "LIC-006", "diacritics"),
    ("ar", "لوحة اعلانية", "LIC-007", "alef without hamza"),
    ("ar", "تصديق عقد ايجار", "LEA-001", "alef without hamza"),
    ("ar", "تجديد عقد الإيجار", "LEA-002", "hamza below"),
    ("ar", "نزاع ايجاري", "LEA-006", "nisba adjective"),
    ("ar", "شكوى حماية المستهلك", "CP-001", "alef maqsura"),
    ("ar", "غش تجاري", "CP-002", "title"),
    ("ar", "عروض وتخفيضات", "CP-003", "waw prefix, plural"),
    ("ar", "ضمان المنتجات", "CP-005", "plural"),
    ("ar", "شهادة صحية للعاملين", "PH-001", "prefix لل"),
    ("ar", "منشأة غذائية", "PH-002", "hamza on alef"),
    ("ar", "مكافحة الحشرات", "PH-003", "plural with article"),
    ("ar", "صالون حلاقة", "PH-007", "title"),
    ("ar", "رخصة بناء جديد", "BLD-001", "title"),
    ("ar", "رخصة هدم", "BLD-002", "title"),
    ("ar", "شهادة انجاز مبنى", "BLD-003", "no hamza"),
    ("ar", "شهادة رقم مبني", "BLD-007", "ي for ى"),
    ("ar", "قطع الأشجار", "ENV-001", "article"),
    ("ar", "ازالة المخلفات", "ENV-002", "no hamza"),
    ("ar", "حفر بئر", "ENV-007", "hamza on ya"),
    ("ar", "شتلات زراعية", "ENV-005", "plural"),
    ("ar", "حافلة تحت امرك", "CH-003", "no hamza"),
    ("ar", "حجز موعد", "CH-007", "title"),
    ("ar", "خدمة منزلية لكبار المواطنين", "CH-008", "prefix لـ"),
    ("ar", "مـــوعـــد", "CH-007", "tatweel"),
    ("ar", "رخصة هدن", "BLD-002", "typo"),
    ("ar", "مكافحه حشرت", "PH-003", "typo"),
    ("ar", "المختبر", "PH-008", "description only"),
    ("ar", "الطاقة النظيفة", "BLD-008", "description only"),
    ("ar", "الاغنام", "ENV-008", "description only, no hamza"),
    ("ar", "فعالية ١٠٠ شخص", "PH-009", "Arabic-Indic digits"),
    ("ar", "استرداد الرسوم", "CH-009", "title"),
    ("ar", "مکافحة حشرات", "PH-003", "Persian kaf"),
    ("ar", "تصريح نقل نفايات", "ENV-003", "title"),
    ("ar", "شهادة حيازة زراعيه", "ENV-004", "ه for ة"),
    ("en", "new trade licence", "LIC-001", "British spelling"),
    ("en", "renew trade license", "LIC-002", "American spelling"),
    ("en", "trade name reservation", "LIC-003", "stemming"),
    ("en", "cancel trade licence", "LIC-004", "title"),
    ("en", "professional license", "LIC-006", "American spelling"),
    ("en", "signboard", "LIC-007", "single word"),
    ("en", "attest lease", "LEA-001", "title"),
    ("en", "commercial lease registration", "LEA-005", "stemming"),
    ("en", "consumer complaint", "CP-001", "title"),
    ("en", "fraud", "CP-002", "single word"),
    ("en", "product warranties", "CP-005", "plural"),
    ("en", "health card", "PH-001", "title"),
    ("en", "pest control", "PH-003", "title"),
    ("en", "barber", "PH-007", "single word"),
    ("en", "demolition", "BLD-002", "single word"),
    ("en", "building completion", "BLD-003", "title"),
    ("en", "cutting trees", "ENV-001", "stemming"),
    ("en", "waste removal", "ENV-002", "title"),
    ("en", "seedlings", "ENV-005", "plural"),
    ("en", "well drilling", "ENV-007", "title"),
    ("en", "book appointment", "CH-007", "title"),
    ("en", "apointment", "CH-007", "typo"),
    ("en", "demolision", "BLD-002", "typo"),
    ("en", "laboratory", "PH-008", "description only"),
    ("en", "renewable energy", "BLD-008", "description only"),
    ("en", "camels", "ENV-008", "description only"),
    ("en", "refund", "CH-009", "title"),
    ("en", "organise an event", "PH-009", "British -ise in the query"),
    ("en", "home service senior citizens", "CH-008", "title"),
    ("en", "food transport", "PH-005", "title"),
    ("en", "Renewing licences", "LIC-002", "stemming and spelling"),
]
TYPO_NOTES = {"typo"}
# The failure kinds of issue 14 (tests/search/judgements.py); a free-text note counts as "plain".
KINDS = ("plain", "extra-word", "other-language", "broken-plural", "synonym", "typo")


def query_kind(note: str) -> str:
    return note if note in KINDS else "plain"


def relevance_figures(rows) -> dict:
    """MRR and recall@5 of (lang, q, expected, note, rank) rows."""
    if not rows:
        return {"mrr": 0.0, "recall_at_5": 0.0, "queries": 0}
    mrr = sum(1 / r[4] for r in rows if r[4]) / len(rows)
    recall = sum(1 for r in rows if r[4] and r[4] <= 5) / len(rows)
    return {"mrr": round(mrr, 3), "recall_at_5": round(recall, 3), "queries": len(rows)}


def relevance_measure(*, search, queries=None) -> dict:
    """MRR and recall@5 of ``search(lang, q) -> [codes]`` over ``queries`` (default: QUERIES).

    Overall, without typos, on typos, per failure kind (``by_kind``) and per language; ``misses``
    lists every query whose service was not first, with its rank (None: not found).
    """
    ranks = []
    for lang, q, expected, note in QUERIES if queries is None else queries:
        codes = search(lang, q)
        rank = codes.index(expected) + 1 if expected in codes else None
        ranks.append((lang, q, expected, note, rank))
    kinds = [k for k in KINDS if any(query_kind(r[3]) == k for r in ranks)]
    return {
        "all": relevance_figures(ranks),
        "without_typos": relevance_figures([r for r in ranks if r[3] not in TYPO_NOTES]),
        "typos": relevance_figures([r for r in ranks if r[3] in TYPO_NOTES]),
        "by_kind": {k: relevance_figures([r for r in ranks if query_kind(r[3]) == k]) for k in kinds},
        "by_lang": {lang: relevance_figures([r for r in ranks if r[0] == lang]) for lang in ("ar", "en")},
        "misses": [r for r in ranks if r[4] != 1],
    }
