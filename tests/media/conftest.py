"""Fixtures for forms and media: local storage in a temporary folder, a live service, sample files."""

import io

import pytest

from django.core.files.storage import storages

from wagtail.models import Locale

from catalogue.models import Department, DepartmentPage, ServicePage


@pytest.fixture
def local_media(settings, tmp_path):
    """Media on the local file system in a fresh folder, whatever the environment configures."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return storages["default"]


@pytest.fixture
def lease_service(bootstrapped):
    """A live Arabic service page LEA-001 under the leasing department."""
    department = Department.objects.get(code="leasing")
    parent = DepartmentPage.objects.get(department=department, locale__language_code="ar")
    page = ServicePage(
        title="تصديق عقد إيجار",
        slug="lea-001",
        code="LEA-001",
        department=department,
        summary="تصديق عقود الإيجار.",
        description="<p>تصديق عقود الإيجار.</p>",
        processing_time="يوم عمل واحد",
        locale=Locale.objects.get(language_code="ar"),
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def pdf_bytes(text: str = "Clause 7. The tenant keeps the garden tidy.") -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont("Helvetica", 12)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def docx_bytes(text: str = "البند السابع يحافظ المستأجر على الحديقة", *, macro: bool = False) -> bytes:
    import zipfile

    from docx import Document

    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    if not macro:
        return buffer.getvalue()
    # Add a VBA project part, as a macro-enabled file renamed to .docx would carry.
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("word/vbaProject.bin", b"\x00" * 64)
    return out.getvalue()


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 120, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


PNG_1PX = _png()


@pytest.fixture(autouse=True)
def english_messages(request, client):
    """These tests read messages in English; Arabic is the default language of the product."""
    from django.utils import translation

    clients = [client]
    if "admin_client" in request.fixturenames:
        clients.append(request.getfixturevalue("admin_client"))
    for each in clients:
        each.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield
