"""`manage.py backup` and `manage.py restore`: a round trip into an empty database and an empty media
storage brings back every page, snippet, image, document, revision and media file.

Each step runs manage.py in a child process, as an operator would, against databases, folders and
buckets of the test's own (PostgreSQL databases on the machine's cluster, SQLite files, moto's S3
server), whatever database pytest itself was given.
"""

import contextlib
import json
import os
import subprocess
import sys
from types import SimpleNamespace

from django.conf import settings
from django.core.files.storage import FileSystemStorage

import pytest
from storages.backends.s3 import S3Storage

from cms.management.commands.backup import is_among_media
from tests.deploy.s3 import S3Server

POSTGRES = "postgres://postgres@127.0.0.1:5432"
SOURCE_DATABASE = "helper_backup_src"
RESTORED_DATABASE = "helper_backup_dst"
# The dev settings read MEDIA_ROOT from the environment; the test settings pin it to one folder.
SETTINGS = "cms.settings.dev"
# Variables that would send a child process to someone else's database, media, backups or index.
NOT_INHERITED = (
    "DATABASE_URL",
    "MEDIA_ROOT",
    "AWS_STORAGE_BUCKET_NAME",
    "BACKUP_BUCKET",
    "BACKUP_DIR",
    "OPENSEARCH_URL",
)

# The demo has pages and snippets with published revisions; this adds what it lacks: image and
# document files (a rendition too) and drafts whose revisions differ from the live rows.
ADD_MEDIA_AND_DRAFTS = """
from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from articles.models import ArticlePage
from registry.models import Company


def png(colour):
    buffer = BytesIO()
    PILImage.new("RGB", (64, 48), colour).save(buffer, "PNG")
    return ImageFile(BytesIO(buffer.getvalue()), name=f"{colour}.png")


Image = get_image_model()
logo = Image.objects.create(title="Logo klastra", file=png("navy"))
photo = Image.objects.create(title="Hala produkcyjna", file=png("orange"))
photo.get_rendition("fill-32x32")
get_document_model().objects.create(title="Raport roczny", file=ContentFile(b"%PDF-1.4 raport", name="raport.pdf"))

company = Company.objects.filter(live=True).order_by("pk").first()
company.logo = logo
company.save_revision().publish()
company.name += " (szkic)"
company.save_revision()

article = ArticlePage.objects.live().order_by("pk").first()
article.header_image = photo
article.title += " (wersja robocza)"
article.save_revision()
"""

# Everything the round trip must preserve, as JSON: rows with their content, and a SHA-256 of every
# file in the default storage (local folder or bucket).
SNAPSHOT = """
import hashlib
import json

from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from registry.models import Company, Offer, Sector


def files(path=""):
    directories, names = default_storage.listdir(path)
    for name in names:
        yield path + name
    for directory in directories:
        yield from files(f"{path}{directory}/")


def sha256(name):
    with default_storage.open(name) as file:
        return hashlib.sha256(file.read()).hexdigest()


def rows(model):
    return list(model.objects.order_by("pk").values())


Image = get_image_model()
print(json.dumps({
    "pages": [page.specific.serializable_data() for page in Page.objects.order_by("pk")],
    "companies": [company.serializable_data() for company in Company.objects.order_by("pk")],
    "offers": [offer.serializable_data() for offer in Offer.objects.order_by("pk")],
    "sectors": rows(Sector),
    "revisions": rows(Revision),
    "snippet_revisions": {
        model._meta.label: list(
            Revision.objects.filter(base_content_type=ContentType.objects.get_for_model(model))
            .order_by("pk").values_list("pk", flat=True)
        )
        for model in (Company, Offer)
    },
    "images": rows(Image),
    "renditions": rows(Image.get_rendition_model()),
    "documents": rows(get_document_model()),
    "media": {name: sha256(name) for name in files()},
}, default=str))
"""


def run(environ, *args, check=True):
    result = subprocess.run(  # noqa: S603
        [sys.executable, *args], cwd=settings.BASE_DIR, env=environ, capture_output=True, text=True, timeout=600
    )
    if check and result.returncode:
        raise AssertionError(f"{' '.join(args[:2])} failed:\n{result.stdout}\n{result.stderr}")
    return result


def manage(environ, *args, check=True):
    return run(environ, "manage.py", *args, check=check)


def script(environ, code):
    return run(environ, "-c", f"import django\ndjango.setup()\n{code}").stdout


def snapshot(environ):
    return json.loads(script(environ, SNAPSHOT))


