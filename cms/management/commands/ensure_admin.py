import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the admin account if missing; print its password once when generated."

    def handle(self, *args, **options):
        User = get_user_model()
        username = settings.BALADIYA_ADMIN_USERNAME
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"admin account '{username}' already exists")
            return
        password = settings.BALADIYA_ADMIN_PASSWORD or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email=f"{username}@baladiya.local", password=password)
        if settings.BALADIYA_ADMIN_PASSWORD:
            self.stdout.write(self.style.SUCCESS(f"admin account '{username}' created with BALADIYA_ADMIN_PASSWORD"))
        else:
            self.stdout.write(self.style.SUCCESS(f"admin account created — username: {username}  password: {password}"))
            self.stdout.write("(shown once; set BALADIYA_ADMIN_PASSWORD to choose it)")
