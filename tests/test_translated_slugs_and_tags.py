"""A translation has its own web address and tags, and an address that changes redirects permanently."""

from django.contrib.auth.models import Group, User

from wagtail.models import Locale
from wagtail.test.utils.form_data import rich_text
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.operations import TranslationCreator

import pytest

from articles.models import ArticlePage
from registry.models import Company, Offer

pytestmark = pytest.mark.django_db

ENGLISH_STRINGS = {
    "Nowe wsparcie dla firm": "New support for companies",
    "nowe-wsparcie-dla-firm": "new-support-for-companies",
    "Ruszył nabór wniosków.": "Applications are open.",
    "klastry": "clusters",
    "dotacje": "grants",
}


@pytest.fixture
def translator(db):
    translator = User.objects.create_user("tlumacz", "tlumacz@example.com", "haslo-tlumacza")
    translator.groups.add(Group.objects.get(name="Moderators"))
    return translator


@pytest.fixture
def publish_on_commit(django_capture_on_commit_callbacks):
    """Wagtail publishes and creates redirects when the transaction commits; tests never commit."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def english():
    return Locale.objects.get(language_code="en")


def submit_for_translation(instance, user):
    """The admin's "Translate" action: an English draft made from the Polish source."""
    TranslationCreator(user, [english()]).create_translations(instance)
    return Translation.objects.get(source__object_id=instance.translation_key, target_locale=english())


def translate_strings(translation, translations, user=None):
    """What a translator types in wagtail-localize's editor, {source text: translation}, then "Publish"."""
    segments = StringSegment.objects.filter(source=translation.source).select_related("string", "context")
    for segment in segments:
        if segment.string.data in translations:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=translation.target_locale,
                context=segment.context,
                defaults={"data": translations[segment.string.data]},
            )
    translation.save_target(user=user, publish=True)
    return translation.source.get_translated_instance(translation.target_locale)


def polish_article(publish_on_commit):
    index = ArticlePage.objects.get(slug="klastry").get_parent()
    article = ArticlePage(title="Nowe wsparcie dla firm", slug="nowe-wsparcie-dla-firm", lead="Ruszył nabór wniosków.")
    article.tags.set(["klastry", "dotacje"])
    index.add_child(instance=article)
    publish_on_commit(article.save_revision().publish)
    return article


def tag_names(page):
    return sorted(tag.name for tag in page.tags.all())


@pytest.fixture
def translated_article(translator, publish_on_commit):
    article = polish_article(publish_on_commit)
    translation = publish_on_commit(submit_for_translation, article, translator)
    english_article = publish_on_commit(translate_strings, translation, ENGLISH_STRINGS)
    return article, english_article.specific, translation


def test_translated_article_has_its_own_slug_and_english_tags(translated_article, client):
    article, english_article, _translation = translated_article
    assert english_article.slug == "new-support-for-companies"
    assert tag_names(english_article) == ["clusters", "grants"]
    assert tag_names(article) == ["dotacje", "klastry"]

    page = client.get("/en/news/new-support-for-companies/")
    assert page.status_code == 200
    assert "clusters" in page.content.decode()
    assert "klastry" not in page.content.decode()
    assert "klastry" in client.get("/aktualnosci/nowe-wsparcie-dla-firm/").content.decode()


def test_polish_slug_under_english_prefix_redirects_to_the_english_article(translated_article, client):
    # The English draft carried the Polish slug until the translator translated it.
    response = client.get("/en/news/nowe-wsparcie-dla-firm/")
    assert response.status_code == 301
    assert response["Location"] == "/en/news/new-support-for-companies/"


def test_tag_lists_show_each_language_its_own_tags(translated_article, client):
    english_list = client.get("/en/news/?tag=clusters").content.decode()
    assert "New support for companies" in english_list
    assert "New support for companies" not in client.get("/en/news/?tag=een").content.decode()
    # The filter offers English tags only (a Polish one would be ignored as a made-up value).
    assert 'value="klastry"' not in english_list
    polish_list = client.get("/aktualnosci/?tag=klastry").content.decode()
    assert "Nowe wsparcie dla firm" in polish_list
    assert 'value="clusters"' not in polish_list


