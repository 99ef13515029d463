"""Make the webhook retries that are due (with a task backend that cannot schedule them itself)."""

from django.core.management.base import BaseCommand

from api.tasks import deliver_due


class Command(BaseCommand):
    help = "Retry the webhook deliveries whose next attempt is due (run it from cron every minute)."

    def handle(self, *args, **options):
        made = deliver_due()
        if options["verbosity"] >= 1:
            self.stdout.write(f"Made {made} webhook delivery attempt(s).")
