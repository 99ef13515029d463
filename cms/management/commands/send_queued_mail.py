"""Send the queued e-mail that is due (retries after a failure, messages whose task was lost), and
forget the records of messages older than MAIL_LOG_DAYS."""

from django.core.management.base import BaseCommand

from cms.outbox import forget_old, send_due


class Command(BaseCommand):
    help = "Deliver queued e-mail whose next attempt is due (run it from cron every few minutes)."

    def handle(self, *args, **options):
        sent = send_due()
        forgotten = forget_old()
        if options["verbosity"] >= 1:
            self.stdout.write(f"Sent {sent} message(s); forgot {forgotten} old record(s).")
