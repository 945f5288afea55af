from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from common.steps import register_demo_step
        from news import representations, signals
        from news.demo import news_seed_demo

        representations.register()
        signals.connect()
        # Last: demo news links to the demo services.
        register_demo_step(news_seed_demo, order=30)
