"""Public media URLs, mounted under /<lang>/forms/ (cms/urls.py)."""

from django.urls import path

from media import views

urlpatterns = [
    path("<slug:code>/download/", views.form_download, name="form_download"),
]
