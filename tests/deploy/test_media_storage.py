"""Media in an S3-compatible bucket (moto's server over HTTP): public images, private documents.

The storage is configured by the same function as production settings (cms.storage.media_storage)
from the environment an app server would get, and every check on the bucket goes over HTTP:
boto3 for what is stored, plain unsigned GETs for what an anonymous reader could fetch. moto
enforces object ACLs on anonymous GETs (403 for a private object), so the tests ask the server
itself rather than reading the grants.
"""

import io
import socket
import time
import urllib.error
import urllib.request
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

import pytest
from PIL import Image as PILImage

from articles.models import ArticleIndexPage
from cms.storage import media_storage
from tests.deploy.s3 import S3Server
from tests.factories import make_article

pytestmark = [pytest.mark.deploy, pytest.mark.slow, pytest.mark.django_db]

PDF = b"%PDF-1.4\n% Uchwala zarzadu nr 7/2025\n%%EOF\n"


@pytest.fixture(scope="module")
def s3():
    with S3Server() as server:
        yield server


@pytest.fixture
def bucket(s3, settings, monkeypatch):
    """A fresh bucket that takes the site's media, configured as an app server would be."""
    name = f"media-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(name)
    environ = s3.env(name)
    for key, value in environ.items():
        monkeypatch.setenv(key, value)  # boto3 reads the credentials from the environment
    settings.STORAGES = {**settings.STORAGES, "default": media_storage(environ)}
    return name


