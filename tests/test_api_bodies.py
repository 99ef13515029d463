"""Bodies come rendered as the site renders them, links carry their target, and every address shares one base URL."""

import re

from django.core.files.base import ContentFile

from wagtail.documents.models import Document
from wagtail.embeds.blocks import EmbedValue
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction
from wagtail.rich_text import RichText

import pytest

from articles.models import ArticleIndexPage, ArticlePage
from tests.factories import make_article

pytestmark = pytest.mark.django_db

EMBED_URL = "https://video.example.com/watch/1"


def get(client, path, status=200, **params):
    extra = {key: params.pop(key) for key in list(params) if key.startswith("HTTP_")}
    response = client.get(path, params, **extra)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


@pytest.fixture
def news(demo):
    return ArticleIndexPage.objects.get(locale__language_code="pl")


@pytest.fixture
def seed():
    return ArticlePage.objects.get(locale__language_code="pl", slug="klastry")


def link_to(page, text):
    return RichText(f'<p>Zobacz <a linktype="page" id="{page.pk}">{text}</a>.</p>')


@pytest.fixture
def photo():
    return Image.objects.create(title="Giełda", file=get_test_image_file(filename="gielda.png", size=(1000, 800)))


@pytest.fixture
def article(news, seed, photo):
    doc = Document.objects.create(title="Zasady udziału", file=ContentFile(b"%PDF-1.4", name="zasady-udzialu.pdf"))
    return make_article(
        news,
        title="Z blokami",
        slug="z-blokami",
        header_image=photo,
        body=[
            ("heading", {"text": "Śródtytuł", "level": "h3"}),
            ("paragraph", link_to(seed, "artykuł")),
            ("quote", {"text": "Cytat.", "source": "Porter"}),
            ("image", {"image": photo, "caption": "Uczestnicy", "attribution": "TARR"}),
            ("embed", EmbedValue(EMBED_URL)),
            ("document", {"document": doc, "title": ""}),
        ],
    )


def absolute_addresses(data):
    """Every absolute address anywhere in an answer, HTML attributes included."""
    if isinstance(data, dict):
        return [address for value in data.values() for address in absolute_addresses(value)]
    if isinstance(data, list):
        return [address for value in data for address in absolute_addresses(value)]
    if isinstance(data, str):
        if data.startswith(("http://", "https://")):
            return [data]
        return re.findall(r'(?:href|src)="(https?://[^"]*)"', data)
    return []


def test_body_html_renders_every_block_with_the_sites_templates(client, article, seed, photo):
    html = get(client, f"/api/articles/{article.pk}/")["body_html"]
    assert "<h3>Śródtytuł</h3>" in html
    assert "<blockquote><p>Cytat.</p></blockquote>" in html and "<figcaption>Porter</figcaption>" in html
    assert f'<img data-type="image" data-id="{photo.pk}"' in html and "Fot. TARR" in html
    assert f'data-type="embed" data-url="{EMBED_URL}"' in html
    doc = Document.objects.get(title="Zasady udziału")
    assert f'data-type="document" data-id="{doc.pk}"' in html and ">Zasady udziału</a>" in html
    assert f'<a href="/aktualnosci/klastry/" data-type="article" data-id="{seed.pk}">artykuł</a>' in html
    assert "linktype" not in html and "nonce" not in html


def test_body_html_is_left_out_of_lists_unless_asked_for(client, article):
    listed = get(client, "/api/articles/", limit=100)["items"]
    assert all("body_html" not in item for item in listed)
    chosen = get(client, "/api/articles/", fields="body_html", limit=100)["items"]
    assert next(item for item in chosen if item["id"] == article.pk)["body_html"].startswith("<h3>")


def test_links_are_site_relative_by_default_and_absolute_on_request(client, article):
    relative = get(client, f"/api/articles/{article.pk}/")
    assert 'href="/aktualnosci/klastry/"' in relative["body_html"]
    assert 'src="/media/' in relative["body_html"] and 'href="/documents/' in relative["body_html"]
    assert 'href="/aktualnosci/klastry/"' in relative["body"][1]["value"]

    absolute = get(client, f"/api/articles/{article.pk}/", links="absolute")
    assert 'href="http://testserver/aktualnosci/klastry/"' in absolute["body_html"]
    assert 'src="http://testserver/media/' in absolute["body_html"]
    assert 'href="http://testserver/documents/' in absolute["body_html"]
    assert 'href="http://testserver/aktualnosci/klastry/"' in absolute["body"][1]["value"]

    listed = get(client, "/api/articles/", fields="body_html", links="absolute", limit=100)["items"]
    assert 'href="http://testserver/' in next(item for item in listed if item["id"] == article.pk)["body_html"]


