"""A translation is complete: images described in each language, a language switcher that always
offers every language, and an editor told which texts a published translation still lacks."""

import re
from html import unescape
from importlib import import_module

from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.utils.translation import override

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.operations import TranslationCreator

import pytest

from articles.models import ArticleIndexPage, ArticlePage
from tests import test_frontend_cache
from tests.factories import CompanyFactory, make_article

pytestmark = pytest.mark.django_db

caching_proxy = test_frontend_cache.caching_proxy  # a fixture: a proxy recording the purges it is sent


@pytest.fixture
def translator():
    return User.objects.create_superuser("tlumacz", "tlumacz@example.com", "haslo-tlumacza")


@pytest.fixture
def publisher_client(client, translator):
    client.force_login(translator)
    return client


@pytest.fixture
def photos():
    def photo(title):
        return Image.objects.create(title=title, file=get_test_image_file(filename=f"{title}.png"))

    return {"header": photo("IMG_0001"), "fair": photo("IMG_0002"), "ornament": photo("IMG_0003")}


def polish_news():
    return ArticleIndexPage.objects.get(locale__language_code="pl")


def body_image(image, alt="", decorative=False, caption=""):
    return (
        "image",
        {"image": {"image": image, "alt_text": alt, "decorative": decorative}, "caption": caption, "attribution": ""},
    )


def illustrated_article(photos, slug="targi-w-bydgoszczy"):
    return make_article(
        polish_news(),
        title="Targi w Bydgoszczy",
        slug=slug,
        header_image=photos["header"],
        header_image_alt="Hala targowa pełna zwiedzających",
        body=[
            ("paragraph", "<p>Na targach wystawiło się czterdzieści firm.</p>"),
            body_image(photos["fair"], alt="Stoisko klastra z maszynami CNC", caption="Stoisko klastra"),
            body_image(photos["ornament"], decorative=True),
        ],
    )


@pytest.fixture
def translate(translator, django_capture_on_commit_callbacks):
    """The admin's "Translate" action on a page, then a translator typing `texts` ({source: English})
    and saving the English page as a draft, or publishing it."""

    def translate(page, texts, publish=False):
        # wagtail-localize finishes its work when the transaction commits.
        with django_capture_on_commit_callbacks(execute=True):
            translation = submit_and_type(page, translator, texts)
        with django_capture_on_commit_callbacks(execute=True):
            translation.save_target(user=translator, publish=publish)
        return page.get_translation(translation.target_locale)

    return translate


def submit_and_type(page, user, texts):
    english = Locale.objects.get(language_code="en")
    TranslationCreator(user, [english]).create_translations(page)
    translation = Translation.objects.get(source__object_id=page.translation_key, target_locale=english)
    segments = StringSegment.objects.filter(source=translation.source).select_related("string", "context")
    for segment in segments:
        if segment.string.data in texts:
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=english,
                context=segment.context,
                data=texts[segment.string.data],
            )
    return translation


ENGLISH_TEXTS = {
    "Targi w Bydgoszczy": "Fair in Bydgoszcz",
    "targi-w-bydgoszczy": "fair-in-bydgoszcz",
    "Krótki wstęp.": "A short introduction.",
    "Na targach wystawiło się czterdzieści firm.": "Forty companies exhibited at the fair.",
    "Hala targowa pełna zwiedzających": "An exhibition hall full of visitors",
    "Stoisko klastra z maszynami CNC": "The cluster's stand with CNC machines",
    "Stoisko klastra": "The cluster's stand",
}


def alts(html):
    """The alt texts of the images of the content (<main>), not of the header's logo or the footer's marks."""
    if "<main" in html:
        html = html[html.index("<main") : html.index("</main>")]
    return [unescape(alt) for alt in re.findall(r'<img[^>]*\balt="([^"]*)"', html)]


# Alt text per use of an image, translated with the article.


def test_translated_article_shows_its_own_alt_texts_and_the_polish_one_polish(client, photos, translate):
    article = illustrated_article(photos)
    english_page = translate(article, ENGLISH_TEXTS, publish=True)

    polish = client.get(article.url).content.decode()
    english = client.get(english_page.url).content.decode()

    assert alts(polish) == ["Hala targowa pełna zwiedzających", "Stoisko klastra z maszynami CNC", ""]
    assert alts(english) == ["An exhibition hall full of visitors", "The cluster's stand with CNC machines", ""]
    assert "IMG_000" not in "".join(alts(polish) + alts(english))
    assert '<meta property="og:image:alt" content="An exhibition hall full of visitors">' in english


