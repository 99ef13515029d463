"""What is kept in the cache belongs to one host, one release and one generation of content, and
only readers' visible changes start a new generation."""

import contextlib
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.files.base import ContentFile

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.rect import Rect
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import CollectionViewRestriction, Locale, Page, Site

import pytest

from articles.models import ArticleIndexPage, ArticlePage
from comments.models import Comment
from home.models import HomePage
from tests.factories import make_article

pytestmark = pytest.mark.django_db

OTHER_HOST = "drugi-portal.example.org"


@pytest.fixture(autouse=True)
def whole_page_and_api_caches(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.API_RESPONSE_CACHE_SECONDS = 300


@pytest.fixture
def second_site(demo):
    """A second Wagtail Site on its own host, with a home page of its own."""
    home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Drugi portal regionu", slug="drugi-portal", locale=Locale.get_default())
    )
    return Site.objects.create(hostname=OTHER_HOST, port=80, root_page=home, site_name="Drugi portal")


@contextlib.contextmanager
def keys_written():
    """The keys written to the shared cache inside the block."""
    shared, written = caches["default"], set()

    def record(method):
        def wrapper(key, *args, **kwargs):
            written.add(key)
            return method(key, *args, **kwargs)

        return wrapper

    with mock.patch.object(shared, "set", record(shared.set)), mock.patch.object(shared, "add", record(shared.add)):
        yield written