def anonymous_get(url):
    """Status and body of an unsigned GET, as a browser without any credentials would send it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, b""


def jpeg(size=(640, 480)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (30, 110, 60)).save(buffer, "JPEG")
    return ImageFile(buffer, name="hala-produkcyjna.jpg")


def private_collection(restriction_type="login", password=""):
    collection = Collection.get_first_root_node().add_child(name=f"Zarząd {uuid.uuid4().hex[:6]}")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=restriction_type, password=password
    )
    return collection


def streamed(response):
    return b"".join(response.streaming_content)


def test_uploaded_image_and_its_rendition_are_served_straight_from_the_bucket(s3, bucket):
    image = Image.objects.create(title="Hala", file=jpeg())
    assert image.file.name.startswith("original_images/")
    assert image.file.name in s3.keys(bucket, "original_images/")

    rendition = image.get_rendition("fill-100x100")
    assert rendition.file.name.startswith("images/")
    assert rendition.file.name in s3.keys(bucket, "images/")

    # Unsigned, so the URL stays valid inside cached pages.
    assert rendition.url == s3.object_url(bucket, rendition.file.name)
    status, headers, body = anonymous_get(rendition.url)
    assert status == 200
    assert headers["Content-Type"] == "image/jpeg"
    assert "max-age" in headers["Cache-Control"]
    assert PILImage.open(io.BytesIO(body)).size == (100, 100)
    assert anonymous_get(image.file.url)[0] == 200


def test_deleting_an_image_removes_its_original_and_renditions_from_the_bucket(
    s3, bucket, django_capture_on_commit_callbacks
):
    image = Image.objects.create(title="Hala", file=jpeg())
    image.get_rendition("fill-100x100")
    image.get_rendition("width-300")
    assert len(s3.keys(bucket)) == 3

    # Wagtail deletes the files in a background task once the deletion is committed.
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()

    assert s3.keys(bucket) == []


@pytest.fixture
def private_document(bucket):
    return Document.objects.create(
        title="Uchwała zarządu", file=ContentFile(PDF, name="uchwala.pdf"), collection=private_collection()
    )


def test_private_document_is_served_only_to_staff(client, private_document):
    doc = private_document
    assert doc.url == f"/documents/{doc.pk}/uchwala.pdf"

    refused = client.get(doc.url)
    assert refused.status_code == 302
    assert "next=" in refused["Location"]

    # Anyone can sign up as a reader: a reader account is not enough.
    client.force_login(get_user_model().objects.create_user("czytelnik", "czytelnik@example.org", "x"))
    assert client.get(doc.url).status_code == 403

    editor = get_user_model().objects.create_user("redaktor", "redaktor@example.org", "x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    served = client.get(doc.url)
    assert served.status_code == 200
    assert streamed(served) == PDF


def test_password_protected_document_is_served_after_the_password(client, bucket):
    collection = private_collection("password", password="tajne-haslo")
    doc = Document.objects.create(title="Protokół", file=ContentFile(PDF, name="protokol.pdf"), collection=collection)

    form = client.get(doc.url)
    assert form.status_code == 200
    assert PDF not in form.content
    restriction = collection.view_restrictions.get()
    client.post(
        reverse("wagtaildocs_authenticate_with_password", args=[restriction.pk]),
        {"password": "tajne-haslo", "return_url": doc.url},
    )
    assert streamed(client.get(doc.url)) == PDF


def test_private_document_cannot_be_read_from_the_bucket(s3, bucket, private_document):
    key = private_document.file.name
    assert key in s3.keys(bucket, "documents/")
    assert anonymous_get(s3.object_url(bucket, key))[0] == 403
    assert anonymous_get(private_document.file.url)[0] == 403


def test_no_bucket_address_of_a_document_reaches_the_page_or_the_api(client, s3, bucket, demo, private_document):
    public = Document.objects.create(title="Regulamin", file=ContentFile(PDF, name="regulamin.pdf"))
    news = ArticleIndexPage.objects.get(locale__language_code="pl")
    article = make_article(
        news,
        title="Z dokumentami",
        slug="z-dokumentami",
        body=[
            ("document", {"document": private_document, "title": ""}),
            ("document", {"document": public, "title": ""}),
        ],
    )
    bucket_documents = s3.object_url(bucket, "documents/")

    html = client.get(article.url).content.decode()
    # A document readers cannot open is not linked at all; a public one is linked through the site.
    assert f"/documents/{private_document.pk}/" not in html
    assert f'href="/documents/{public.pk}/regulamin.pdf"' in html
    assert bucket_documents not in html

    answers = [
        client.get(f"/api/articles/{article.pk}/").content.decode(),
        client.get("/api/documents/", {"limit": 100}).content.decode(),
        client.get(f"/api/documents/{public.pk}/").content.decode(),
    ]
    assert f"/documents/{private_document.pk}/" not in answers[0]
    assert f"/documents/{public.pk}/regulamin.pdf" in answers[0]
    assert f"/documents/{public.pk}/regulamin.pdf" in answers[2]
    assert not any(bucket_documents in answer for answer in answers)


def test_public_document_is_downloaded_through_the_site_and_stays_private_in_the_bucket(client, s3, bucket):
    doc = Document.objects.create(title="Regulamin", file=ContentFile(PDF, name="regulamin.pdf"))

    served = client.get(doc.url)
    assert served.status_code == 200
    assert streamed(served) == PDF
    assert served["Content-Type"] == "application/pdf"
    assert anonymous_get(s3.object_url(bucket, doc.file.name))[0] == 403


def test_readiness_fails_within_seconds_when_storage_hangs(client, settings, monkeypatch):
    # Credentials, so that the request is really sent rather than refused by boto3 at once.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing-access-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing-secret-key")
    # A server that accepts connections and never answers: the worst kind of outage.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        host, port = silent.getsockname()
        settings.STORAGES = {
            **settings.STORAGES,
            "default": media_storage(
                {"AWS_STORAGE_BUCKET_NAME": "media", "AWS_S3_ENDPOINT_URL": f"http://{host}:{port}"}
            ),
        }
        started = time.monotonic()
        response = client.get("/readyz")
        elapsed = time.monotonic() - started

    assert response.status_code == 503
    assert response.json()["storage"] == "error"
    assert elapsed < 15
