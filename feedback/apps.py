from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    """Citizens' "was this useful?" answers, content ownership and review dates (CONTRACTS §7)."""

    name = "feedback"
    verbose_name = _("Feedback and ownership")
