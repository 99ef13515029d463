"""The article PDF is accessible (PDF/UA): tagged, titled, in the article's language, with bookmarks."""

import io

from django.test import Client

from wagtail.rich_text import RichText

import pytest
from pypdf import PdfReader

from articles.models import ArticleIndexPage
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def outline_titles(outline):
    """Every bookmark's title, nested ones included (pypdf gives children as a list after their parent)."""
    titles = []
    for item in outline:
        titles.extend(outline_titles(item) if isinstance(item, list) else [item.title])
    return titles


@pytest.fixture
def article_with_headings(demo):
    def make(language_code, title, slug, headings):
        index = ArticleIndexPage.objects.get(locale__language_code=language_code)
        body = [("paragraph", RichText("<p>Wstęp.</p>"))]
        body += [("heading", {"text": text, "level": "h2"}) for text in headings]
        page = make_article(index, title=title, slug=slug, body=body)
        return PdfReader(io.BytesIO(page_pdf(page)))

    return make


def page_pdf(page):
    response = Client().get(f"{page.url}pdf/")
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize(
    ("language_code", "title", "headings"),
    [
        ("pl", "Giełda kooperacyjna", ["Program spotkań", "Zgłoszenia uczestników"]),
        ("en", "Cooperation fair", ["Programme", "How to take part"]),
    ],
)
def test_pdf_is_tagged_titled_in_the_article_language_and_bookmarked_by_its_headings(
    article_with_headings, language_code, title, headings
):
    reader = article_with_headings(language_code, title, f"pdf-ua-{language_code}", headings)
    catalog = reader.trailer["/Root"]

    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == language_code
    assert reader.metadata.title == title
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert reader.xmp_metadata.dc_title["x-default"] == title
    assert outline_titles(reader.outline) == [title, *headings]


def test_pdf_embeds_its_fonts(article_with_headings):
    reader = article_with_headings("pl", "Czcionki", "pdf-ua-czcionki", ["Śródtytuł"])
    fonts = {
        font_ref.get_object()["/BaseFont"]: font_ref.get_object()
        for page in reader.pages
        for font_ref in page["/Resources"]["/Font"].values()
    }
    assert fonts
    for name, font in fonts.items():
        descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)[
            "/FontDescriptor"
        ].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys()), f"{name} is not embedded"
