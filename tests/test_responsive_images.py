"""Header images and company logos come in several WebP widths, sized so nothing shifts, with their per-use alt."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest

from articles.models import ArticleIndexPage
from tests.factories import CompanyFactory, make_article

pytestmark = pytest.mark.django_db


def image(name, size=(1600, 900)):
    return Image.objects.create(title=name, file=get_test_image_file(f"{name}.png", size=size))


def img_tags(client, path, css_class=None):
    response = client.get(path)
    assert response.status_code == 200
    tags = re.findall(r"<img [^>]*>", response.content.decode())
    return [tag for tag in tags if css_class is None or f'class="{css_class}"' in tag]


def attribute(tag, name):
    match = re.search(rf'\s{name}="([^"]*)"', tag)
    return match and match.group(1)


def srcset_widths(tag):
    return sorted(int(width) for width in re.findall(r"\.webp (\d+)w", attribute(tag, "srcset") or ""))


@pytest.fixture
def news(demo):
    return ArticleIndexPage.objects.get(locale__language_code="pl")


def test_article_page_header_image_has_webp_widths_size_attributes_and_its_alt(client, news):
    make_article(
        news, title="Z obrazem", slug="z-obrazem", header_image=image("port"), header_image_alt="Nabrzeże portu w Gdyni"
    )
    [tag] = [tag for tag in img_tags(client, "/aktualnosci/z-obrazem/") if "srcset" in tag]
    assert srcset_widths(tag) == [400, 800, 1200]
    assert attribute(tag, "sizes")
    assert (attribute(tag, "width"), attribute(tag, "height")) == ("1200", "675")
    assert attribute(tag, "alt") == "Nabrzeże portu w Gdyni"


def test_news_card_and_home_tile_show_the_thumbnail_in_two_widths_lazily_with_the_articles_alt(client, news):
    make_article(news, title="Kartka", slug="kartka", header_image=image("kartka"), header_image_alt="Hala targowa")
    for path in ("/aktualnosci/", "/"):
        [tag] = [tag for tag in img_tags(client, path, "article-list__image") if "Hala targowa" in tag]
        assert srcset_widths(tag) == [320, 640], path
        assert attribute(tag, "loading") == "lazy"
        assert attribute(tag, "width") and attribute(tag, "height")


def test_a_decorative_header_image_has_an_empty_alt(client, news):
    make_article(
        news,
        title="Ozdobny",
        slug="ozdobny",
        header_image=image("ozdoba"),
        header_image_alt="Nie do przeczytania",
        header_image_decorative=True,
    )
    tags = [tag for tag in img_tags(client, "/aktualnosci/ozdobny/") if "srcset" in tag]
    assert [attribute(tag, "alt") for tag in tags] == [""]
    assert "Nie do przeczytania" not in client.get("/aktualnosci/").content.decode()


def test_company_logo_has_a_srcset(client, demo):
    CompanyFactory(name="Logo Sp. z o.o.", slug="logo-sp", logo=image("logo", size=(800, 400)))
    [tag] = [tag for tag in img_tags(client, "/baza-przedsiebiorstw/logo-sp/") if "srcset" in tag]
    assert srcset_widths(tag) == [300, 600]
    assert (attribute(tag, "width"), attribute(tag, "height")) == ("600", "300")


def test_news_list_with_ten_illustrated_articles_costs_as_few_queries_as_with_one(client, news):
    def cost():
        client.get("/aktualnosci/?page=1")  # the warming visit makes the renditions
        with CaptureQueriesContext(connection) as context:
            assert client.get("/aktualnosci/?page=1").status_code == 200
        return len(context.captured_queries)

    make_article(news, title="Pierwszy", slug="ilustrowany-0", header_image=image("i0"), header_image_alt="Obraz 0")
    with_one = cost()
    for number in range(1, 10):
        make_article(
            news, title=f"Ilustrowany {number}", slug=f"ilustrowany-{number}", header_image=image(f"i{number}")
        )
    assert 0 < cost() == with_one
    assert len(img_tags(client, "/aktualnosci/?page=1", "article-list__image")) >= 10
