"""Feedback admin: the report, the triage queue and review dates (menu under Reports)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from feedback.views import admin


@hooks.register("register_admin_urls")
def register_feedback_urls():
    return [
        path("feedback/", admin.feedback_report, name="feedback_report"),
        path("feedback/service/<str:code>/", admin.feedback_service, name="feedback_service"),
        path("feedback/triage/", admin.triage_queue, name="feedback_triage"),
        path("feedback/triage/<int:pk>/", admin.triage_resolve, name="feedback_triage_resolve"),
        path("feedback/reviews/", admin.reviews_report, name="feedback_reviews"),
        path("feedback/reviews/<str:code>/", admin.ownership_edit, name="feedback_ownership"),
    ]


@hooks.register("register_reports_menu_item")
def register_feedback_menu_item():
    return MenuItem(_("Citizen feedback"), reverse("feedback_report"), icon_name="comment", order=720)


@hooks.register("register_reports_menu_item")
def register_reviews_menu_item():
    return MenuItem(_("Owners and review dates"), reverse("feedback_reviews"), icon_name="date", order=730)
