"""The service catalogue: reference data (snippets) and the page tree of services.

Arabic is the source language: each Arabic page may have an English translation that shares its
``translation_key`` (Wagtail i18n). Reference records carry both names on one row, since they are
codes first and are never moderated.
"""

import re
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Locale, Orderable, Page
from wagtail.search import index

from common.jsonrows import CompiledQuery, json_fields, json_instances, json_rows, json_value
from common.listings import page_public_filter
from common.models import BilingualName, CodedPageMixin, RoutedPageMixin

SERVICE_CODE_RE = r"^[A-Z]{2,5}(-[A-Z0-9]{1,8}){1,2}$"
REFERENCE_CODE_RE = r"^[a-z0-9]+(-[a-z0-9]+)*$"
code_validator = RegexValidator(REFERENCE_CODE_RE, _("Use lower-case letters, digits and hyphens."))
service_code_validator = RegexValidator(
    SERVICE_CODE_RE,
    _("A service code looks like LIC-001: 2–5 capital letters, then one or two parts of capitals or digits."),
)


class BilingualNameMixin(BilingualName):
    """A reference record named in both languages and known by its code."""

    str_with_code = True

    class Meta:
        abstract = True


class Department(BilingualNameMixin):
    code = models.SlugField(_("code"), max_length=50, unique=True, validators=[code_validator])

    panels = [FieldPanel("code"), FieldRowPanel([FieldPanel("name_ar"), FieldPanel("name_en")])]

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")


class Channel(BilingualNameMixin):
    class Type(models.TextChoices):
        IN_PERSON = "in-person", _("In person")
        SELF_SERVICE = "self-service", _("Self-service")
        DRIVE_THROUGH = "drive-through", _("Drive-through")
        ONLINE = "online", _("Online")
        SMART_APP = "smart-app", _("Smart app")
        REMOTE = "remote", _("Remote")
        MOBILE = "mobile", _("Mobile")

    # Channel types through which a service can be completed without visiting an outlet.
    ONLINE_TYPES = (Type.ONLINE, Type.SMART_APP)
    # Channel types that are places a person goes to.
    OUTLET_TYPES = (Type.IN_PERSON, Type.SELF_SERVICE, Type.DRIVE_THROUGH)

    code = models.SlugField(_("code"), max_length=50, unique=True, validators=[code_validator])
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    panels = [
        FieldPanel("code"),
        FieldPanel("type"),
        FieldRowPanel([FieldPanel("name_ar"), FieldPanel("name_en")]),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")


class Audience(BilingualNameMixin):
    code = models.SlugField(_("code"), max_length=50, unique=True, validators=[code_validator])

    panels = [FieldPanel("code"), FieldRowPanel([FieldPanel("name_ar"), FieldPanel("name_en")])]

    class Meta:
        ordering = ["code"]
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")


class Outlet(BilingualNameMixin, ClusterableModel):
    """A place where in-person channels are offered, with its opening hours."""

    code = models.SlugField(_("code"), max_length=50, unique=True, validators=[code_validator])
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="outlets", verbose_name=_("channel"))
    address_ar = models.CharField(_("address (Arabic)"), max_length=300, blank=True)
    address_en = models.CharField(_("address (English)"), max_length=300, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    priority_service = models.BooleanField(
        _("priority service for senior citizens and people of determination"), default=False
    )

    panels = [
        FieldPanel("code"),
        FieldRowPanel([FieldPanel("name_ar"), FieldPanel("name_en")]),
        FieldPanel("channel"),
        FieldRowPanel([FieldPanel("address_ar"), FieldPanel("address_en")]),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
        FieldPanel("phone"),
        FieldPanel("priority_service"),
        InlinePanel("opening_hours", label=_("Weekly opening hours")),
        InlinePanel("special_periods", label=_("Special periods (Ramadan, holidays)")),
    ]

    class Meta:
        ordering = ["code"]
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")

    def address_in(self, lang: str) -> str:
        return self.address_en if lang == "en" else self.address_ar

    def hours_on(self, day) -> list[tuple]:
        """Opening intervals on a date: a special period wins over the weekly hours."""
        special = [p for p in self.special_periods.all() if p.start_date <= day <= p.end_date]
        if special:
            period = special[0]
            return [] if period.closed else [(period.opens, period.closes)]
        return [(h.opens, h.closes) for h in self.opening_hours.all() if h.weekday == day.weekday()]

    def is_open_at(self, moment) -> bool:
        local = timezone.localtime(moment)
        return any(opens <= local.time() < closes for opens, closes in self.hours_on(local.date()))


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class OpeningHours(Orderable):
    outlet = ParentalKey(Outlet, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=WEEKDAYS)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")])]

    def clean(self):
        if self.opens and self.closes and self.opens >= self.closes:
            raise ValidationError({"closes": _("Closing time must be after opening time.")})


class SpecialPeriod(Orderable):
    outlet = ParentalKey(Outlet, on_delete=models.CASCADE, related_name="special_periods")
    name_ar = models.CharField(_("name (Arabic)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    closed = models.BooleanField(_("closed"), default=False)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The period must end on or after its start.")})
        if not self.closed and not (self.opens and self.closes):
            raise ValidationError({"opens": _("Give the opening hours, or tick 'closed'.")})


