"""Downloadable form templates, online forms, documents and images."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.documents.models import AbstractDocument
from wagtail.fields import RichTextField
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.models import DraftStateMixin, Page, RevisionMixin
from wagtail.search import index

from common.models import RoutedPageMixin

LANGUAGE_CHOICES = [("ar", _("Arabic")), ("en", _("English"))]


class CustomImage(AbstractImage):
    """An image with alternative text in both languages (required by the edit form)."""

    # Blank in the database because Wagtail's multiple uploader creates the row first; the edit
    # form (media.forms.ImageForm) refuses to save without both texts.
    alt_ar = models.CharField(_("alternative text (Arabic)"), max_length=300, blank=True)
    alt_en = models.CharField(_("alternative text (English)"), max_length=300, blank=True)

    admin_form_fields = (
        "title",
        "alt_ar",
        "alt_en",
        "file",
        "collection",
        "tags",
        "focal_point_x",
        "focal_point_y",
        "focal_point_width",
        "focal_point_height",
    )

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")
        permissions = [("choose_customimage", "Can choose image")]

    @property
    def has_alt_text(self) -> bool:
        return bool(self.alt_ar.strip() and self.alt_en.strip())

    def alt_in(self, lang: str) -> str:
        return (self.alt_en if lang == "en" else self.alt_ar) or self.title

    def clean(self):
        super().clean()
        from media.validation import validate_image_upload

        if self.file and not getattr(self.file, "_committed", True):
            validate_image_upload(self.file)


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class CustomDocument(AbstractDocument):
    """A document whose type is sniffed from its bytes, with its language, size and SHA-256."""

    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    sniffed_type = models.CharField(_("content type"), max_length=120, blank=True, editable=False)
    # Text extracted from PDF and DOCX files when they are saved, so that search finds clauses.
    extracted_text = models.TextField(blank=True, editable=False)
    is_private = models.BooleanField(
        _("private"),
        default=False,
        help_text=_("Private documents are only served to signed-in editors, never by a public link."),
    )

    admin_form_fields = ("title", "file", "language", "is_private", "collection", "tags")

    search_fields = AbstractDocument.search_fields + [index.SearchField("extracted_text")]

    class Meta(AbstractDocument.Meta):
        permissions = [("choose_document", "Can choose document")]

    @property
    def content_type(self) -> str:
        # The type the bytes were checked to be, never a guess from the name.
        return self.sniffed_type or "application/octet-stream"

    @property
    def content_disposition(self) -> str:
        from media.http import attachment_disposition

        return attachment_disposition(self.filename)

    def clean(self):
        # Replaces Wagtail's extension-only check with one on the bytes.
        from media.validation import validate_document_upload

        if self.file and not getattr(self.file, "_committed", True):
            validate_document_upload(self.file)

    def save(self, *args, **kwargs):
        if self.file and not getattr(self.file, "_committed", True):
            from media.services import document_fill_metadata

            document_fill_metadata(document=self)
        super().save(*args, **kwargs)


class FormsIndexPage(RoutedPageMixin, Page):
    """Lists the downloadable forms and online forms of one locale."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["media.OnlineFormPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("forms index")

    def get_context(self, request, *args, **kwargs):
        from common.listings import page_public_filter
        from media.selectors import form_template_list_live

        context = super().get_context(request, *args, **kwargs)
        lang = self.locale.language_code
        context["form_templates"] = form_template_list_live(lang=lang)
        context["online_forms"] = page_public_filter(pages=OnlineFormPage.objects.child_of(self))
        return context


