"""``/api/status/v1/``: set the live status of an outlet or a channel (docs/CONTRACTS.md §6)."""

from django.urls import path, re_path

from status.views import api

urlpatterns = [
    path("outlets/<str:code>", api.outlet_status, name="status_api_outlet"),
    path("channels/<str:code>", api.channel_status, name="status_api_channel"),
    re_path(r"^(?P<rest>.*)$", api.not_found),
]