@pytest.mark.parametrize("path", ["/api/articles/", "/api/articles/{pk}/"])
def test_an_unknown_links_value_answers_400_naming_it(client, article, path):
    error = get(client, path.format(pk=article.pk), status=400, links="full")
    assert "links" in error["detail"]


def test_links_in_an_english_body_lead_to_the_english_translation(client, seed):
    english_news = ArticleIndexPage.objects.get(locale__language_code="en")
    article = make_article(english_news, title="Links", slug="links", body=[("paragraph", link_to(seed, "Clusters"))])
    english_seed = seed.get_translation(english_news.locale)
    html = get(client, f"/api/articles/{article.pk}/")["body_html"]
    assert f'<a href="/en/news/clusters/" data-type="article" data-id="{english_seed.pk}">Clusters</a>' in html


def test_a_link_to_a_draft_or_private_page_is_left_as_its_text(client, news):
    draft = make_article(news, title="Szkic", slug="szkic-tajny", live=False)
    private = make_article(news, title="Zarząd", slug="dla-zarzadu")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    article = make_article(
        news,
        title="Linki",
        slug="linki",
        body=[("paragraph", link_to(draft, "szkic")), ("paragraph", link_to(private, "zarząd"))],
    )
    item = get(client, f"/api/articles/{article.pk}/", links="absolute")
    for html in (item["body_html"], item["body"][0]["value"], item["body"][1]["value"]):
        assert "szkic-tajny" not in html and "dla-zarzadu" not in html
        assert str(draft.pk) not in html.replace(str(article.pk), "") and "data-id" not in html
    assert "<p>Zobacz szkic.</p>" in item["body_html"] and "<p>Zobacz zarząd.</p>" in item["body_html"]


def test_a_private_document_in_a_body_keeps_the_editors_words_only(client, news):
    board = Collection.get_first_root_node().add_child(name="Zarząd")
    CollectionViewRestriction.objects.create(collection=board, restriction_type="login")
    secret = Document.objects.create(title="Poufny plan", file=ContentFile(b"x", name="plan.pdf"), collection=board)
    article = make_article(
        news,
        title="Z dokumentem",
        slug="z-dokumentem",
        body=[
            ("paragraph", RichText(f'<p>Zobacz <a linktype="document" id="{secret.pk}">plan</a>.</p>')),
            ("document", {"document": secret, "title": "Plan na rok"}),
        ],
    )
    html = get(client, f"/api/articles/{article.pk}/")["body_html"]
    assert "plan.pdf" not in html and "Poufny" not in html and "data-type" not in html
    assert "<p>Zobacz plan.</p>" in html and "Plan na rok" in html


@pytest.mark.parametrize("endpoint", ["articles", "clusters", "companies", "offers", "images"])
def test_every_item_has_a_relative_path_that_the_url_ends_with(client, demo, endpoint):
    items = get(client, f"/api/{endpoint}/", limit=5)["items"]
    assert items
    for item in items:
        assert item["path"].startswith("/") and not item["path"].startswith("//")
        assert item["url"] == "http://testserver" + item["path"]


def test_all_absolute_addresses_default_to_the_host_the_request_came_to(client, article):
    item = get(client, f"/api/articles/{article.pk}/", links="absolute", HTTP_HOST="api.example.org")
    addresses = [address for address in absolute_addresses(item) if EMBED_URL not in address]
    assert len(addresses) > 10
    assert all(address.startswith("http://api.example.org/") for address in addresses), addresses


def test_all_absolute_addresses_share_the_configured_base_url(client, article, settings):
    settings.API_BASE_URL = "https://portal.example.pl/"
    item = get(client, f"/api/articles/{article.pk}/", links="absolute")
    addresses = [address for address in absolute_addresses(item) if EMBED_URL not in address]
    assert len(addresses) > 10
    assert all(address.startswith("https://portal.example.pl/") for address in addresses), addresses
    assert item["url"] == "https://portal.example.pl/aktualnosci/z-blokami/"
    assert item["api_url"] == f"https://portal.example.pl/api/articles/{article.pk}/"
