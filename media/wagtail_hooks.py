"""Admin for forms and media: form templates with versions and download counts, department
groups, submission permissions and the rule that private documents reach editors only."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.auth import require_admin_access
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from media.models import DepartmentGroup, FormTemplate
from media.selectors import form_download_counts, form_pages_for_user


class FormTemplateViewSet(SnippetViewSet):
    model = FormTemplate
    icon = "doc-full"
    menu_label = _("Downloadable forms")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["__str__", "code", "version", "effective_date", "downloads_ar", "downloads_en", "versions_link"]
    search_fields = ["code", "title_ar", "title_en"]
    inspect_view_enabled = True


class DepartmentGroupViewSet(SnippetViewSet):
    model = DepartmentGroup
    icon = "group"
    menu_label = _("Department groups")
    list_display = ["department", "group"]


register_snippet(FormTemplateViewSet)
register_snippet(DepartmentGroupViewSet)


@require_admin_access
def form_versions_view(request, pk: int):
    """Every published version of a form with its files, for editors who may edit the form."""
    form = get_object_or_404(FormTemplate, pk=pk)
    if not request.user.has_perm("media.change_formtemplate"):
        raise Http404
    versions = form.versions.select_related("file_ar", "file_en")
    return TemplateResponse(
        request,
        "media/admin/form_versions.html",
        {"form": form, "versions": versions, "downloads": form_download_counts(form=form)},
    )


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("media/forms/<int:pk>/versions/", form_versions_view, name="media_form_versions")]


@hooks.register("filter_form_submissions_for_user")
def only_own_department(user, editable_forms):
    return form_pages_for_user(user=user, pages=editable_forms)


@hooks.register("before_serve_document")
def private_documents_for_editors_only(document, request):
    if not getattr(document, "is_private", False):
        return None
    user = request.user
    if (
        user.is_authenticated
        and user.has_perm("wagtailadmin.access_admin")
        and (user.has_perm("media.change_customdocument") or user.has_perm("media.choose_document"))
    ):
        return None
    # Answer as if it did not exist: a private document's existence is not public either.
    raise Http404