def test_the_pdf_of_the_translated_article_describes_its_images_in_english(photos, translate):
    english_page = translate(illustrated_article(photos), ENGLISH_TEXTS, publish=True)

    with override("en"):
        # The HTML WeasyPrint lays out (WeasyPrint itself is tested by tests/e2e/test_print_and_pdf.py).
        html = render_to_string("articles/article_pdf.html", {"page": english_page})

    assert alts(html) == ["An exhibition hall full of visitors", "The cluster's stand with CNC machines", ""]


def test_api_gives_each_language_its_own_alt_text_and_none_for_a_decorative_image(client, photos, translate):
    english_page = translate(illustrated_article(photos), ENGLISH_TEXTS, publish=True)

    item = client.get(f"/api/articles/{english_page.pk}/").json()
    images = [block["value"]["image"] for block in item["body"] if block["type"] == "image"]

    assert item["header_image"]["alt"] == "An exhibition hall full of visitors"
    assert [image["alt"] for image in images] == ["The cluster's stand with CNC machines", ""]


def article_form(page, body, **fields):
    data = {
        "title": page.title,
        "slug": page.slug,
        "lead": page.lead,
        "date": page.date.isoformat(),
        "author": "",
        "tags": "",
        "header_image": "",
        "header_image_alt": "",
        "body": streamfield(body),
        "related_clusters": inline_formset([]),
        "comments_mode": page.comments_mode,
        "comments": inline_formset([]),
        "action-publish": "action-publish",
        **fields,
    }
    return nested_form_data(data)


def test_editor_cannot_publish_a_body_image_without_alt_text_unless_it_is_decorative(publisher_client, photos):
    article = make_article(polish_news(), title="Bez opisu", slug="bez-opisu")
    undescribed = {"image": {"image": photos["fair"].pk, "alt_text": ""}, "caption": "", "attribution": ""}
    decorative = {"image": {"image": photos["fair"].pk, "alt_text": "", "decorative": "on"}}

    refused = publisher_client.post(f"/admin/pages/{article.pk}/edit/", article_form(article, [("image", undescribed)]))
    accepted = publisher_client.post(
        f"/admin/pages/{article.pk}/edit/",
        article_form(article, [("image", {**undescribed, **decorative})]),
    )

    assert refused.status_code == 200
    # Block errors reach the page inside the stream's JSON, where "ę" is written \u0119.
    assert "dodaj tekst alternatywny do obrazka lub oznacz go jako dekoracyjny" in refused.content.decode()
    assert accepted.status_code == 302
    article.refresh_from_db()
    assert article.live_revision == article.latest_revision
    assert article.body[0].value["image"].decorative


def test_editor_cannot_publish_a_header_image_without_alt_text_unless_it_is_decorative(publisher_client, photos):
    article = make_article(polish_news(), title="Nagłówek bez opisu", slug="naglowek-bez-opisu")
    url = f"/admin/pages/{article.pk}/edit/"

    refused = publisher_client.post(url, article_form(article, [], header_image=photos["header"].pk))
    accepted = publisher_client.post(
        url, article_form(article, [], header_image=photos["header"].pk, header_image_decorative="on")
    )

    assert "Opisz obraz dla czytelników, którzy go nie widzą, albo oznacz go jako dekoracyjny." in (
        refused.content.decode()
    )
    assert accepted.status_code == 302
    assert 'alt=""' in publisher_client.get(article.url).content.decode()


# The language switcher offers every language.


def switcher(html):
    """{language code: (href, title)} of the language switcher's links."""
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    links = {}
    for tag in re.findall(r"<a [^>]*>", nav):
        attrs = dict(re.findall(r'(\w+)="([^"]*)"', tag))
        links[attrs["lang"]] = (attrs["href"], attrs.get("title", ""))
    return links


def test_switcher_on_an_untranslated_article_leads_to_the_english_news_index_and_says_so(client, photos):
    article = illustrated_article(photos, slug="tylko-po-polsku")
    english_news = ArticleIndexPage.objects.get(locale__language_code="en")

    html = client.get(article.url).content.decode()

    href, title = switcher(html)["en"]
    assert href == english_news.url
    assert title == f"Ta strona nie ma wersji w języku: angielski. Link prowadzi do strony „{english_news.title}”."
    assert f"({title})" in html  # also read out by screen readers
    assert f'hreflang="en" href="http://testserver{english_news.url}"' not in html  # not an alternate