class CatalogueIndexPage(RoutedPageMixin, RoutablePageMixin, Page):
    """Top of the catalogue in one locale: departments, and browsing by channel, audience, outlet."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["catalogue.DepartmentPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("catalogue index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["departments"] = page_public_filter(pages=DepartmentPage.objects.child_of(self)).select_related(
            "department"
        )
        context["channels"] = Channel.objects.all()
        context["audiences"] = Audience.objects.all()
        return context

    def _services(self):
        return (
            page_public_filter(pages=ServicePage.objects.descendant_of(self))
            .exclude(status=ServicePage.Status.WITHDRAWN)
            .select_related("department")
            .order_by("code")
        )

    @path("channel/<slug:code>/")
    def by_channel(self, request, code):
        channel = get_object_or_404(Channel, code=code)
        services = self._services().filter(channel_links__channel=channel).distinct()
        return self.render(
            request,
            context_overrides={
                "browse_title": channel.name,
                "services": services,
                "browse": "channel",
                "selected": code,
            },
            template="catalogue/catalogue_browse.html",
        )

    @path("audience/<slug:code>/")
    def by_audience(self, request, code):
        audience = get_object_or_404(Audience, code=code)
        services = self._services().filter(audiences=audience).distinct()
        return self.render(
            request,
            context_overrides={
                "browse_title": audience.name,
                "services": services,
                "browse": "audience",
                "selected": code,
            },
            template="catalogue/catalogue_browse.html",
        )

    @path("outlets/")
    def outlets(self, request):
        now = timezone.now()
        today = timezone.localdate()
        lang = "en" if (get_language() or "ar").startswith("en") else "ar"
        rows = [
            {"outlet": o, "hours": o.hours_on(today), "open_now": o.is_open_at(now), "address": o.address_in(lang)}
            for o in Outlet.objects.select_related("channel").prefetch_related("opening_hours", "special_periods")
        ]
        return self.render(request, context_overrides={"rows": rows}, template="catalogue/outlets.html")


class DepartmentPage(RoutedPageMixin, Page):
    """A department's part of the catalogue; its editors' permissions are granted here."""

    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="pages", verbose_name=_("department")
    )
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("department"), FieldPanel("intro")]
    parent_page_types = ["catalogue.CatalogueIndexPage"]
    subpage_types = ["catalogue.ServicePage"]

    class Meta:
        verbose_name = _("department page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["services"] = page_public_filter(pages=ServicePage.objects.child_of(self)).order_by("code")
        return context


class ServicePage(RoutedPageMixin, CodedPageMixin, Page):
    """One municipal service in one language."""

    class Status(models.TextChoices):
        AVAILABLE = "available", _("Available")
        UNAVAILABLE = "temporarily-unavailable", _("Temporarily unavailable")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    code = models.CharField(_("service code"), max_length=24, validators=[service_code_validator], db_index=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="services", verbose_name=_("department")
    )
    summary = models.CharField(_("summary"), max_length=300)
    description = RichTextField(_("description"), features=["bold", "italic", "ol", "ul", "link", "h3"])
    audiences = ParentalManyToManyField(Audience, blank=True, related_name="services", verbose_name=_("audiences"))
    processing_time = models.CharField(_("processing time"), max_length=200)
    outputs = models.TextField(_("outputs"), blank=True, help_text=_("One per line: licence, certificate, permit…"))
    e_payment = models.BooleanField(_("e-payment"), default=False)
    uae_pass = models.BooleanField(_("UAE PASS sign-in"), default=False)
    keywords = models.TextField(
        _("keywords"), blank=True, help_text=_("Extra search terms, separated by |. Not shown.")
    )
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.AVAILABLE)
    unavailable_message = models.CharField(_("message while unavailable"), max_length=300, blank=True)
    related_services = ParentalManyToManyField(
        "self", blank=True, symmetrical=False, verbose_name=_("related services")
    )
    featured = models.BooleanField(
        _("most used"), default=False, help_text=_("Show on the home page among the most-used services.")
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("code"), FieldPanel("department"), FieldPanel("status"), FieldPanel("unavailable_message")],
            heading=_("Identity and status"),
        ),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("audiences"),
        InlinePanel("channel_links", label=_("Channels"), min_num=1),
        InlinePanel("fees", label=_("Fees")),
        FieldPanel("processing_time"),
        InlinePanel("required_documents", label=_("Required documents")),
        InlinePanel("steps", label=_("Procedure steps")),
        FieldPanel("outputs"),
        FieldRowPanel([FieldPanel("e_payment"), FieldPanel("uae_pass")]),
        FieldPanel("keywords"),
        FieldPanel("related_services"),
        FieldPanel("featured"),
    ]
    parent_page_types = ["catalogue.DepartmentPage"]
    subpage_types: list[str] = []

    search_fields = Page.search_fields + [
        index.SearchField("code"),
        index.SearchField("summary"),
        index.SearchField("keywords"),
        index.FilterField("code"),
        index.FilterField("status"),
        index.FilterField("department"),
        index.FilterField("e_payment"),
        index.FilterField("uae_pass"),
    ]
    # Saves are indexed by catalogue.signals.on_service_page_saved instead of modelsearch's own
    # handler: at once for an editor's save, once per page at the end of a batch (an import).
    search_auto_update = False

    code_taken_message = _("Another service already uses the code %(code)s.")
    code_frozen_message = _("The code of a published service cannot change.")

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def clean(self):
        super().clean()
        errors = self.code_errors()
        if self.status == self.Status.UNAVAILABLE and not self.unavailable_message:
            errors["unavailable_message"] = _("Tell people why the service is unavailable.")
        parent = self.get_parent() if self.pk else None
        if parent is not None:
            parent = parent.specific
            if isinstance(parent, DepartmentPage) and self.department_id and parent.department_id != self.department_id:
                errors["department"] = _("The department must match the department page the service sits under.")
        if errors:
            raise ValidationError(errors)

    @property
    def keyword_list(self) -> list[str]:
        return [k.strip() for k in re.split(r"[|\n]", self.keywords or "") if k.strip()]

    @property
    def output_list(self) -> list[str]:
        return [line.strip() for line in (self.outputs or "").splitlines() if line.strip()]

    @property
    def total_fee(self) -> Decimal:
        return sum((fee.amount_aed for fee in self.fees.all()), Decimal("0"))

    @staticmethod
    def online_links(links) -> list:
        """The channel links through which the service can be started online."""
        return [link for link in links if link.channel.type in Channel.ONLINE_TYPES and link.url]

    @classmethod
    def serve_get(cls, pk: int) -> "ServicePage":
        """How cms/routing.py reads a service to serve it: the page and every list it shows in one
        query (see ``lists_attach``); the page's test holds it to a fixed number of queries."""
        pages = _SERVE_QUERY.run(pk=pk)
        if not pages:
            raise cls.DoesNotExist
        page = pages[0]
        page.locale = json_instances(Locale, [json_value(page._locale_row)])[0]
        page.department = json_instances(Department, [json_value(page._department_row)])[0]
        del page._locale_row, page._department_row
        return page

    @classmethod
    def serve_queryset(cls, *, pk: int):
        return cls.objects.filter(pk=pk).annotate(
            _locale_row=json_fields(Locale, prefix="locale__"),
            _department_row=json_fields(Department, prefix="department__"),
            _channel_rows=json_rows(
                ServiceChannel.objects.all(), parent="page", row=json_fields(ServiceChannel, follow=("channel",))
            ),
            _fee_rows=json_rows(ServiceFee.objects.all(), parent="page", row=json_fields(ServiceFee)),
            _document_rows=json_rows(
                ServiceDocument.objects.all(), parent="page", row=json_fields(ServiceDocument, follow=("form",))
            ),
            _step_rows=json_rows(ServiceStep.objects.all(), parent="page", row=json_fields(ServiceStep)),
            _audience_rows=json_rows(Audience.objects.all(), parent="services", row=json_fields(Audience)),
            _related_rows=json_rows(
                cls.related_services.through.objects.all(), parent="from_servicepage", row=F("to_servicepage_id")
            ),
        )

    def lists_attach(self) -> bool:
        """Put the lists read by ``serve_get`` in place of the page's relations (in memory, as
        for a preview); False when the page was read otherwise."""
        if not hasattr(self, "_channel_rows"):
            return False
        order = ("sort_order", "pk")
        form_model = ServiceDocument._meta.get_field("form").related_model
        self.channel_links = json_instances(
            ServiceChannel, self._channel_rows, related={"channel": Channel}, order=order
        )
        self.fees = json_instances(ServiceFee, self._fee_rows, order=order)
        self.required_documents = json_instances(
            ServiceDocument, self._document_rows, related={"form": form_model}, order=order
        )
        self.steps = json_instances(ServiceStep, self._step_rows, order=order)
        self.audiences = json_instances(Audience, self._audience_rows, order=("code",))
        self._related_ids = list(json_value(self._related_rows) or ())
        del self._channel_rows, self._fee_rows, self._document_rows, self._step_rows, self._audience_rows
        del self._related_rows
        return True

    def get_context(self, request, *args, **kwargs):
        # Everything the page shows, each relation read once (see tests/catalogue/test_public_page.py).
        from catalogue.selectors import outlets_for_channels

        context = super().get_context(request, *args, **kwargs)
        self.lists_attach()
        links = list(self.channel_links.select_related("channel"))
        department_page = self.get_parent()
        context.update(
            {
                "channel_links": links,
                "online": self.online_links(links),
                "fees": list(self.fees.all()),
                "documents": list(self.required_documents.select_related("form")),
                "steps": list(self.steps.all()),
                "audience_list": list(self.audiences.all()),
                "outlets": outlets_for_channels(channel_ids=[link.channel_id for link in links]),
                "department_page": department_page,
                "catalogue_page": department_page.get_parent(),
                "related": self._related_public(),
            }
        )
        return context

    def _related_public(self) -> list:
        # By ids, not ``self.related_services.live()``: a draft or revision being previewed holds
        # its relations in memory (a FakeQuerySet, which has no ``live``), and the listing must
        # pass through the same public filter as every other one.
        ids = getattr(self, "_related_ids", None)
        if ids is None:
            ids = self.related_services.values_list("id", flat=True)
        elif not ids:
            return []  # read with the page (``serve_get``): most services list none
        return list(page_public_filter(pages=ServicePage.objects.filter(pk__in=ids)).order_by("code"))


