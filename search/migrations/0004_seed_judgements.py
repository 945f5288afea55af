"""Seed the editors' quality set with judgements that fit the demo catalogue (catalogue/demo.py).

Taken from the relevance set of tests/search and issue 14's examples: spelling variants, typos,
extra words the service does not contain, stop words and queries in the other language.
Editors keep the set from here (Search → Judgements); a database that has any judgement already
is left alone.
"""

from django.db import migrations

# (language, query, expected codes, note)
JUDGEMENTS = [
    ("ar", "رخصة تجارية جديدة", "LIC-001", "title words"),
    ("ar", "تجديد الرخصة التجارية", "LIC-002", "article + ة"),
    ("ar", "تجديد رخصه القياده", "LIC-002", "extra word, ه for ة"),
    ("ar", "اريد تجديد رخصة تجارية", "LIC-002", "stop word"),
    ("ar", "renew license", "LIC-002", "English on the Arabic site"),
    ("ar", "حجز اسم تجاري", "LIC-003", "title"),
    ("ar", "الغاء رخصة تجارية", "LIC-004", "alef without hamza"),
    ("ar", "رُخْصَة مِهَنِيَّة", "LIC-006", "diacritics"),
    ("ar", "لوحة اعلانية", "LIC-007", "alef without hamza"),
    ("ar", "تصديق عقد ايجار", "LEA-001", "alef without hamza"),
    ("ar", "تجديد عقد الإيجار", "LEA-002", "hamza below"),
    ("ar", "شكوى حماية المستهلك", "CP-001", "alef maqsura"),
    ("ar", "عروض وتخفيضات", "CP-003", "waw prefix, plural"),
    ("ar", "شهادة صحية للعاملين", "PH-001", "prefix لل"),
    ("ar", "مكافحة الحشرات", "PH-003", "plural with article"),
    ("ar", "مكافحه حشرت", "PH-003", "typo"),
    ("ar", "صالون حلاقة", "PH-007", "title"),
    ("ar", "رخصة هدم", "BLD-002", "title"),
    ("ar", "شهادة انجاز مبنى", "BLD-003", "no hamza"),
    ("ar", "شهادة رقم مبني", "BLD-007", "ي for ى"),
    ("ar", "ازالة المخلفات", "ENV-002", "no hamza"),
    ("ar", "حفر بئر", "ENV-007", "hamza on ya"),
    ("ar", "حجز موعد", "CH-007", "title"),
    ("ar", "مـــوعـــد", "CH-007", "tatweel"),
    ("ar", "خدمة منزلية لكبار المواطنين", "CH-008", "prefix لـ"),
    ("en", "new trade licence", "LIC-001", "British spelling"),
    ("en", "renew trade license", "LIC-002", "American spelling"),
    ("en", "renew driving licence", "LIC-002", "extra word"),
    ("en", "renew licnese", "LIC-002", "typo"),
    ("en", "how do i renew my licence", "LIC-002", "stop words"),
    ("en", "تجديد رخصة تجارية", "LIC-002", "Arabic on the English site"),
    ("en", "trade name reservation", "LIC-003", "stemming"),
    ("en", "professional license", "LIC-006", "American spelling"),
    ("en", "signboard", "LIC-007", "single word"),
    ("en", "commercial lease registration", "LEA-005", "stemming"),
    ("en", "consumer complaint", "CP-001", "title"),
    ("en", "product warranties", "CP-005", "plural"),
    ("en", "pest control", "PH-003", "title"),
    ("en", "demolition", "BLD-002", "single word"),
    ("en", "demolision", "BLD-002", "typo"),
    ("en", "cutting trees", "ENV-001", "stemming"),
    ("en", "seedlings", "ENV-005", "plural"),
    ("en", "apointment", "CH-007", "typo"),
    ("en", "home service senior citizens", "CH-008", "title"),
]


def seed(apps, schema_editor):
    SearchJudgement = apps.get_model("search", "SearchJudgement")
    if SearchJudgement.objects.exists():
        return
    SearchJudgement.objects.bulk_create(
        [SearchJudgement(lang=lang, query=q, expected=codes, note=note) for lang, q, codes, note in JUDGEMENTS]
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0003_search_judgement")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
