"""``/api/open-data/v1/``: the open-data files (docs/CONTRACTS.md §8)."""

from django.urls import path

from opendata import views

urlpatterns = [
    path("<str:name>", views.dataset, name="opendata-file"),
]
