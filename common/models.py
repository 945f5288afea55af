"""Model building blocks shared by the content apps: a record named in both languages and the rules
for an item the outside world knows by its code. Abstract or plain mixins only: no table here."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

FROZEN_CODE = _("The code of a published item cannot change.")


class BilingualName(models.Model):
    """A record named in both languages; ``name`` follows the active language."""

    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    # Reference records show their code next to their name in choosers and lists.
    str_with_code = False

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.name} ({self.code})" if self.str_with_code else self.name

    @property
    def name(self) -> str:
        return self.name_in(get_language() or "ar")

    def name_in(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_ar


def code_frozen(instance) -> bool:
    """True when a published item's code is being changed: the outside world knows it by its code."""
    if instance.pk is None:
        return False
    return (
        type(instance)
        .objects.filter(pk=instance.pk, first_published_at__isnull=False)
        .exclude(code=instance.code)
        .exists()
    )


class CodedPageMixin:
    """A page known outside by ``code``: one page per code in each locale, frozen once published.

    The page's ``clean()`` merges ``code_errors()`` into its own errors; the messages name the kind
    of item, so each page type sets its own.
    """

    code_taken_message = _("Another item already uses the code %(code)s.")
    code_frozen_message = FROZEN_CODE

    def code_errors(self) -> dict[str, str]:
        if not self.code:
            return {}
        clash = type(self).objects.filter(code=self.code, locale_id=self.locale_id).exclude(pk=self.pk)
        # A published page whose code changes is told so first: that is the change it cannot make.
        if code_frozen(self):
            return {"code": self.code_frozen_message}
        if clash.exists():
            return {"code": self.code_taken_message % {"code": self.code}}
        return {}


class RoutedPageMixin:
    """A page served through cms/routing.py, which has already read its ancestors from the site root.

    Wagtail's view-restriction check reads the ancestors again (to resolve aliases among them)
    before reading the restrictions; with the ancestors known and none of them an alias, the
    restrictions on the page and every ancestor (by path, up to the tree's root) are one query.
    """

    def get_view_restrictions(self):
        from wagtail.models import PageViewRestriction

        ancestors = getattr(self, "_route_ancestors", None)
        if ancestors is None or self.alias_of_id or any(page.alias_of_id for page in ancestors):
            return super().get_view_restrictions()
        step = self.steplen
        paths = [self.path[:end] for end in range(step, len(self.path) + 1, step)]
        return PageViewRestriction.objects.filter(page__path__in=paths)
