from django.urls import path

from search import views

urlpatterns = [
    path("", views.search_api, name="search_api"),
    path("suggest", views.typeahead_api, name="search_typeahead"),
]
