from django import template

from news.charts import indicator_chart as build_indicator_chart

register = template.Library()


@register.simple_tag
def indicator_name(indicator, lang):
    return indicator.name_in(lang)


@register.simple_tag
def indicator_description(indicator, lang):
    return indicator.description_in(lang)


@register.simple_tag
def indicator_chart(indicator, lang):
    return build_indicator_chart(indicator=indicator, lang=lang)
