"""Settings for benchmarks/feed_api.py: the project, plus Wagtail's API v2 and v3 to compare with.

The Wagtail APIs are mounted only here, never in the project itself.
"""

from cms.settings import *  # noqa: F403
from cms.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "rest_framework", "wagtail.api.v2", "wagtail.api.v3"]
ROOT_URLCONF = "benchmarks.feed_urls"
DEBUG = False
FEED_RATE_LIMIT_PER_MINUTE = 0  # the benchmark is one client hammering the server
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
