"""The pipeline's one announcement: ``publication_committed``, sent after commit.

Readers (search indexing, webhooks, the feed's response cache, the page cache) connect to it in
their app's ``AppConfig.ready()``, which every process runs (web, worker, management commands).
"""

from django.dispatch import Signal

# Sent once per type after a transaction that changed the public content commits, with
# ``changes=[ChangeLog, ...]`` in sequence order; ``sender`` is the type's name.
publication_committed = Signal()
