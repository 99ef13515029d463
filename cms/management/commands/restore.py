"""Restore a backup made by `manage.py backup`: the database, then the media files.

    manage.py restore                                # the newest backup
    manage.py restore --timestamp 2026-01-31-030000  # a given one (see `manage.py listbackups`)
    manage.py restore --force                        # into a database that already has tables

Backups are read from BACKUP_DIR or BACKUP_BUCKET, where `backup` writes them; media files go
into the default storage (MEDIA_ROOT or the media bucket). The target database must exist
(`createdb`) and be empty, without migrations, unless --force is given: then the backup's tables
replace those of the same name (PostgreSQL) or the whole database file (SQLite), and media files
of the same name are overwritten. Stop the app servers first. A backup restores only into the
database engine it was made with; run `manage.py migrate` afterwards if the code is newer.
"""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connection
from django.utils import translation

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision
from wagtail.snippets.models import get_snippet_models

from dbbackup import settings as dbbackup_settings
from dbbackup import utils
from dbbackup.storage import get_storage

from .backup import describe


def complete_backups(storage):
    """{timestamp: {"database": name, "media": name}} for each backup that has both halves."""
    found = {}
    halves = {
        "database": storage.list_backups(content_type="db", database=DEFAULT_DB_ALIAS, compressed=True),
        "media": storage.list_backups(content_type="media", compressed=True),
    }
    for kind, names in halves.items():
        for name in names:
            found.setdefault(utils.filename_to_datestring(name), {})[kind] = name
    return {stamp: files for stamp, files in found.items() if len(files) == 2}


def count_media_files(storage, path=""):
    directories, files = storage.listdir(path)
    return len(files) + sum(count_media_files(storage, f"{path}{directory}/") for directory in directories)


class Command(BaseCommand):
    help = "Restore the database and the media files from a backup made by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("--timestamp", help="The backup to restore, e.g. 2026-01-31-030000 (default: the newest).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore into a database that already has tables, and overwrite media files of the same name.",
        )

    def handle(self, *args, timestamp, force, verbosity, **options):
        storage = get_storage()
        backups = complete_backups(storage)
        if not backups:
            raise CommandError(f"No complete backup (database and media) in {describe(storage.storage)}.")
        stamp = timestamp or max(backups, key=lambda s: datetime.strptime(s, dbbackup_settings.DATE_FORMAT))
        if stamp not in backups:
            raise CommandError(f"No backup {stamp}; there are: {', '.join(sorted(backups))}.")

        tables = connection.introspection.table_names()
        if tables and not force:
            raise CommandError(
                f"The database {connection.settings_dict['NAME']} already has {len(tables)} tables. "
                "Restore into an empty database, or pass --force to replace its content."
            )
        connection.close()

        files = backups[stamp]
        # django-dbbackup logs every step; at the default verbosity our summary below is enough.
        common = {"uncompress": True, "interactive": False, "quiet": verbosity < 2}
        call_command("dbrestore", input_filename=files["database"], database=DEFAULT_DB_ALIAS, **common)
        call_command("mediarestore", input_filename=files["media"], replace=force, **common)

        connection.close()
        self.stdout.write(f"Restored backup {stamp} from {describe(storage.storage)}:")
        self.stdout.write(f"  {files['database']}: {self.database_summary()}")
        self.stdout.write(f"  {files['media']}: {count_media_files(default_storage)} files in the media storage")
        self.stdout.write(self.style.SUCCESS("Restore complete."))

    def database_summary(self):
        # Every snippet model (companies, offers, sectors, …) by its plural name, in English like the rest.
        with translation.override("en"):
            snippets = {str(model._meta.verbose_name_plural): model.objects.count() for model in get_snippet_models()}
        counts = {
            "pages": Page.objects.count(),
            **snippets,
            "images": get_image_model().objects.count(),
            "documents": get_document_model().objects.count(),
            "revisions": Revision.objects.count(),
            "users": get_user_model().objects.count(),
        }
        return ", ".join(f"{count} {name}" for name, count in counts.items())