class FormTemplate(DraftStateMixin, RevisionMixin, models.Model):
    """A downloadable form (e.g. the standard lease contract), one file per language."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    summary_ar = models.CharField(_("summary (Arabic)"), max_length=300, blank=True)
    summary_en = models.CharField(_("summary (English)"), max_length=300, blank=True)
    description_ar = models.TextField(_("description (Arabic)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    file_ar = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("file (Arabic)"),
    )
    file_en = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("file (English)"),
    )
    version = models.CharField(_("version"), max_length=20, default="1.0")
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("code"),
        FieldRowPanel([FieldPanel("title_ar"), FieldPanel("title_en")]),
        FieldRowPanel([FieldPanel("summary_ar"), FieldPanel("summary_en")]),
        FieldRowPanel([FieldPanel("description_ar"), FieldPanel("description_en")]),
        FieldRowPanel([FieldPanel("file_ar"), FieldPanel("file_en")]),
        FieldRowPanel([FieldPanel("version"), FieldPanel("effective_date")]),
    ]

    class Meta:
        ordering = ["code"]
        verbose_name = _("form template")
        verbose_name_plural = _("form templates")

    def __str__(self) -> str:
        return self.title_in(get_language() or "ar")

    def title_in(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title_ar

    def summary_in(self, lang: str) -> str:
        return self.summary_en if lang == "en" else self.summary_ar

    def description_in(self, lang: str) -> str:
        return self.description_en if lang == "en" else self.description_ar

    def file_in(self, lang: str):
        """The public file people get in a language; the Arabic original when no translation exists.

        A private document is never offered: not on the forms page, in the feed or in search.
        """
        candidates = [self.file_en, self.file_ar] if lang == "en" else [self.file_ar, self.file_en]
        return next((doc for doc in candidates if doc is not None and not doc.is_private), None)


class FormTemplateVersion(models.Model):
    """A published version of a form template; older versions stay downloadable by editors."""

    form = models.ForeignKey(FormTemplate, on_delete=models.CASCADE, related_name="versions")
    version = models.CharField(_("version"), max_length=20)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    file_ar = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_en = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["form", "-published_at"]
        constraints = [models.UniqueConstraint(fields=["form", "version"], name="unique_form_version")]
        verbose_name = _("form version")

    def __str__(self) -> str:
        return f"{self.form.code} {self.version}"


class FormDownloadCount(models.Model):
    """How many times the public downloaded a form in one language."""

    form = models.ForeignKey(FormTemplate, on_delete=models.CASCADE, related_name="download_counts")
    lang = models.CharField(max_length=5, choices=LANGUAGE_CHOICES)
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["form", "lang"], name="unique_form_download_lang")]

    def __str__(self) -> str:
        return f"{self.form.code}:{self.lang}={self.count}"


class DepartmentGroup(models.Model):
    """Members of the group work in the department: they see its online form submissions."""

    department = models.ForeignKey(
        "catalogue.Department", on_delete=models.CASCADE, related_name="+", verbose_name=_("department")
    )
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+", verbose_name=_("group"))

    panels = [FieldPanel("department"), FieldPanel("group")]

    class Meta:
        constraints = [models.UniqueConstraint(fields=["department", "group"], name="unique_department_group")]
        verbose_name = _("department group")
        verbose_name_plural = _("department groups")

    def __str__(self) -> str:
        return f"{self.department.code} ← {self.group.name}"


class OnlineFormField(AbstractFormField):
    page = ParentalKey("OnlineFormPage", on_delete=models.CASCADE, related_name="form_fields")


class OnlineFormPage(AbstractEmailForm):
    """An online form (inquiry, complaint «Faz'a», technical support) in one language."""

    class Kind(models.TextChoices):
        INQUIRY = "inquiry", _("Inquiry")
        COMPLAINT = "complaint", _("Complaint (Faz'a)")
        SUPPORT = "support", _("Technical support")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.INQUIRY)
    department = models.ForeignKey(
        "catalogue.Department",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
        help_text=_("Only this department's staff see the submissions."),
    )
    intro = RichTextField(_("introduction"), blank=True)
    thank_you_text = RichTextField(_("thank-you message"), blank=True)

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("department")]),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]), FieldPanel("subject")],
            heading=_("E-mail"),
        ),
    ]
    parent_page_types = ["media.FormsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("online form")
        verbose_name_plural = _("online forms")

    def process_form_submission(self, form):
        from media.forms import HONEYPOT_FIELD

        form.cleaned_data.pop(HONEYPOT_FIELD, None)
        return super().process_form_submission(form)

    def get_submissions_list_view_class(self):
        from media.views import SafeSubmissionsListView

        return SafeSubmissionsListView

    def get_form_class(self):
        from media.forms import with_honeypot

        return with_honeypot(super().get_form_class())

    def serve(self, request, *args, **kwargs):
        from media.views import online_form_serve

        return online_form_serve(page=self, request=request, parent_serve=super().serve, args=args, kwargs=kwargs)


class FormRateLimitHit(models.Model):
    """One submission attempt by a client (hashed address), for the per-client rate limit."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    client = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.page_id}:{self.client[:8]}"


def _downloads(lang: str):
    def count(self: FormTemplate) -> int:
        from media.selectors import form_download_counts

        return form_download_counts(form=self)[lang]

    count.short_description = _("downloads (Arabic)") if lang == "ar" else _("downloads (English)")
    return count


FormTemplate.downloads_ar = _downloads("ar")
FormTemplate.downloads_en = _downloads("en")


def _versions_link(self: FormTemplate):
    from django.urls import reverse
    from django.utils.html import format_html

    return format_html('<a href="{}">{}</a>', reverse("media_form_versions", args=[self.pk]), _("Versions"))


_versions_link.short_description = _("versions")
FormTemplate.versions_link = _versions_link
