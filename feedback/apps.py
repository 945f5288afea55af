from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    """Citizens' "was this useful?" answers, content ownership and review dates (CONTRACTS §7)."""

    name = "feedback"
    verbose_name = _("Feedback and ownership")

    def ready(self):
        from common.steps import register_demo_step
        from feedback import representations
        from feedback.demo import feedback_seed_demo

        representations.register()
        # After the catalogue's and media's demo content: answers name their services.
        register_demo_step(feedback_seed_demo, order=80)
