"""Remove sign-ups never confirmed within ACCOUNTS_UNCONFIRMED_DAYS (run it daily from cron or a timer)."""

from django.core.management.base import BaseCommand

from accounts.signups import expire_unconfirmed_accounts


class Command(BaseCommand):
    help = "Remove sign-ups (and never-used inactive accounts) older than ACCOUNTS_UNCONFIRMED_DAYS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the task for the task workers instead of running it here."
        )

    def handle(self, *args, enqueue=False, verbosity=1, **options):
        if enqueue:
            expire_unconfirmed_accounts.enqueue()
            return
        removed = expire_unconfirmed_accounts.call()
        if verbosity >= 1:
            self.stdout.write(f"Removed {removed} unconfirmed sign-up(s).")
