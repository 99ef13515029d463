"""The changes feed: a downstream copy kept in sync from /api/changes/ equals a fresh read of the lists."""

import datetime
import threading
from urllib.parse import urlsplit

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

import pytest

from api.changes import append
from articles.models import ArticleIndexPage
from clusters.models import ClusterIndexPage
from registry.models import Sector
from tests.factories import CompanyFactory, OfferFactory, SectorFactory, make_article, make_cluster

pytestmark = pytest.mark.django_db

LISTS = ("articles", "clusters", "companies", "offers", "sectors", "images", "documents")


def full_read(client):
    """Every public item of every kind, whole, keyed by (type, id): what a fresh copy holds."""
    copy = {}
    for name in LISTS:
        offset = 0
        while True:
            answer = client.get(f"/api/{name}/", {"fields": "*", "limit": 100, "offset": offset}).json()
            copy.update(((item["type"], item["id"]), item) for item in answer["items"])
            offset += 100
            if offset >= answer["total"]:
                break
    return copy


def replay(client, since, copy):
    """Apply the feed after `since` to `copy` as a downstream site would; returns the next cursor."""
    while True:
        response = client.get("/api/changes/", {"limit": 7} | ({"since": since} if since else {}))
        assert response.status_code == 200
        answer = response.json()
        for change in answer["items"]:
            key = (change["kind"], change["id"])
            if change["action"] in ("created", "updated"):
                item = client.get(urlsplit(change["api_url"]).path)
                if item.status_code == 200:
                    copy[key] = item.json()
                else:  # not public any more: a later change in the feed says why
                    copy.pop(key, None)
            else:
                copy.pop(key, None)
        since = answer["next"]
        if not answer["has_more"]:
            return since


def latest_cursor(client):
    return replay(client, None, {})


def feed_after(client, since):
    return client.get("/api/changes/", {"since": since, "limit": 1000}).json()["items"]


@pytest.fixture
def indexes(demo):
    return (
        ArticleIndexPage.objects.get(locale__language_code="pl"),
        ClusterIndexPage.objects.get(locale__language_code="pl"),
    )


def test_a_copy_replayed_from_a_cursor_equals_a_fresh_read(client, indexes, django_capture_on_commit_callbacks):
    news, clusters = indexes
    copy = full_read(client)
    cursor = latest_cursor(client)
    Image, Document = get_image_model(), get_document_model()

    with django_capture_on_commit_callbacks(execute=True):
        # Created, of every kind.
        kept = make_article(news, title="Zostaje", slug="zostaje")
        gone = make_article(news, title="Zniknie", slug="zniknie")
        hidden = make_article(news, title="Wycofany", slug="wycofany")
        cluster = make_cluster(clusters, title="Klaster Nowy", slug="klaster-nowy")
        sector = SectorFactory()
        company = CompanyFactory(live=False)
        company.save_revision().publish()
        company.sectors.add(sector)
        company.save_revision().publish()
        other = CompanyFactory(live=False)
        other.save_revision().publish()
        offer = OfferFactory(company=other, live=False)
        offer.save_revision().publish()
        lost_offer = OfferFactory(company=company, live=False)
        lost_offer.save_revision().publish()
        photo = Image.objects.create(title="Zdjęcie", file=get_test_image_file(filename="zdjecie.png"))
        leaflet = Document.objects.create(title="Ulotka", file=ContentFile(b"x", name="ulotka.txt"))
        scrap = Document.objects.create(title="Szkic", file=ContentFile(b"x", name="szkic.txt"))

        # Updated.
        kept.title = "Zostaje, poprawiony"
        kept.save_revision().publish()
        cluster.title = "Klaster Odnowiony"
        cluster.save_revision().publish()
        sector.name = "Sektor przemianowany"
        sector.save()  # companies show their sectors' names
        offer.title = "Oferta poprawiona"
        offer.save_revision().publish()
        photo.title = "Zdjęcie z opisem"
        photo.save()
        leaflet.title = "Ulotka 2027"
        leaflet.save()

        # Unpublished, made private, deleted.
        hidden.unpublish()
        company.refresh_from_db()  # published from its revision: this copy still says draft
        company.unpublish()  # takes its offer with it
        PageViewRestriction.objects.create(page=cluster, restriction_type="login")
        gone.delete()
        other.delete()  # and its offer
        Sector.objects.filter(pk=SectorFactory().pk).get().delete()
        scrap.delete()
        Image.objects.create(title="Na chwilę", file=get_test_image_file(filename="chwila.png")).delete()

    replay(client, cursor, copy)

    assert copy == full_read(client)
    assert ("article", kept.id) in copy and copy[("article", kept.id)]["title"] == "Zostaje, poprawiony"
    for key in [("article", gone.id), ("article", hidden.id), ("cluster", cluster.id), ("company", company.id)]:
        assert key not in copy
    assert ("offer", lost_offer.id) not in copy and ("document", scrap.id) not in copy


