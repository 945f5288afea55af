"""The public feedback form, under /ar/ and /en/ (cms/urls.py)."""

from django.urls import path

from feedback.views.public import feedback_form

urlpatterns = [path("<str:code>/", feedback_form, name="feedback_form")]
