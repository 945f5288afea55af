"""The judgement set of issue 14: queries as citizens type them, each tagged with its failure kind.

Searched over one catalogue: the demo services plus tests/search/catalogue.py's extras plus the
transport catalogue (tests/search/transport_catalogue.py). Kinds:

- ``plain``: the service's own words, in citizens' spelling (ه for ة, ى for ي, no hamza).
- ``extra-word``: a word the service does not contain ("renew driving licence" → Renew License).
- ``other-language``: English on the Arabic site, Arabic on the English one.
- ``broken-plural``: an Arabic broken plural where the service has the singular (or the reverse).
- ``synonym``: an everyday word the catalogue does not use (سيارة for مركبة, car for vehicle).
- ``typo``: a misspelling.
"""

from tests.search.catalogue import QUERIES

KINDS = ("plain", "extra-word", "other-language", "broken-plural", "synonym", "typo")

# (language, query, expected service code, kind)
TRANSPORT_QUERIES = [
    # --- plain: the service's words, as citizens spell them
    ("ar", "رخصه قياده دوليه", "TRN-006", "plain"),
    ("ar", "تسجيل مركبه جديده", "TRN-011", "plain"),
    ("ar", "نقل ملكيه مركبه", "TRN-013", "plain"),
    ("ar", "شطب مركبه", "TRN-015", "plain"),
    ("ar", "اللوحات المميزه", "TRN-025", "plain"),
    ("ar", "تصريح موقف لاصحاب الهمم", "TRN-033", "plain"),
    ("ar", "دفع المخالفات المروريه", "TRN-036", "plain"),
    ("ar", "بلاغ حفره في الطريق", "TRN-042", "plain"),
    ("ar", "عربه طعام متنقله", "TRN-059", "plain"),
    ("ar", "شهاده خلو مخالفات", "TRN-067", "plain"),
    ("ar", "فحص فنى للمركبات", "TRN-014", "plain"),
    ("ar", "بدل فاقد رخصه القياده", "TRN-003", "plain"),
    ("en", "window tint permit", "TRN-021", "plain"),
    ("en", "release impounded vehicle", "TRN-022", "plain"),
    ("en", "temporary road closure", "TRN-039", "plain"),
    ("en", "street lighting", "TRN-043", "plain"),
    ("en", "driveway permit", "TRN-045", "plain"),
    ("en", "kerb", "TRN-045", "plain"),
    ("en", "driving school licence", "TRN-058", "plain"),
    ("en", "accident report", "TRN-068", "plain"),
    ("en", "change vehicle color", "TRN-018", "plain"),
    ("en", "international driving license", "TRN-006", "plain"),
    ("en", "lost driving licence", "TRN-003", "plain"),
    ("en", "pothole", "TRN-042", "plain"),
    # --- extra-word: a word the service does not contain
    ("en", "renew driving licence", "TRN-002", "extra-word"),
    ("ar", "تجديد رخصه القياده", "TRN-002", "extra-word"),
    ("en", "renew my driving licence online", "TRN-002", "extra-word"),
    ("ar", "استخراج رخصه قياده جديده", "TRN-001", "extra-word"),
    ("en", "how to get a learning permit in fujairah", "TRN-004", "extra-word"),
    ("ar", "حجز رقم لوحه جديد", "TRN-030", "extra-word"),
    ("en", "transfer vehicle ownership after sale", "TRN-013", "extra-word"),
    ("ar", "طلب تصريح اغلاق طريق مؤقت للصيانه", "TRN-039", "extra-word"),
    ("en", "apply for residential parking permit villa", "TRN-031", "extra-word"),
    ("en", "road excavation permit telecom cables", "TRN-038", "extra-word"),
    ("ar", "شهاده تصدير مركبه مستعمله", "TRN-016", "extra-word"),
    ("en", "pay speeding fines", "TRN-036", "extra-word"),
    ("ar", "تجديد الرخصه التجاريه للمحل", "LIC-002", "extra-word"),
    ("en", "cancel my trade licence online", "LIC-004", "extra-word"),
    ("ar", "رخصة بناء فيلا جديده", "BLD-001", "extra-word"),
    ("en", "vehicle technical inspection centre", "TRN-014", "extra-word"),
    # --- other-language: English on the Arabic site, Arabic on the English site
    ("ar", "renew license", "TRN-002", "other-language"),
    ("ar", "issue driving licence", "TRN-001", "other-language"),
    ("ar", "residential parking permit", "TRN-031", "other-language"),
    ("ar", "register a new vehicle", "TRN-011", "other-language"),
    ("ar", "new trade licence", "LIC-001", "other-language"),
    ("ar", "pay traffic fines", "TRN-036", "other-language"),
    ("ar", "road closure permit", "TRN-039", "other-language"),
    ("ar", "food truck", "TRN-059", "other-language"),
    ("ar", "pest control", "PH-003", "other-language"),
    ("ar", "window tint", "TRN-021", "other-language"),
    ("en", "رخصة قيادة دولية", "TRN-006", "other-language"),
    ("en", "تجديد ملكية مركبة", "TRN-012", "other-language"),
    ("en", "مزاد الارقام المميزه", "TRN-026", "other-language"),
    ("en", "تصريح حفر في الطريق", "TRN-038", "other-language"),
    ("en", "حجز موعد", "CH-007", "other-language"),
    ("en", "شهاده صحيه للعاملين", "PH-001", "other-language"),
    # --- broken-plural: the plural in the query, the singular in the service (or the reverse)
    ("ar", "تصاريح المواقف للسكان", "TRN-031", "broken-plural"),
    ("ar", "مزاد اللوحات", "TRN-026", "broken-plural"),
    ("ar", "رخص القياده الدوليه", "TRN-006", "broken-plural"),
    ("ar", "شراء ارقام مميزه", "TRN-025", "broken-plural"),
    ("ar", "ورش تصليح المركبات", "TRN-055", "broken-plural"),
    ("ar", "معارض المركبات المستعمله", "TRN-062", "broken-plural"),
    ("ar", "مدارس تعليم القياده", "TRN-058", "broken-plural"),
    ("ar", "انارة الشوارع", "TRN-043", "broken-plural"),
    ("ar", "تصريح حفر في الطرق", "TRN-038", "broken-plural"),
    ("ar", "مكاتب استشاريه هندسيه", "TRN-050", "broken-plural"),
    ("ar", "خرائط المواقع", "TRN-051", "broken-plural"),
    ("ar", "حوادث المرور", "TRN-068", "broken-plural"),
    ("ar", "تصديق عقود الايجار", "LEA-001", "broken-plural"),
    ("ar", "شهاده انجاز المباني", "BLD-003", "broken-plural"),
    ("ar", "تراخيص مركبات الاجره", "TRN-054", "broken-plural"),
    ("ar", "محطات الوقود", "TRN-061", "broken-plural"),
    ("ar", "لافتات ارشاديه على الطرق", "TRN-044", "broken-plural"),
    ("ar", "تصاريح حفر الطرق", "TRN-038", "broken-plural"),
    # --- synonym: an everyday word the catalogue does not use
    ("ar", "تسجيل سياره جديده", "TRN-011", "synonym"),
    ("ar", "نقل ملكية السياره", "TRN-013", "synonym"),
    ("ar", "فحص السيارة", "TRN-014", "synonym"),
    ("en", "car registration renewal", "TRN-012", "synonym"),
    ("en", "transfer car ownership", "TRN-013", "synonym"),
    ("en", "vanity plate", "TRN-025", "synonym"),
    ("en", "learner permit", "TRN-004", "synonym"),
    ("en", "learner driver", "TRN-004", "synonym"),
    ("en", "driver's license renewal", "TRN-002", "synonym"),
    ("en", "scrap my car", "TRN-015", "synonym"),
    ("en", "disabled parking permit", "TRN-033", "synonym"),
    ("ar", "موقف المعاقين", "TRN-033", "synonym"),
    ("en", "speed bump", "TRN-041", "synonym"),
    ("en", "garage licence", "TRN-055", "synonym"),
    ("ar", "تاكسي", "TRN-054", "synonym"),
    ("ar", "رخصة سواقه جديده", "TRN-001", "synonym"),
    ("ar", "دفع الغرامات المروريه", "TRN-036", "synonym"),
    ("en", "traffic tickets", "TRN-036", "synonym"),
    ("ar", "باص المدرسه", "TRN-057", "synonym"),
    ("ar", "مغسلة سيارات", "TRN-056", "synonym"),
    ("en", "car wash licence", "TRN-056", "synonym"),
    ("en", "car rental licence", "TRN-053", "synonym"),
    ("en", "petrol station licence", "TRN-061", "synonym"),
    ("ar", "محطة بنزين", "TRN-061", "synonym"),
    ("en", "motorbike registration", "TRN-019", "synonym"),
    ("ar", "تسجيل دباب", "TRN-019", "synonym"),
    ("ar", "ونش سحب", "TRN-066", "synonym"),
    ("en", "used car showroom", "TRN-062", "synonym"),
    ("en", "change car colour", "TRN-018", "synonym"),
    ("ar", "تحويل رخصه اجنبيه", "TRN-005", "synonym"),
    ("en", "number plate auction", "TRN-026", "synonym"),
    ("en", "heavy truck registration", "TRN-023", "synonym"),
    # --- typo
    ("en", "renew licnese", "TRN-002", "typo"),
    ("en", "registr new vehical", "TRN-011", "typo"),
    ("en", "residental parkng permit", "TRN-031", "typo"),
    ("en", "distinguised plates", "TRN-025", "typo"),
    ("en", "foriegn licence exchange", "TRN-005", "typo"),
    ("en", "motorcyle registration", "TRN-019", "typo"),
    ("en", "excavaton permit", "TRN-038", "typo"),
    ("ar", "رخصت قياده دوليه", "TRN-006", "typo"),
    ("ar", "مزاد الارقم المميزه", "TRN-026", "typo"),
    ("ar", "تضليل زجاج", "TRN-021", "typo"),
    ("ar", "اشتراك المواقق العامه", "TRN-032", "typo"),
    ("ar", "الافراج عن مركبة مجحوزة", "TRN-022", "typo"),
]


def _kind(note: str) -> str:
    return "typo" if note == "typo" else "plain"


# Every judgement: the issue 5 set (its notes folded to a kind) and the issue 14 set.
JUDGEMENTS = [(lang, q, code, _kind(note)) for lang, q, code, note in QUERIES] + TRANSPORT_QUERIES
