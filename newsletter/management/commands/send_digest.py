"""Send the newsletter digest of every language; run again after an interruption, it carries on where it stopped."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tqdm import tqdm

from newsletter.digest import open_digest, send_digest


class Command(BaseCommand):
    help = "E-mail every confirmed subscriber what was published since the previous digest (resumable)."

    def add_arguments(self, parser):
        languages = [code for code, _name in settings.LANGUAGES]
        parser.add_argument("--language", choices=languages, help="Only this language (default: every language).")

    def handle(self, *args, verbosity=1, language=None, **options):
        languages = [language] if language else [code for code, _name in settings.LANGUAGES]
        sent = 0
        for code in languages:
            # The same records as the admin's digest screen: one started there is resumed, not repeated.
            digest = open_digest(code)
            self.stdout.write(
                f"Digest {digest.pk} ({code}): published after {digest.since:%Y-%m-%d %H:%M} "
                f"up to {digest.cutoff:%Y-%m-%d %H:%M}"
            )

            def progress(iterable, total, code=code):
                return tqdm(
                    iterable, total=total, unit="subscriber", desc=code, file=self.stderr, disable=verbosity < 1
                )

            try:
                sent += send_digest(digest, progress)
            except Exception as error:
                raise CommandError(
                    f"Interrupted ({error}); run send_digest again to resume digest {digest.pk}."
                ) from error
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} message(s)."))
