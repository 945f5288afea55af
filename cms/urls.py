"""URL configuration: admin and APIs unprefixed, public pages under /ar/ and /en/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps import views as sitemap_views
from django.db import transaction
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from catalogue.views import reports
from cms import routing, views
from cms.sitemaps import PublicPagesSitemap
from feedback.views import public as feedback_public
from opendata import views as opendata_views
from search import views as search_views

# Public pages are reads: served outside a request transaction, which on SQLite (IMMEDIATE
# transactions) would take the write lock and queue every visitor behind the admins' writes.
# This is what the decorator does to a view of our own: it marks Wagtail's serve view.
transaction.non_atomic_requests(wagtail_views.serve)

handler404 = "cms.views.page_not_found"
handler500 = "cms.views.server_error"

# Wagtail's page types report is not scoped to a department: these two paths, matched before the
# admin's own, serve it to administrators only (catalogue/views/reports.py).
page_types_usage = [
    path(
        f"admin/reports/page-types-usage/{suffix}",
        require_admin_access(reports.PageTypesUsageForAdministrators.as_view(results_only=bool(suffix))),
    )
    for suffix in ("", "results/")
]

urlpatterns = [
    *page_types_usage,
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/feed/v1/", include("feed.urls")),
    path("api/search/v1/", include("search.urls")),
    path("api/open-data/v1/", include("opendata.urls")),
    path("api/status/v1/", include("status.urls")),
    path("api/feedback/v1/", feedback_public.feedback_api, name="feedback_api"),
    path("healthz", views.healthz, name="healthz"),
    # Listed through the same public filter as every page listing (common/listings.py).
    path("sitemap.xml", sitemap_views.sitemap, {"sitemaps": {"pages": PublicPagesSitemap}}, name="sitemap"),
    path("", views.root_redirect, name="root"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    # Only images and their renditions: documents go through /documents/ (and its privacy
    # checks), never straight from the media folder.
    for folder in ("images/", "original_images/"):
        urlpatterns += static(settings.MEDIA_URL + folder, document_root=settings.MEDIA_ROOT / folder)

urlpatterns += i18n_patterns(
    path("forms/", include("media.urls")),
    path("feedback/", include("feedback.urls")),
    path("search/", search_views.search_page, name="search"),
    path("open-data/", opendata_views.open_data_page, name="opendata-page"),
    # Wagtail's serve view, routed in a fixed number of queries (cms/routing.py).
    re_path(wagtail_urls.serve_pattern, routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
