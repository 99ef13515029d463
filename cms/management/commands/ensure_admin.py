"""Create the local admin account once and print its login (development only)."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

PASSWORD_FILE = Path(settings.BASE_DIR) / ".admin-password"


class Command(BaseCommand):
    help = "Create the 'admin' superuser with a random password (kept in .admin-password) and print the login."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_admin is for local development; create production accounts by hand.")
        User = get_user_model()
        user = User.objects.filter(username="admin").first()
        if user is None or not PASSWORD_FILE.exists():
            password = secrets.token_urlsafe(12)
            user = user or User(username="admin", email="admin@localhost", is_staff=True, is_superuser=True)
            user.set_password(password)
            user.save()
            PASSWORD_FILE.write_text(password + "\n")
        password = PASSWORD_FILE.read_text().strip()
        self.stdout.write(
            self.style.SUCCESS(f"Admin: http://127.0.0.1:8000/admin/  login: admin  password: {password}")
        )
