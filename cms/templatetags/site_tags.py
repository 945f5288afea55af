"""Template helpers of the site's frame (base.html and its includes)."""

from django import template

register = template.Library()


@register.simple_tag
def live_translations(page):
    """The page's live translations with their locales, in one query (for the language switch)."""
    return page.get_translations().live().select_related("locale")
