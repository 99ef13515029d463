"""Write the project's copy of wagtail-localize's editor bundle, translated where the library's is not."""

from django.core.management.base import BaseCommand, CommandError

from cms.translation_editor import OVERRIDE, BundleChanged, installed_bundle_path, patched_bundle


class Command(BaseCommand):
    help = "Write static/wagtail_localize/js/wagtail-localize.js from the installed wagtail-localize (after upgrades)."

    def handle(self, *args, **options):
        try:
            bundle = patched_bundle(installed_bundle_path().read_text(encoding="utf-8"))
        except BundleChanged as error:
            raise CommandError(f"{error}: update BUNDLE_FIXES in cms/translation_editor.py") from error
        OVERRIDE.parent.mkdir(parents=True, exist_ok=True)
        OVERRIDE.write_text(bundle, encoding="utf-8")
        self.stdout.write(f"Wrote {OVERRIDE}")
