"""Demo content for forms and media: the standard lease contract (real PDF and DOCX files in
Arabic and English) and the three online forms. Idempotent: what exists is left alone."""

import datetime as dt
import io
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import GroupPagePermission, Locale

from catalogue.models import Department, ServiceDocument, ServicePage
from media.arabic_pdf import logical_to_visual
from media.models import DepartmentGroup, FormsIndexPage, FormTemplate, OnlineFormField, OnlineFormPage
from media.services import document_create, form_template_publish

FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
]

LEASE = {
    "ar": {
        "title": "عقد الإيجار الموحد",
        "summary": "النموذج المعتمد لعقود إيجار المساكن والمحلات في إمارة الفجيرة.",
        "description": "يستخدم هذا العقد لتوثيق العلاقة بين المؤجر والمستأجر وتصديقها لدى البلدية.",
        "clauses": [
            "البند الأول مدة العقد سنة ميلادية واحدة تبدأ من تاريخ التصديق",
            "البند الثاني يلتزم المستأجر بدفع القيمة الإيجارية في مواعيدها المحددة",
            "البند الثالث لا يجوز للمستأجر التأجير من الباطن دون موافقة خطية من المؤجر",
            "البند الرابع يلتزم المؤجر بأعمال الصيانة الأساسية للعين المؤجرة",
            "البند الخامس يحق لأي من الطرفين إنهاء العقد بإشعار خطي قبل تسعين يوما",
            "البند السادس تختص لجنة فض المنازعات الإيجارية بالنظر في أي نزاع",
        ],
    },
    "en": {
        "title": "Standard lease contract",
        "summary": "The approved form for residential and shop leases in Fujairah.",
        "description": "Use this contract to record a tenancy between landlord and tenant and have it attested by the Municipality.",
        "clauses": [
            "Clause 1. The term of the lease is one calendar year from the date of attestation.",
            "Clause 2. The tenant shall pay the rent on the agreed due dates.",
            "Clause 3. The tenant shall not sublet the premises without the landlord's written consent.",
            "Clause 4. The landlord is responsible for the essential maintenance of the premises.",
            "Clause 5. Either party may end the lease by written notice ninety days in advance.",
            "Clause 6. Any dispute is heard by the Rental Disputes Settlement Committee.",
        ],
    },
}

ONLINE_FORMS = [
    {
        "slug": "inquiry",
        "kind": OnlineFormPage.Kind.INQUIRY,
        "department": "customer-happiness",
        "title": ("تقديم استفسار", "Send an inquiry"),
        "intro": (
            "<p>أرسل استفسارك وسيرد عليك فريق إسعاد المتعاملين.</p>",
            "<p>Send us your question and the Customer Happiness team will reply.</p>",
        ),
        "fields": [
            ("name", "singleline", ("الاسم", "Name"), True, ("", "")),
            ("email", "email", ("البريد الإلكتروني", "E-mail"), True, ("", "")),
            ("message", "multiline", ("الاستفسار", "Your question"), True, ("", "")),
        ],
    },
    {
        "slug": "complaint",
        "kind": OnlineFormPage.Kind.COMPLAINT,
        "department": "consumer-protection",
        "title": ("تقديم شكوى «فزعة»", "File a complaint (Faz'a)"),
        "intro": (
            "<p>فزعة: بلّغ عن مخالفة أو مشكلة مع منشأة تجارية.</p>",
            "<p>Faz'a: report a violation or a problem with a business.</p>",
        ),
        "fields": [
            ("name", "singleline", ("الاسم", "Name"), True, ("", "")),
            ("phone", "singleline", ("رقم الهاتف", "Phone"), True, ("", "")),
            ("email", "email", ("البريد الإلكتروني", "E-mail"), False, ("", "")),
            (
                "category",
                "dropdown",
                ("نوع الشكوى", "Type of complaint"),
                True,
                ("أسعار\nجودة\nضمان\nأخرى", "Prices\nQuality\nWarranty\nOther"),
            ),
            ("details", "multiline", ("تفاصيل الشكوى", "Details"), True, ("", "")),
        ],
    },
    {
        "slug": "technical-support",
        "kind": OnlineFormPage.Kind.SUPPORT,
        "department": "customer-happiness",
        "title": ("طلب دعم فني", "Technical support"),
        "intro": (
            "<p>واجهتك مشكلة في الموقع أو التطبيقات؟ أخبرنا.</p>",
            "<p>A problem with the website or the apps? Tell us.</p>",
        ),
        "fields": [
            ("name", "singleline", ("الاسم", "Name"), True, ("", "")),
            ("email", "email", ("البريد الإلكتروني", "E-mail"), True, ("", "")),
            (
                "channel",
                "dropdown",
                ("القناة", "Channel"),
                True,
                ("الموقع الإلكتروني\nتطبيق سمارت فجيرة\nتطبيق رخصتي", "Website\nSmart Fujairah app\nRukhsati app"),
            ),
            ("problem", "multiline", ("وصف المشكلة", "Describe the problem"), True, ("", "")),
        ],
    },
]
THANKS = (
    "<p>شكراً لك. استلمنا رسالتك وسنرد عليك قريباً.</p>",
    "<p>Thank you. We have received your message and will reply soon.</p>",
)


