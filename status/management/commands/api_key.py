"""``manage.py api_key create NAME --scope status:write [--scope ...]``, ``api_key list``,
``api_key revoke NAME``: keys of other systems (docs/status.md). The key is printed once."""

from django.core.management.base import BaseCommand, CommandError

from status.models import ApiKey
from status.services import ApiKeyInvalid, api_key_create, api_key_revoke


class Command(BaseCommand):
    help = "Create, list and revoke API keys for the feed, the status API and feedback."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a key and print it once.")
        create.add_argument("name")
        create.add_argument(
            "--scope", action="append", required=True, choices=ApiKey.Scope.values, help="Repeat for several scopes."
        )
        sub.add_parser("list", help="List the keys (never the keys themselves).")
        revoke = sub.add_parser("revoke", help="Revoke a key at once.")
        revoke.add_argument("name")

    def handle(self, *args, action, **options):
        try:
            if action == "create":
                key, raw = api_key_create(name=options["name"], scopes=options["scope"])
                self.stdout.write(f"Created {key.name} with {', '.join(key.scopes)}. The key, shown only now:")
                self.stdout.write(raw)
            elif action == "revoke":
                key = api_key_revoke(name=options["name"])
                self.stdout.write(f"Revoked {key.name}.")
            else:
                for key in ApiKey.objects.all():
                    state = f"revoked {key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "active"
                    used = f"{key.last_used_at:%Y-%m-%d %H:%M}" if key.last_used_at else "never"
                    self.stdout.write(f"{key.name}\t{key.prefix}…\t{','.join(key.scopes)}\t{state}\tlast used {used}")
        except ApiKeyInvalid as exc:
            raise CommandError(str(exc)) from exc
