"""Send the newsletter digest; run it again after an interruption and it carries on where it stopped."""

from django.core.management.base import BaseCommand, CommandError

from tqdm import tqdm

from newsletter.digest import open_digest, send_digest


class Command(BaseCommand):
    help = "E-mail every confirmed subscriber what was published since the previous digest (resumable)."

    def handle(self, *args, verbosity=1, **options):
        digest = open_digest()
        self.stdout.write(
            f"Digest {digest.pk}: published after {digest.since:%Y-%m-%d %H:%M} up to {digest.cutoff:%Y-%m-%d %H:%M}"
        )

        def progress(iterable, total):
            return tqdm(iterable, total=total, unit="subscriber", file=self.stderr, disable=verbosity < 1)

        try:
            sent = send_digest(digest, progress)
        except Exception as error:
            raise CommandError(f"Interrupted ({error}); run send_digest again to resume digest {digest.pk}.") from error
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} message(s)."))