# Compiled once per process and database: compiling it cost more than running it (docs/scale.md).
_SERVE_QUERY = CompiledQuery(lambda pk: ServicePage.serve_queryset(pk=pk), placeholders=("pk",))


class ServiceChannel(Orderable):
    """A channel through which a service is offered, with its per-channel details."""

    page = ParentalKey(ServicePage, on_delete=models.CASCADE, related_name="channel_links")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="+", verbose_name=_("channel"))
    url = models.URLField(_("online start link or app deep link"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    panels = [FieldPanel("channel"), FieldPanel("url"), FieldPanel("phone"), FieldPanel("notes")]


class ServiceFee(Orderable):
    page = ParentalKey(ServicePage, on_delete=models.CASCADE, related_name="fees")
    label = models.CharField(_("label"), max_length=200)
    amount_aed = models.DecimalField(
        _("amount (AED)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    exemptions = models.CharField(
        _("exemptions"),
        max_length=300,
        blank=True,
        help_text=_("For example senior citizens or people of determination."),
    )


class ServiceDocument(Orderable):
    """A required document; it may point to a downloadable form."""

    page = ParentalKey(ServicePage, on_delete=models.CASCADE, related_name="required_documents")
    name = models.CharField(_("document"), max_length=300)
    form = models.ForeignKey(
        "media.FormTemplate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("downloadable form"),
    )


class ServiceStep(Orderable):
    page = ParentalKey(ServicePage, on_delete=models.CASCADE, related_name="steps")
    text = models.CharField(_("step"), max_length=500)


class PendingImport(models.Model):
    """An uploaded spreadsheet between its preview and its confirmation (issue 4).

    The file lives in the database so that any process can confirm a preview another served.
    Its Meta also declares the import and export permissions.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        APPLIED = "applied", _("Imported")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="+", verbose_name=_("user"))
    kind = models.CharField(_("kind"), max_length=20, default="services")
    file_name = models.CharField(_("file name"), max_length=255)
    encoding = models.CharField(_("encoding"), max_length=20, default="auto")
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(max_length=64)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pending import")
        verbose_name_plural = _("pending imports")
        default_permissions = ()
        permissions = [
            ("import_services", _("Can import services from spreadsheets")),
            ("export_services", _("Can export services to spreadsheets")),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"