def test_api_filters_english_articles_by_english_tag(translated_article, client):
    english_titles = [item["title"] for item in client.get("/api/articles/?locale=en&tag=clusters").json()["items"]]
    assert "New support for companies" in english_titles
    assert client.get("/api/articles/?locale=en&tag=klastry").json()["items"] == []
    detail = client.get("/api/articles/?locale=en&tag=grants&fields=tags").json()["items"][0]
    assert detail["tags"] == ["clusters", "grants"]


def test_retranslated_slug_redirects_the_old_english_address(translated_article, client, publish_on_commit):
    _article, _english_article, translation = translated_article
    client.get("/en/news/new-support-for-companies/")  # kept by the page cache
    publish_on_commit(translate_strings, translation, {"nowe-wsparcie-dla-firm": "fresh-support-for-companies"})

    response = client.get("/en/news/new-support-for-companies/")
    assert response.status_code == 301
    assert response["Location"] == "/en/news/fresh-support-for-companies/"
    assert client.get("/en/news/fresh-support-for-companies/").status_code == 200


def test_tag_removed_from_the_source_leaves_the_translation(translated_article, publish_on_commit):
    article, _english_article, translation = translated_article
    article.tags.set([])
    publish_on_commit(article.save_revision().publish)
    translation.source.update_from_db()
    english_article = publish_on_commit(translate_strings, translation, {})
    assert tag_names(english_article) == []


def test_changing_a_published_polish_slug_redirects_the_old_address(client, publish_on_commit):
    article = polish_article(publish_on_commit)
    assert client.get("/aktualnosci/nowe-wsparcie-dla-firm/").status_code == 200  # kept by the page cache
    article.slug = "wsparcie-dla-firm-2026"
    publish_on_commit(article.save_revision().publish)

    response = client.get("/aktualnosci/nowe-wsparcie-dla-firm/")
    assert response.status_code == 301
    assert response["Location"] == "/aktualnosci/wsparcie-dla-firm-2026/"


def test_translated_slug_taken_by_another_english_article_gets_a_suffix(translator, client, publish_on_commit):
    article = polish_article(publish_on_commit)
    translation = publish_on_commit(submit_for_translation, article, translator)
    # The seed article is /en/news/clusters/.
    english_article = publish_on_commit(translate_strings, translation, {"nowe-wsparcie-dla-firm": "Clusters"})
    assert english_article.slug == "clusters-1"
    assert "Clusters" in client.get("/en/news/clusters/").content.decode()
    assert client.get("/en/news/clusters-1/").status_code == 200


def test_translated_company_has_its_own_slug(translator, client, publish_on_commit):
    company = Company.objects.get(slug="optimed-torun", locale__language_code="pl")
    translation = publish_on_commit(submit_for_translation, company, translator)
    # A translator may type words rather than a slug.
    english_company = publish_on_commit(translate_strings, translation, {"optimed-torun": "Optimed Toruń Medical"})
    assert english_company.slug == "optimed-torun-medical"
    assert client.get("/en/companies/optimed-torun-medical/").status_code == 200


def test_translated_company_slug_taken_in_english_gets_a_suffix(translator, client, publish_on_commit):
    company = Company.objects.get(slug="optimed-torun", locale__language_code="pl")
    taken = Company.objects.get(slug="metalplast-bydgoszcz", locale__language_code="en")
    translation = publish_on_commit(submit_for_translation, company, translator)
    english_company = publish_on_commit(translate_strings, translation, {"optimed-torun": taken.slug})
    assert english_company.slug == "metalplast-bydgoszcz-2"
    assert taken.name in client.get("/en/companies/metalplast-bydgoszcz/").content.decode()
    assert client.get("/en/companies/metalplast-bydgoszcz-2/").status_code == 200


def test_changing_a_published_company_slug_redirects_the_old_address(client, publish_on_commit):
    company = Company.objects.get(slug="optimed-torun", locale__language_code="pl")
    assert client.get("/baza-przedsiebiorstw/optimed-torun/").status_code == 200  # kept by the page cache
    company.slug = "optimed"
    publish_on_commit(company.save_revision().publish)

    response = client.get("/baza-przedsiebiorstw/optimed-torun/")
    assert response.status_code == 301
    assert response["Location"] == "/baza-przedsiebiorstw/optimed/"

    company.slug = "optimed-sa"
    publish_on_commit(company.save_revision().publish)
    # Both earlier addresses lead straight to the current one.
    assert client.get("/baza-przedsiebiorstw/optimed-torun/")["Location"] == "/baza-przedsiebiorstw/optimed-sa/"
    assert client.get("/baza-przedsiebiorstw/optimed/")["Location"] == "/baza-przedsiebiorstw/optimed-sa/"


