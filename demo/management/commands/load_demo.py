"""Load the demo portal; with --scale N, also N synthetic articles, companies and offers."""

from django.core.management.base import BaseCommand
from django.db import transaction

from cms.generation import content_changed
from demo.content import load_demo_content
from demo.scale import load_synthetic_content


class Command(BaseCommand):
    help = "Create the demo content (idempotent). --scale N adds N synthetic articles, companies and offers."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=0, help="How many synthetic items of each kind to add.")

    def handle(self, *args, scale, **options):
        with transaction.atomic():
            load_demo_content()
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
        if scale:
            load_synthetic_content(scale, stdout=self.stdout)
            self.stdout.write(self.style.SUCCESS(f"Synthetic content: {scale} of each kind."))
            # Written in bulk, without the signals a publish sends: what the shared cache holds is stale.
            content_changed()