def test_each_host_gets_its_own_pages_from_the_page_cache(client, second_site):
    first = client.get("/")
    assert first["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    other = client.get("/", headers={"host": OTHER_HOST})
    assert other["X-Page-Cache"] == "miss"
    assert "Drugi portal regionu" in other.content.decode()
    assert "Drugi portal regionu" not in client.get("/").content.decode()


def test_each_host_gets_its_own_robots_txt_and_sitemap(client, second_site):
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()
    robots = client.get("/robots.txt", headers={"host": OTHER_HOST}).content.decode()
    assert f"Sitemap: http://{OTHER_HOST}/sitemap.xml" in robots
    sitemap = client.get("/sitemap.xml").content.decode()
    other_sitemap = client.get("/sitemap.xml", headers={"host": OTHER_HOST}).content.decode()
    assert "/aktualnosci/klastry/" in sitemap
    assert "/aktualnosci/" not in other_sitemap
    assert f"http://{OTHER_HOST}/" in other_sitemap


def test_an_unknown_host_gets_400_on_a_cached_url_too(client, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    assert client.get("/aktualnosci/").status_code == 200
    assert client.get("/aktualnosci/")["X-Page-Cache"] == "hit"
    assert client.get("/aktualnosci/", headers={"host": "anything.example.com"}).status_code == 400
    assert client.get("/api/articles/", headers={"host": "anything.example.com"}).status_code == 400


def test_a_new_release_serves_nothing_kept_under_the_old_one(client, settings):
    client.get("/klastry/")
    assert client.get("/klastry/")["X-Page-Cache"] == "hit"
    settings.RELEASE_ID = "the-next-release"
    assert client.get("/klastry/")["X-Page-Cache"] == "miss"


@pytest.fixture
def article_with_image(demo):
    news = ArticleIndexPage.objects.get(locale__language_code="pl")
    image = Image.objects.create(title="Hala targowa", file=get_test_image_file(filename="hala.png", size=(1600, 900)))
    article = make_article(news, title="Targi regionalne", slug="targi-regionalne", header_image=image)
    return article, image


def test_a_new_image_title_shows_on_the_page_and_in_the_api_at_once(client, article_with_image):
    article, image = article_with_image
    page_url, api_url = article.url, f"/api/images/{image.pk}/"
    assert 'alt="Hala targowa"' in client.get(page_url).content.decode()
    assert client.get(api_url).json()["title"] == "Hala targowa"
    image.title = "Hala wystawowa"
    image.save()
    assert 'alt="Hala wystawowa"' in client.get(page_url).content.decode()
    assert client.get(api_url).json()["title"] == "Hala wystawowa"


def test_a_new_focal_point_refreshes_the_page_and_the_api(client, article_with_image):
    article, image = article_with_image
    page_url, api_url = article.url, f"/api/articles/{article.pk}/"
    client.get(page_url), client.get(api_url)
    assert client.get(page_url)["X-Page-Cache"] == "hit"
    api_before = client.get(api_url)["ETag"]
    image.set_focal_point(Rect(100, 100, 300, 300))
    image.save()
    assert client.get(page_url)["X-Page-Cache"] == "miss"
    assert client.get(api_url)["ETag"] != api_before  # the renditions' addresses name the focal point


def test_a_document_collection_made_private_refreshes_pages_and_the_api(client, demo):
    document = Document.objects.create(title="Regulamin naboru", file=ContentFile(b"%PDF-1.4", name="regulamin.pdf"))
    client.get("/aktualnosci/")
    assert client.get("/aktualnosci/")["X-Page-Cache"] == "hit"
    assert client.get(f"/api/documents/{document.pk}/").status_code == 200
    CollectionViewRestriction.objects.create(collection=document.collection, restriction_type="login")
    assert client.get("/aktualnosci/")["X-Page-Cache"] == "miss"
    assert client.get(f"/api/documents/{document.pk}/").status_code == 404


@pytest.fixture
def commented_article(demo):
    article = ArticlePage.objects.live().get(slug="klastry", locale__language_code="pl")
    author = get_user_model().objects.create_user("czytelnik", "czytelnik@example.com", "hasło-czytelnika-1")
    return article, author


def test_a_pending_or_rejected_comment_changes_nothing_kept(client, commented_article):
    article, author = commented_article
    client.get("/"), client.get(article.url)
    comment = Comment.objects.create(article=article, author=author, body="Czekam na moderację")
    comment.status = Comment.Status.REJECTED
    comment.save()
    Comment.objects.create(article=article, author=author, body="Reklama", status=Comment.Status.SPAM)
    assert client.get("/")["X-Page-Cache"] == "hit"
    assert client.get(article.url)["X-Page-Cache"] == "hit"


def test_approving_a_comment_refreshes_its_article(client, commented_article):
    article, author = commented_article
    comment = Comment.objects.create(article=article, author=author, body="Świetny tekst o klastrach")
    assert "Świetny tekst o klastrach" not in client.get(article.url).content.decode()
    comment.status = Comment.Status.APPROVED
    comment.save()
    assert "Świetny tekst o klastrach" in client.get(article.url).content.decode()
    comment.status = Comment.Status.SPAM
    comment.save()
    assert "Świetny tekst o klastrach" not in client.get(article.url).content.decode()


@pytest.mark.parametrize("path", ["/aktualnosci/", "/baza-przedsiebiorstw/", "/szukaj/?q=klaster", "/klastry/"])
def test_junk_query_parameters_add_no_cache_keys(client, path):
    separator = "&" if "?" in path else "?"
    with keys_written() as warming:
        client.get(path)
    assert warming  # the page itself is kept
    with keys_written() as junk:
        for n in range(1000):
            response = client.get(f"{path}{separator}utm_source=crawler&junk={n}")
            assert response.status_code == 200
    assert junk <= warming


def test_parameters_in_another_order_are_one_page(client):
    client.get("/baza-przedsiebiorstw/?size=small&voivodeship=mazowieckie")
    again = client.get("/baza-przedsiebiorstw/?voivodeship=mazowieckie&size=small")
    assert again["X-Page-Cache"] == "hit"


def test_pages_with_forms_are_not_cached(client):
    # The newsletter page carries a sign-up form with a CSRF token tied to one reader.
    first = client.get("/newsletter/")
    assert first.status_code == 200 and 'name="csrfmiddlewaretoken"' in first.content.decode()
    again = client.get("/newsletter/")
    assert "X-Page-Cache" not in again
    assert 'name="csrfmiddlewaretoken"' in again.content.decode()