def psql(sql):
    subprocess.run(["psql", f"{POSTGRES}/postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True)  # noqa: S603, S607


@contextlib.contextmanager
def empty_postgres_databases(*names):
    for name in names:
        psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        psql(f"CREATE DATABASE {name}")
    try:
        yield
    finally:
        for name in names:
            psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(
    scope="module",
    # Production's pair and development's: both database connectors and both kinds of media storage.
    params=[("postgresql", "s3"), ("sqlite", "disk")],
    ids=["postgresql-s3", "sqlite-disk"],
)
def round_trip(request, tmp_path_factory):
    """The demo site with images, documents and drafts, backed up, then restored into an empty
    database and an empty media storage; snapshots of both sides and the restore's output."""
    engine, media = request.param
    folder = tmp_path_factory.mktemp(f"backup-{engine}-{media}")
    inherited = {key: value for key, value in os.environ.items() if key not in NOT_INHERITED}
    source = {**inherited, "DJANGO_SETTINGS_MODULE": SETTINGS}
    restored = dict(source)
    with contextlib.ExitStack() as stack:
        if engine == "postgresql":
            stack.enter_context(empty_postgres_databases(SOURCE_DATABASE, RESTORED_DATABASE))
            source["DATABASE_URL"] = f"{POSTGRES}/{SOURCE_DATABASE}"
            restored["DATABASE_URL"] = f"{POSTGRES}/{RESTORED_DATABASE}"
        else:
            source["DATABASE_URL"] = f"sqlite:///{folder / 'source.sqlite3'}"
            restored["DATABASE_URL"] = f"sqlite:///{folder / 'restored.sqlite3'}"
        if media == "s3":
            s3 = stack.enter_context(S3Server())
            for bucket in ("media-source", "media-restored", "backups"):
                s3.create_bucket(bucket)
            source.update(s3.env("media-source"), BACKUP_BUCKET="backups")
            restored.update(s3.env("media-restored"), BACKUP_BUCKET="backups")
        else:
            for environ, name in ((source, "media-source"), (restored, "media-restored")):
                (folder / name).mkdir()
                environ.update(MEDIA_ROOT=str(folder / name), BACKUP_DIR=str(folder / "backups"))

        manage(source, "migrate", "--noinput")
        manage(source, "load_demo")
        script(source, ADD_MEDIA_AND_DRAFTS)
        before = snapshot(source)
        manage(source, "backup")
        restore = manage(restored, "restore")
        yield SimpleNamespace(
            source=before, restored=snapshot(restored), restore_output=restore.stdout, restored_env=restored
        )


def assert_restored(round_trip, key):
    assert round_trip.source[key], f"the source site has no {key}: the comparison would prove nothing"
    assert round_trip.restored[key] == round_trip.source[key]


@pytest.mark.deploy
@pytest.mark.slow
def test_every_page_comes_back_with_its_content(round_trip):
    assert_restored(round_trip, "pages")


@pytest.mark.deploy
@pytest.mark.slow
def test_every_company_offer_and_sector_comes_back_with_its_revisions(round_trip):
    for key in ("companies", "offers", "sectors"):
        assert_restored(round_trip, key)
    for label, revisions in round_trip.source["snippet_revisions"].items():
        assert revisions, f"{label} has no revisions"
        assert round_trip.restored["snippet_revisions"][label] == revisions


@pytest.mark.deploy
@pytest.mark.slow
def test_every_revision_comes_back_drafts_included(round_trip):
    drafts = [page for page in round_trip.source["pages"] if page["has_unpublished_changes"]]
    assert drafts, "the source site has no draft"
    assert_restored(round_trip, "revisions")


@pytest.mark.deploy
@pytest.mark.slow
def test_every_image_and_document_comes_back_with_the_same_file(round_trip):
    for key in ("images", "renditions", "documents"):
        assert_restored(round_trip, key)
    source_media, restored_media = round_trip.source["media"], round_trip.restored["media"]
    for row in round_trip.source["images"] + round_trip.source["renditions"] + round_trip.source["documents"]:
        assert restored_media.get(row["file"]) == source_media[row["file"]], row["file"]


@pytest.mark.deploy
@pytest.mark.slow
def test_every_media_file_comes_back_byte_for_byte(round_trip):
    assert_restored(round_trip, "media")


@pytest.mark.deploy
@pytest.mark.slow
def test_restore_reports_what_it_restored(round_trip):
    source = round_trip.source
    for count in (
        f"{len(source['pages'])} pages",
        f"{len(source['companies'])} companies",
        f"{len(source['revisions'])} revisions",
        f"{len(source['images'])} images",
        f"{len(source['media'])} files",
    ):
        assert count in round_trip.restore_output


@pytest.mark.deploy
@pytest.mark.slow
def test_restore_leaves_a_database_with_content_alone_unless_forced(round_trip):
    environ = round_trip.restored_env
    rename_sectors = "from registry.models import Sector\nSector.objects.update(name='Zmieniony')\n"
    changed = json.loads(script(environ, rename_sectors + SNAPSHOT))
    assert changed != round_trip.source

    refused = manage(environ, "restore", check=False)
    assert refused.returncode != 0
    assert "--force" in refused.stderr
    assert snapshot(environ) == changed

    manage(environ, "restore", "--force")
    assert snapshot(environ) == round_trip.source


def test_backup_refuses_to_write_among_the_media(tmp_path):
    media = FileSystemStorage(location=tmp_path / "media")
    assert is_among_media(FileSystemStorage(location=tmp_path / "media" / "backups"), media)
    assert not is_among_media(FileSystemStorage(location=tmp_path / "backups"), media)
    assert is_among_media(S3Storage(bucket_name="portal"), S3Storage(bucket_name="portal"))
    assert not is_among_media(S3Storage(bucket_name="portal-backups"), S3Storage(bucket_name="portal"))
    assert not is_among_media(S3Storage(bucket_name="portal-backups"), media)
