"""The feed is derived from the registry of publishable types (docs/adding-a-type.md)."""

from pydantic import BaseModel

from common.steps import bootstrap_steps, demo_steps
from publication.registry import feed_types

# docs/CONTRACTS.md §3: the endpoints in the order the API docs list them.
CONTRACT_PATHS = [
    "services",
    "departments",
    "channels",
    "outlets",
    "audiences",
    "forms",
    "news",
    "social-posts",
    "figures",
    "stats",
    "alerts",  # docs/CONTRACTS.md §6
]


def _models(schema: type[BaseModel]):
    yield schema
    for field in schema.model_fields.values():
        for arg in _flatten(field.annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                yield from _models(arg)


def _flatten(annotation):
    yield annotation
    for arg in getattr(annotation, "__args__", ()):
        yield from _flatten(arg)


def test_the_feed_endpoints_are_the_registered_types_in_the_contract_order():
    assert [t.feed.path for t in feed_types()] == CONTRACT_PATHS


def test_every_feed_type_has_an_explicit_schema_owned_by_its_app():
    for publishable in feed_types():
        assert publishable.schema is not None, publishable.name
        assert not publishable.schema.__module__.startswith("feed"), publishable.name
        for model in _models(publishable.schema):
            # Nothing undocumented reaches the public: unknown keys are dropped, never passed on.
            assert model.model_config.get("extra") != "allow", (publishable.name, model.__name__)
        assert {"code", "lang", "updated_at"} <= set(publishable.schema.model_fields)


def test_the_openapi_document_lists_the_registered_endpoints(client):
    paths = list(client.get("/api/feed/v1/openapi.json").json()["paths"])
    expected = [f"/api/feed/v1/{p}{suffix}" for p in CONTRACT_PATHS for suffix in ("", "/{code}")]
    assert paths == [*expected, "/api/feed/v1/sync"]


def test_bootstrap_and_demo_steps_run_in_the_order_the_apps_registered():
    assert [s.name for s in bootstrap_steps()] == [
        "catalogue.reference_data.reference_data_bootstrap",
        "search.synonyms.synonyms_bootstrap",  # after the reference data: the starter synonyms
        "status.bootstrap.status_bootstrap",  # after the groups and workflow it extends
    ]
    assert [s.name for s in demo_steps()] == [
        "catalogue.demo.catalogue_seed_demo",
        "media.demo.media_seed_demo",
        "news.demo.news_seed_demo",
        "status.demo.status_seed_demo",
        "feedback.demo.feedback_seed_demo",  # after the services it answers about
    ]