def _font() -> tuple[str, str]:
    """A TrueType font with Arabic glyphs (registered with ReportLab)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for path in FONT_CANDIDATES:
        if Path(path).exists():
            name = Path(path).stem
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, path))
            return name, path
    raise RuntimeError("No Arabic-capable TrueType font found; install fonts-dejavu-core or fonts-noto-core.")


def lease_pdf(lang: str) -> bytes:
    """The lease contract as a one-page PDF (Arabic drawn right to left)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font, _path = _font()
    texts = LEASE[lang]
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(texts["title"])
    pdf.setAuthor("Fujairah Municipality")
    width, height = A4
    margin = 60
    rtl = lang == "ar"

    # Latin text in a standard font: text extractors read ReportLab's TrueType subsets poorly.
    face = font if rtl else "Helvetica"

    def line(text: str, y: float, size: int) -> None:
        pdf.setFont(face, size)
        if rtl:
            pdf.drawRightString(width - margin, y, logical_to_visual(text))
        else:
            pdf.drawString(margin, y, text)

    y = height - 80
    line(texts["title"], y, 20)
    y -= 36
    line(texts["description"], y, 10)
    y -= 34
    for clause in texts["clauses"]:
        line(clause, y, 11)
        y -= 26
    y -= 30
    line(
        "المؤجر ...................    المستأجر ..................."
        if rtl
        else "Landlord ....................    Tenant ....................",
        y,
        11,
    )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def lease_docx(lang: str) -> bytes:
    """The lease contract as an editable DOCX (right-to-left paragraphs in Arabic)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    texts = LEASE[lang]
    document = Document()
    document.core_properties.title = texts["title"]
    document.core_properties.language = "ar-AE" if lang == "ar" else "en-GB"

    def paragraph(text: str, *, heading: bool = False):
        para = document.add_heading(text, level=1) if heading else document.add_paragraph(text)
        if lang == "ar":
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            bidi = OxmlElement("w:bidi")
            para._p.get_or_add_pPr().append(bidi)
            for run in para.runs:
                run.font.rtl = True
                run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))
                run.font.name = "Arial"
                run._r.rPr.rFonts.set(qn("w:cs"), "Arial")
        return para

    paragraph(texts["title"], heading=True)
    paragraph(texts["description"])
    for clause in texts["clauses"]:
        paragraph(clause)
    paragraph(
        "المؤجر: ....................   المستأجر: ...................."
        if lang == "ar"
        else "Landlord: ....................   Tenant: ...................."
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _seed_lease_forms() -> int:
    created = 0
    specs = [
        ("lease-contract", "pdf", lease_pdf, "", ""),
        ("lease-contract-editable", "docx", lease_docx, " (نسخة قابلة للتعديل)", " (editable)"),
    ]
    for code, extension, build, suffix_ar, suffix_en in specs:
        if FormTemplate.objects.filter(code=code).exists():
            continue
        files = {
            lang: document_create(
                title=LEASE[lang]["title"] + (suffix_ar if lang == "ar" else suffix_en),
                filename=f"{LEASE[lang]['title']}.{extension}",
                data=build(lang),
                language=lang,
            )
            for lang in ("ar", "en")
        }
        form_template_publish(
            code=code,
            title_ar=LEASE["ar"]["title"] + suffix_ar,
            title_en=LEASE["en"]["title"] + suffix_en,
            summary_ar=LEASE["ar"]["summary"],
            summary_en=LEASE["en"]["summary"],
            description_ar=LEASE["ar"]["description"],
            description_en=LEASE["en"]["description"],
            file_ar=files["ar"],
            file_en=files["en"],
            version="1.0",
            effective_date=dt.date(2025, 1, 1),
        )
        created += 1
    return created


def _link_service(service_code: str, form_code: str) -> bool:
    """Add the form to a service's required documents (both languages) and republish."""
    form = FormTemplate.objects.filter(code=form_code).first()
    if form is None:
        return False
    linked = False
    for page in ServicePage.objects.filter(code=service_code):
        if ServiceDocument.objects.filter(page=page, form=form).exists():
            continue
        draft = page.get_latest_revision_as_object()
        lang = page.locale.language_code
        documents = list(draft.required_documents.all())
        documents.append(ServiceDocument(name=form.title_in(lang), form=form, sort_order=len(documents)))
        draft.required_documents = documents
        revision = draft.save_revision()
        if page.live:
            revision.publish()
        linked = True
    return linked


