"""Back up the database and the media in one go, both named by the same timestamp.

    manage.py backup           # database dump and media tarball, both gzipped
    manage.py backup --clean   # then delete all but the newest BACKUP_KEEP (default 10) backups

Backups go to BACKUP_DIR (default <project>/backups/) or, when BACKUP_BUCKET is set, to that S3
bucket, e.g. 2026-01-31-030000-database-default.psql.bin.gz and 2026-01-31-030000-media.tar.gz.
The database comes first (pg_dump on PostgreSQL, SQLite's online backup on SQLite), then every
file of the default storage (MEDIA_ROOT or the media bucket): a file uploaded in between is kept
as a harmless extra, never a row without its file. `manage.py listbackups` lists the backups,
`manage.py restore` brings one back. django-dbbackup does the work; this command picks the names.
"""

from datetime import datetime
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from dbbackup import settings as dbbackup_settings
from dbbackup import utils
from dbbackup.db.base import get_connector
from dbbackup.storage import get_storage


def is_among_media(backup_storage, media_storage):
    """Backups kept with the media would be published with them and copied into every later backup."""
    if hasattr(backup_storage, "bucket_name") or hasattr(media_storage, "bucket_name"):
        return getattr(backup_storage, "bucket_name", None) == getattr(media_storage, "bucket_name", None)
    return Path(backup_storage.location).resolve().is_relative_to(Path(media_storage.location).resolve())


def describe(storage):
    if hasattr(storage, "bucket_name"):
        return f"s3://{storage.bucket_name}/{storage.location}"
    return str(storage.location)


class Command(BaseCommand):
    help = "Back up the database and the media files (BACKUP_DIR or BACKUP_BUCKET) under one timestamp."

    def add_arguments(self, parser):
        parser.add_argument(
            "--clean", action="store_true", help="Afterwards delete all but the newest BACKUP_KEEP backups."
        )

    def handle(self, *args, clean, verbosity, **options):
        storage = get_storage()
        if is_among_media(storage.storage, default_storage):
            raise CommandError(
                f"Backups would be written among the media ({describe(storage.storage)}): "
                "point BACKUP_DIR or BACKUP_BUCKET elsewhere."
            )
        stamp = datetime.now().strftime(dbbackup_settings.DATE_FORMAT)
        extension = get_connector(DEFAULT_DB_ALIAS).extension
        database_file = utils.filename_generate(f"{extension}.gz", DEFAULT_DB_ALIAS, wildcard=stamp)
        media_file = utils.filename_generate("tar.gz", content_type="media", wildcard=stamp)
        for name in (database_file, media_file):
            if storage.storage.exists(name):
                raise CommandError(f"{name} already exists; run the backup again in a second.")

        # django-dbbackup logs every step; at the default verbosity our summary below is enough.
        common = {"compress": True, "clean": clean, "interactive": False, "quiet": verbosity < 2}
        call_command("dbbackup", database=DEFAULT_DB_ALIAS, output_filename=database_file, **common)
        call_command("mediabackup", output_filename=media_file, **common)

        self.stdout.write(f"Backup {stamp} in {describe(storage.storage)}:")
        for name in (database_file, media_file):
            self.stdout.write(f"  {name} ({utils.bytes_to_str(storage.storage.size(name))})")
        self.stdout.write(self.style.SUCCESS("Backup complete."))
