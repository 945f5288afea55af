"""The blocks of a news body: text, image, quote, figures and related services."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt = blocks.CharBlock(
        label=_("text alternative"), max_length=250, help_text=_("What the image shows, for screen readers.")
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=300)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "news/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quotation"))
    attribution = blocks.CharBlock(label=_("said by"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "news/blocks/quote.html"


class FiguresBlock(blocks.StructBlock):
    """Facts & figures shown as a chart and a table; only published indicators are shown."""

    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=200)
    indicators = blocks.ListBlock(SnippetChooserBlock("news.Indicator"), label=_("indicators"), min_num=1)

    class Meta:
        icon = "table"
        label = _("Figures")
        template = "news/blocks/figures.html"

    def get_context(self, value, parent_context=None):
        from news.charts import indicator_chart, indicators_chart

        context = super().get_context(value, parent_context=parent_context)
        lang = (parent_context or {}).get("lang") or _current_lang()
        live = [i for i in value["indicators"] if i is not None and i.live]
        if len(live) == 1:
            context["chart"] = indicator_chart(indicator=live[0], lang=lang, heading=value["heading"])
        elif live:
            context["chart"] = indicators_chart(indicators=live, lang=lang, heading=value["heading"])
        return context


class RelatedServicesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=200)
    services = blocks.ListBlock(blocks.PageChooserBlock(page_type="catalogue.ServicePage"), label=_("services"))

    class Meta:
        icon = "link"
        label = _("Related services")
        template = "news/blocks/related_services.html"

    def get_context(self, value, parent_context=None):
        from catalogue.models import ServicePage
        from common.listings import page_public_filter

        context = super().get_context(value, parent_context=parent_context)
        # Each chosen service in the reader's language, listed only when anyone may open it.
        chosen = [service.localized for service in value["services"] if service is not None]
        ids = [service.pk for service in chosen]
        public = set(page_public_filter(pages=ServicePage.objects.filter(pk__in=ids)).values_list("pk", flat=True))
        context["public_services"] = [service for service in chosen if service.pk in public]
        return context


class NewsBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        label=_("Text"), features=["h2", "h3", "bold", "italic", "ol", "ul", "link"], template="news/blocks/text.html"
    )
    image = ImageBlock()
    quote = QuoteBlock()
    figures = FiguresBlock()
    related_services = RelatedServicesBlock()


def _current_lang() -> str:
    from django.utils.translation import get_language

    return "en" if (get_language() or "ar").startswith("en") else "ar"