def _seed_online_forms() -> int:
    created = 0
    indexes = {p.locale.language_code: p for p in FormsIndexPage.objects.select_related("locale")}
    if "ar" not in indexes:
        return 0
    en_locale = Locale.objects.get(language_code="en")
    change = Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")
    for spec in ONLINE_FORMS:
        department = Department.objects.filter(code=spec["department"]).first()
        if department is None or OnlineFormPage.objects.filter(slug=spec["slug"]).exists():
            continue
        pages = {}
        for position, lang in enumerate(("ar", "en")):
            page = OnlineFormPage(
                title=spec["title"][position],
                slug=spec["slug"],
                kind=spec["kind"],
                department=department,
                intro=spec["intro"][position],
                thank_you_text=THANKS[position],
                to_address=settings.FORMS_NOTIFY_EMAIL,
                from_address=settings.DEFAULT_FROM_EMAIL,
                subject=spec["title"][position],
            )
            page.form_fields = [
                OnlineFormField(
                    clean_name=name,
                    field_type=kind,
                    label=labels[position],
                    required=required,
                    choices=choices[position],
                    sort_order=i,
                )
                for i, (name, kind, labels, required, choices) in enumerate(spec["fields"])
            ]
            if lang == "en":
                if "en" not in indexes:
                    continue
                page.locale = en_locale
                page.translation_key = pages["ar"].translation_key
            indexes[lang].add_child(instance=page)
            page.save_revision().publish()
            pages[lang] = page
        # The department's staff may open these pages, hence their submissions; nobody else's.
        group = Group.objects.filter(name=f"Department editors: {department.code}").first()
        if group is not None:
            DepartmentGroup.objects.get_or_create(department=department, group=group)
            for page in pages.values():
                GroupPagePermission.objects.get_or_create(group=group, page=page, permission=change)
        created += 1
    return created


def media_seed_demo(*, stdout) -> int:
    from tqdm import tqdm

    steps = [("lease forms", _seed_lease_forms), ("online forms", _seed_online_forms)]
    counts = {}
    for label, step in tqdm(steps, desc="demo forms", unit="step"):
        with transaction.atomic():
            counts[label] = step()
    with transaction.atomic():
        linked = _link_service("LEA-001", "lease-contract") + _link_service("LEA-002", "lease-contract-editable")
    stdout.write(
        f"media: {counts['lease forms']} downloadable forms, {counts['online forms']} online forms created, "
        f"{linked} services linked to their forms"
    )
    return counts["lease forms"] + counts["online forms"]
