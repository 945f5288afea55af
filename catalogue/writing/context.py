"""What a write of services runs in: the reference data loaded once per batch, the batch itself
(indexing deferred to its end) and the lock that makes batches of service writes take turns."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from wagtail.models import Locale
from wagtail.signal_handlers import disable_reference_index_auto_update

from catalogue.models import Audience, Channel, Department, DepartmentPage
from publication.batch import Batch, batch_current, publication_batch
from publication.services import transaction_lock


class CatalogueSetupError(Exception):
    """The page tree or reference data needed for a write is missing (run bootstrap)."""


@dataclass
class CatalogueContext:
    """Reference data loaded once per batch, so that rows never look codes up one by one."""

    locales: dict[str, Locale]
    departments: dict[str, Department]
    channels: dict[str, Channel]
    audiences: dict[str, Audience]
    department_pages: dict[tuple[str, str], DepartmentPage]
    channel_codes: dict[int, str] = field(default_factory=dict)
    audience_codes: dict[int, str] = field(default_factory=dict)
    department_codes: dict[int, str] = field(default_factory=dict)
    # (department code, language) -> URL of the department page, filled as bulk creates need them
    department_urls: dict[tuple[str, str], str | None] = field(default_factory=dict)

    def __post_init__(self):
        self.channel_codes = {c.pk: code for code, c in self.channels.items()}
        self.audience_codes = {a.pk: code for code, a in self.audiences.items()}
        self.department_codes = {d.pk: code for code, d in self.departments.items()}


def catalogue_context_load() -> CatalogueContext:
    pages = DepartmentPage.objects.select_related("locale", "department")
    return CatalogueContext(
        locales={locale.language_code: locale for locale in Locale.objects.filter(language_code__in=["ar", "en"])},
        departments={d.code: d for d in Department.objects.all()},
        channels={c.code: c for c in Channel.objects.all()},
        audiences={a.code: a for a in Audience.objects.all()},
        department_pages={(p.department.code, p.locale.language_code): p for p in pages},
    )


def department_page(context: CatalogueContext, department: str, lang: str) -> DepartmentPage:
    page = context.department_pages.get((department, lang))
    if page is None:
        raise CatalogueSetupError(
            _("The department page for %(code)s is missing; run bootstrap.") % {"code": department}
        )
    return page


@contextmanager
def deferred_indexing() -> Iterator[Batch]:
    """A batch of service writes: each touched service page is indexed for the admin search and
    the reference index ("usage") once, at the end of the batch, instead of at every save (see
    ``catalogue.signals.on_service_page_saved``), and each touched service is rendered once."""
    if batch_current() is not None:  # nested: the outer batch indexes
        with publication_batch() as batch:
            yield batch
        return
    # Wagtail's switch is not reentrant (leaving it switches it back on), hence the outermost batch only.
    with publication_batch() as batch, disable_reference_index_auto_update():
        yield batch


# Arbitrary constant: the PostgreSQL advisory lock that makes batches of service writes take turns.
SERVICE_WRITES_LOCK_KEY = 0x0BA1AD17B


def service_writes_lock() -> None:
    """One batch of service writes at a time: two imports creating the same new code under
    different departments would otherwise both see it as new and both create it (nothing in the
    schema forbids two pages with one code)."""
    transaction_lock(SERVICE_WRITES_LOCK_KEY)