def test_each_change_names_kind_id_locale_action_and_a_cursor(client, indexes, django_capture_on_commit_callbacks):
    news, _ = indexes
    cursor = latest_cursor(client)
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(news, title="Nowość", slug="nowosc")
        article.unpublish()
        article.delete()
    changes = feed_after(client, cursor)
    assert [(c["kind"], c["id"], c["locale"], c["action"]) for c in changes] == [
        ("article", article.id, "pl", "created"),
        ("article", article.id, "pl", "unpublished"),
    ]
    assert changes[0]["api_url"].endswith(f"/api/articles/{article.id}/")
    assert feed_after(client, changes[0]["cursor"]) == changes[1:]
    assert "title" not in changes[0]  # the feed names items; their content comes from their endpoints


def test_drafts_never_appear_in_the_feed(client, site_tree, django_capture_on_commit_callbacks):
    cursor = latest_cursor(client)
    with django_capture_on_commit_callbacks(execute=True):
        company = CompanyFactory(live=False)
        company.name = "Tajny szkic"
        company.save_revision()
        company.delete()
    assert feed_after(client, cursor) == []


def test_a_page_made_private_is_unpublished_in_the_feed(client, indexes, django_capture_on_commit_callbacks):
    news, _ = indexes
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(news, title="Dla członków", slug="dla-czlonkow")
    cursor = latest_cursor(client)
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=article, restriction_type="login")
    assert [(c["id"], c["action"]) for c in feed_after(client, cursor)] == [(article.id, "unpublished")]


def test_a_document_moved_into_a_private_collection_is_unpublished(client, demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = get_document_model().objects.create(title="Raport", file=ContentFile(b"x", name="raport.txt"))
        board = Collection.get_first_root_node().add_child(name="Zarząd")
    cursor = latest_cursor(client)
    with django_capture_on_commit_callbacks(execute=True):
        CollectionViewRestriction.objects.create(collection=board, restriction_type="login")
        document.collection = board
        document.save()
    assert [(c["kind"], c["id"], c["action"]) for c in feed_after(client, cursor)] == [
        ("document", document.id, "unpublished")
    ]


def test_an_expired_offer_is_unpublished_when_the_feed_notices(client, site_tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        offer = OfferFactory(live=False)
        offer.save_revision().publish()
    cursor = latest_cursor(client)
    type(offer).objects.filter(pk=offer.pk).update(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    assert [(c["id"], c["action"]) for c in feed_after(client, cursor)] == [(offer.id, "unpublished")]
    assert feed_after(client, feed_after(client, cursor)[0]["cursor"]) == []


@pytest.mark.parametrize("since", ["abc", "-1", "١٢", "1.5"])
def test_a_cursor_not_from_the_feed_is_a_400(client, demo, since):
    response = client.get("/api/changes/", {"since": since})
    assert response.status_code == 400
    assert "since" in response.json()["detail"]


def test_the_feed_is_documented_with_a_named_action_enum(client, demo):
    document = client.get("/api/openapi.json").json()
    assert "/api/changes/" in document["paths"]
    assert document["components"]["schemas"]["ChangeAction"]["enum"] == ["created", "updated", "unpublished", "deleted"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one transaction write at a time")
def test_a_reader_never_skips_a_change_committed_after_a_later_one(client, settings):
    """Two editors' transactions write to the feed; the first one to write commits last."""
    settings.API_RESPONSE_CACHE_SECONDS = 0
    first_wrote, first_may_commit, second_done = threading.Event(), threading.Event(), threading.Event()

    def first_editor():
        try:
            with transaction.atomic():
                append(kind="company", object_id=900001, locale="pl", action="created")
                first_wrote.set()
                first_may_commit.wait(timeout=30)
        finally:
            connection.close()

    def second_editor():
        try:
            append(kind="company", object_id=900002, locale="pl", action="created")
            second_done.set()
        finally:
            connection.close()

    editors = [threading.Thread(target=first_editor), threading.Thread(target=second_editor)]
    editors[0].start()
    assert first_wrote.wait(timeout=30)
    editors[1].start()
    second_done.wait(timeout=2)  # it must wait for the first; if it did not, it has committed by now

    seen, cursor = read_feed(client, since=None)
    first_may_commit.set()
    for editor in editors:
        editor.join(timeout=30)
    after, _cursor = read_feed(client, since=cursor)

    read = sorted(pk for pk in seen + after if pk > 900000)
    assert read == [900001, 900002], "a reader following the cursor reads every change"


def read_feed(client, since):
    """The ids the feed lists after `since`, to its end, and the cursor to go on from."""
    ids = []
    while True:
        answer = client.get("/api/changes/", {"since": since} if since else {}).json()
        ids.extend(item["id"] for item in answer["items"])
        since = answer["next"]
        if not answer["has_more"]:
            return ids, since