def test_switcher_falls_back_to_the_english_home_page_when_the_news_index_is_not_translated(client, photos):
    article = illustrated_article(photos, slug="bez-wersji-angielskiej")
    ArticleIndexPage.objects.get(locale__language_code="en").unpublish()
    english_home = Page.objects.get(depth=2, locale__language_code="en")

    href, title = switcher(client.get(article.url).content.decode())["en"]

    assert href == english_home.url
    assert title == "Ta strona nie ma wersji w języku: angielski. Link prowadzi do strony głównej."


def test_switcher_on_an_untranslated_company_leads_to_the_english_company_list(client):
    company = CompanyFactory(name="Tylko Polska Sp. z o.o.")
    english_list = Page.objects.get(url_path__endswith="/companies/", locale__language_code="en")

    href, title = switcher(client.get(company.url).content.decode())["en"]

    assert href == english_list.url
    assert title.endswith(f"Link prowadzi do strony „{english_list.title}”.")


def test_switcher_on_a_translated_article_links_the_translation_without_a_note(client):
    article = ArticlePage.objects.get(slug="klastry", locale__language_code="pl")
    english = article.get_translation(Locale.objects.get(language_code="en"))

    links = switcher(client.get(article.url).content.decode())

    assert links["en"] == (english.url, "")
    assert links["pl"][0] == article.url


# An editor publishing an incomplete translation is told what is missing.


def test_publishing_a_translation_with_two_untranslated_texts_names_them(
    publisher_client, photos, translate, django_capture_on_commit_callbacks
):
    texts = dict(ENGLISH_TEXTS)
    del texts["Na targach wystawiło się czterdzieści firm."]
    del texts["Stoisko klastra z maszynami CNC"]
    english_page = translate(illustrated_article(photos), texts)

    with django_capture_on_commit_callbacks(execute=True):
        response = publisher_client.post(f"/admin/pages/{english_page.pk}/edit/", {"action": "publish"})

    shown = [str(message) for message in get_messages(response.wsgi_request)]
    named = [text for text in shown if text.startswith("Opublikowano, ale 2 teksty nie są przetłumaczone")]
    assert len(named) == 1
    assert "Treść › Akapit 1 („Na targach wystawiło się czterdzieści firm.”)" in named[0]
    assert "Treść › Obraz z podpisem 1 › Obraz › Tekst alternatywny („Stoisko klastra z maszynami CNC”)" in named[0]
    english_page.refresh_from_db()
    assert english_page.live


def test_publishing_a_complete_translation_names_nothing(
    publisher_client, photos, translate, django_capture_on_commit_callbacks
):
    english_page = translate(illustrated_article(photos), ENGLISH_TEXTS)

    with django_capture_on_commit_callbacks(execute=True):
        response = publisher_client.post(f"/admin/pages/{english_page.pk}/edit/", {"action": "publish"})

    assert not [m for m in get_messages(response.wsgi_request) if "nie są przetłumaczone" in str(m)]


def test_publishing_a_translation_purges_the_source_page_whose_switcher_now_links_it(
    caching_proxy, photos, translate, django_capture_on_commit_callbacks
):
    article = illustrated_article(photos)
    caching_proxy.clear()

    translate(article, ENGLISH_TEXTS, publish=True)

    assert article.url in caching_proxy


# Image blocks saved before alt texts existed.


def test_old_image_blocks_get_their_caption_or_else_the_image_title_as_alt_text():
    migration = import_module("articles.migrations.0005_alt_text_per_image_use")
    operation = migration.ImageBlockWithAltText()
    operation.titles = {7: "Hala targowa"}

    captioned = operation.apply({"image": 7, "caption": "Stoisko klastra", "attribution": ""})
    uncaptioned = operation.apply({"image": 7, "caption": "", "attribution": ""})

    assert captioned["image"] == {"image": 7, "decorative": False, "alt_text": "Stoisko klastra"}
    assert uncaptioned["image"] == {"image": 7, "decorative": False, "alt_text": "Hala targowa"}
    assert operation.apply(captioned) == captioned  # converted once only
