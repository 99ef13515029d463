"""The article's actions: PDF, Print, Back to the list the reader came from, and Comment."""

import datetime
import io
import re
from html import unescape

from django.contrib.staticfiles import finders
from django.urls import reverse

from wagtail.embeds.blocks import EmbedValue
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

import pytest
from pypdf import PdfReader

from articles.models import ArticleIndexPage, ArticlePage
from tests.factories import make_article

pytestmark = pytest.mark.django_db

SEED_PL = "/aktualnosci/klastry/"
SEED_EN = "/en/news/clusters/"


def pdf_text(response):
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_image_count(response):
    # WeasyPrint may share one resource dictionary between pages, so the same image can be listed on each.
    pages = PdfReader(io.BytesIO(response.content)).pages
    return len({image.data for page in pages for image in page.images})


def actions(response):
    return re.search(r'<ul class="actions">.*?</ul>', response.content.decode(), re.S).group(0)


def back_link(response):
    hrefs = re.findall(r'<a href="([^"]*)">Powrót do:', actions(response))
    assert len(hrefs) == 1
    return unescape(hrefs[0])


@pytest.fixture
def news(demo):
    return ArticleIndexPage.objects.get(locale__language_code="pl")


def test_pdf_of_the_seed_article_is_a_download_named_after_its_slug(client, demo):
    response = client.get(f"{SEED_PL}pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="klastry.pdf"'
    assert response.content.startswith(b"%PDF-")


def test_pdf_holds_title_polish_date_author_lead_quote_and_body_with_diacritics(client, demo):
    text = pdf_text(client.get(f"{SEED_PL}pdf/"))
    for expected in [
        "Klastry",
        "20 listopada 2014",
        "AW",
        "ważne narzędzie rozwoju gospodarczego",  # lead
        "geograficzne skupisko",  # quotation
        "Michael Porter, The Competitive Advantage of Nations, 1990",  # its source
        "Bydgoski Klaster Przemysłowy",
        "giełda kooperacyjna",
        "współpraca",
        "przełożyć",
    ]:
        assert expected in text, f"{expected!r} missing from the PDF"
    assert set("ąęłńóśźż") <= set(text.lower())


def test_english_pdf_gives_the_date_in_english(client, demo):
    response = client.get(f"{SEED_EN}pdf/")
    assert response["Content-Disposition"] == 'attachment; filename="clusters.pdf"'
    text = pdf_text(response)
    assert "Clusters" in text
    assert "20 November 2014" in text
    assert "by AW" in text


def test_pdf_of_an_article_with_images_and_a_video_shows_the_images_and_links_the_video(client, news):
    header = Image.objects.create(title="Nagłówek", file=get_test_image_file(filename="naglowek.png"))
    photo = Image.objects.create(title="Zdjęcie", file=get_test_image_file(filename="zdjecie.png", colour="red"))
    make_article(
        news,
        title="Artykuł ze zdjęciami",
        slug="artykul-ze-zdjeciami",
        header_image=header,
        body=[
            ("paragraph", RichText("<p>Zdjęcia z giełdy kooperacyjnej.</p>")),
            ("image", {"image": photo, "caption": "Uczestnicy giełdy", "attribution": "TARR"}),
            ("embed", EmbedValue("https://www.youtube.com/watch?v=dQw4w9WgXcQ")),
        ],
    )
    response = client.get("/aktualnosci/artykul-ze-zdjeciami/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert pdf_image_count(response) == 2
    text = pdf_text(response)
    assert "Uczestnicy giełdy" in text
    assert "Fot. TARR" in text
    assert "https://www.youtube.com/watch?v=dQw4w9WgXcQ" in text


def test_password_protected_article_gives_the_password_form_not_a_pdf(client, demo):
    seed = ArticlePage.objects.get(locale__language_code="pl", slug="klastry")
    PageViewRestriction.objects.create(page=seed, restriction_type=PageViewRestriction.PASSWORD, password="tajne")
    response = client.get(f"{SEED_PL}pdf/")
    assert not response["Content-Type"].startswith("application/pdf")
    assert not response.content.startswith(b"%PDF")
    assert "Content-Disposition" not in response


def test_unlocked_private_article_still_has_no_pdf(client, demo):
    seed = ArticlePage.objects.get(locale__language_code="pl", slug="klastry")
    restriction = PageViewRestriction.objects.create(
        page=seed, restriction_type=PageViewRestriction.PASSWORD, password="tajne"
    )
    client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, seed.pk]),
        {"password": "tajne", "return_url": SEED_PL},
    )
    page = client.get(SEED_PL)
    assert page.status_code == 200
    assert "/pdf/" not in actions(page)
    assert client.get(f"{SEED_PL}pdf/").status_code == 404


def test_draft_article_has_no_pdf(client, news):
    make_article(news, title="Szkic", slug="szkic", live=False)
    assert client.get("/aktualnosci/szkic/pdf/").status_code == 404


def test_back_link_returns_to_the_list_with_its_filter_and_page(client, news):
    # Ten newer articles push the seed article onto the second page of the list.
    for day in range(1, 11):
        make_article(news, title=f"Nowszy {day}", slug=f"nowszy-{day}", date=datetime.date(2020, 1, day))
    listing = client.get("/aktualnosci/", {"tag": "klastry", "page": "2"}).content.decode()
    article_link = unescape(re.search(r'href="(/aktualnosci/klastry/[^"]*)"', listing).group(1))
    assert article_link == "/aktualnosci/klastry/?from=tag%3Dklastry%26page%3D2"

    assert back_link(client.get(article_link)) == "/aktualnosci/?tag=klastry&page=2"


def test_back_link_without_an_origin_goes_to_the_news_list(client, demo):
    assert back_link(client.get(SEED_PL)) == "/aktualnosci/"
    english = client.get(SEED_EN).content.decode()
    assert '<a href="/en/news/">Back to News</a>' in english


@pytest.mark.parametrize(
    "origin",
    ["https://evil.example/aktualnosci/?page=2", "//evil.example/", "/aktualnosci/?page=2", "page=2&a b=<x>"],
)
def test_back_link_ignores_an_origin_that_is_not_the_lists_query(client, demo, origin):
    response = client.get(SEED_PL, {"from": origin})
    assert back_link(response) == "/aktualnosci/"
    assert "evil.example" not in response.content.decode()


def test_article_offers_pdf_print_back_and_comment(client, demo):
    response = client.get(SEED_PL)
    html = response.content.decode()
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in html
    listed = actions(response)
    assert '<a href="/aktualnosci/klastry/pdf/" type="application/pdf">PDF</a>' in listed
    assert '<button type="button" data-print>Drukuj</button>' in listed
    assert '<script src="/static/articles/print.js" defer></script>' in html
    assert "Powrót do: Aktualności" in listed
    assert '<a href="#comments">Wypowiedz się</a>' in listed
    assert '<section id="comments"' in html


def test_printed_page_leaves_out_the_site_chrome_and_shows_outside_link_addresses():
    with open(finders.find("css/print.css"), encoding="utf-8") as stylesheet:
        css = stylesheet.read()
    hidden = css.split("{", 1)[0]
    for selector in (".site-header", ".site-nav", ".language-switcher", ".site-footer", ".actions", "#comments"):
        assert selector in hidden
    assert 'a[href^="http"]::after' in css
