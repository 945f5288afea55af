"""Keep the publication pipeline in step with the life of news pages, posts and indicators.

Wagtail sends these signals inside the publishing transaction (ATOMIC_REQUESTS for the admin,
the scheduler's own calls otherwise), so Publication and ChangeLog rows commit with the edit.
Snippets send ``published``/``unpublished`` with the model class as sender.
"""

from django.db.models.signals import post_delete, post_save

from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from news.models import Campaign, Indicator, NewsCategory, NewsPage, SocialPost
from news.representations import FIGURE_TYPE, NEWS_TYPE, POST_TYPE
from publication.services import publication_refresh


def on_page_changed(sender, instance, **kwargs):
    if isinstance(instance, NewsPage):
        publication_refresh(type_name=NEWS_TYPE, code=instance.code)


def on_page_moved(sender, instance, **kwargs):
    # A move changes the URL of the page and of every news item beneath it.
    codes = set(NewsPage.objects.descendant_of(instance, inclusive=True).values_list("code", flat=True))
    for code in sorted(codes):
        publication_refresh(type_name=NEWS_TYPE, code=code)


def on_news_deleted(sender, instance, **kwargs):
    publication_refresh(type_name=NEWS_TYPE, code=instance.code, reason="deleted")


def on_snippet_changed(sender, instance, **kwargs):
    if isinstance(instance, SocialPost):
        publication_refresh(type_name=POST_TYPE, code=instance.code)
    elif isinstance(instance, Indicator):
        publication_refresh(type_name=FIGURE_TYPE, code=instance.code)


def on_post_deleted(sender, instance, **kwargs):
    publication_refresh(type_name=POST_TYPE, code=instance.code, reason="deleted")


def on_indicator_deleted(sender, instance, **kwargs):
    publication_refresh(type_name=FIGURE_TYPE, code=instance.code, reason="deleted")


def on_view_restriction_changed(sender, instance, **kwargs):
    # Making a page private (or public again) changes which news items the public may see.
    codes = set(NewsPage.objects.descendant_of(instance.page, inclusive=True).values_list("code", flat=True))
    for code in sorted(codes):
        publication_refresh(type_name=NEWS_TYPE, code=code)


def on_campaign_saved(sender, instance, created, **kwargs):
    # The campaign's name is part of each of its posts' representation.
    if not created:
        for code in sorted(instance.posts.filter(live=True).values_list("code", flat=True)):
            publication_refresh(type_name=POST_TYPE, code=code)


def on_category_saved(sender, instance, created, **kwargs):
    if not created:
        for code in sorted(set(instance.news.live().values_list("code", flat=True))):
            publication_refresh(type_name=NEWS_TYPE, code=code)


def connect() -> None:
    page_published.connect(on_page_changed, dispatch_uid="news_published")
    page_unpublished.connect(on_page_changed, dispatch_uid="news_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="news_moved")
    post_delete.connect(on_news_deleted, sender=NewsPage, dispatch_uid="news_deleted")
    for model in (SocialPost, Indicator):
        published.connect(on_snippet_changed, sender=model, dispatch_uid=f"news_{model.__name__}_published")
        unpublished.connect(on_snippet_changed, sender=model, dispatch_uid=f"news_{model.__name__}_unpublished")
    post_delete.connect(on_post_deleted, sender=SocialPost, dispatch_uid="news_post_deleted")
    post_delete.connect(on_indicator_deleted, sender=Indicator, dispatch_uid="news_indicator_deleted")
    post_save.connect(on_view_restriction_changed, sender=PageViewRestriction, dispatch_uid="news_restriction_saved")
    post_delete.connect(on_view_restriction_changed, sender=PageViewRestriction, dispatch_uid="news_restriction_gone")
    post_save.connect(on_campaign_saved, sender=Campaign, dispatch_uid="news_campaign_saved")
    post_save.connect(on_category_saved, sender=NewsCategory, dispatch_uid="news_category_saved")