def test_changing_a_published_english_company_slug_redirects_the_old_address(client, publish_on_commit):
    company = Company.objects.get(slug="metalplast-bydgoszcz", locale__language_code="en")
    company.slug = "metalplast"
    publish_on_commit(company.save_revision().publish)

    response = client.get("/en/companies/metalplast-bydgoszcz/")
    assert response.status_code == 301
    assert response["Location"] == "/en/companies/metalplast/"
    assert client.get("/baza-przedsiebiorstw/metalplast-bydgoszcz/").status_code == 200


def test_offer_that_becomes_a_service_redirects_to_the_services_database(client, publish_on_commit):
    offer = Offer.objects.get(slug="obrobka-cnc-krotkie-serie", locale__language_code="pl")
    offer.kind = Offer.Kind.SERVICE
    publish_on_commit(offer.save_revision().publish)

    response = client.get("/baza-ofert/obrobka-cnc-krotkie-serie/")
    assert response.status_code == 301
    assert response["Location"] == "/baza-uslug/obrobka-cnc-krotkie-serie/"
    assert client.get(response["Location"]).status_code == 200


def test_company_form_refuses_a_slug_taken_in_the_same_language(client):
    editor = User.objects.create_user("redaktor", "redaktor@example.com", "haslo-redaktora")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    form = {
        **{"name": "Optimed Nowa", "slug": "optimed-torun", "legal_form": "spzoo", "size": "small"},
        **{"nip": "5540123453", "regon": "534640973", "krs": "", "pkd_codes": "62.01.Z"},
        **{"street": "ul. Długa 1", "postal_code": "85-001", "city": "Bydgoszcz", "voivodeship": "kujawsko-pomorskie"},
        **{"website": "", "email": "", "phone": "", "description": rich_text("<p>Opis.</p>")},
    }
    response = client.post("/admin/snippets/registry/company/add/?locale=pl", form)
    assert response.status_code == 200
    assert "Inny wpis w tym języku ma już ten adres" in response.content.decode()
    assert not Company.objects.filter(name="Optimed Nowa").exists()


def test_translated_slug_without_letters_takes_the_translated_title(translator, publish_on_commit):
    article = polish_article(publish_on_commit)
    translation = publish_on_commit(submit_for_translation, article, translator)
    strings = {**ENGLISH_STRINGS, "nowe-wsparcie-dla-firm": "???"}
    english_article = publish_on_commit(translate_strings, translation, strings)
    assert english_article.slug == "new-support-for-companies"


def test_too_long_translated_tag_is_refused_with_a_message(translator, client, publish_on_commit):
    article = polish_article(publish_on_commit)
    translation = publish_on_commit(submit_for_translation, article, translator)
    english_article = publish_on_commit(translate_strings, translation, ENGLISH_STRINGS)
    segment = StringSegment.objects.get(source=translation.source, context__path="tags.'klastry'")
    StringTranslation.objects.filter(translation_of=segment.string, locale=english()).update(data="x" * 101)

    client.force_login(translator)
    response = client.post(f"/admin/pages/{english_article.pk}/edit/", {"action": "publish"}, follow=True)
    assert response.status_code == 200
    messages = [str(message) for message in response.context["messages"]]
    assert any("znaleziono nowe błędy" in message for message in messages)
    assert tag_names(english_article) == ["clusters", "grants"]
    assert StringTranslation.objects.get(translation_of=segment.string, locale=english()).get_error() == (
        "Tag może mieć najwyżej 100 znaków: „" + "x" * 101 + "”."
    )

    # Published again, the faulty tag is left untranslated, as wagtail-localize's message says.
    publish_on_commit(client.post, f"/admin/pages/{english_article.pk}/edit/", {"action": "publish"})
    assert tag_names(english_article) == ["grants", "klastry"]
