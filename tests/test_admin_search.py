"""The admin's searches (pages, snippet lists, choosers) understand Polish as the site's search does."""

import re

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.search.backends import get_search_backend

import pytest

from clusters.models import ClusterPage
from registry.models import Company
from search import queries
from search.terms import Term, normalise

from .admin_users import log_in_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    log_in_staff(client)
    return client


def test_page_search_finds_clusters_and_news_for_an_inflected_word(editor):
    html = editor.get("/admin/pages/search/", {"q": "klastrów"}).content.decode()
    assert "Bydgoski Klaster Przemysłowy" in html
    assert "Łódzki Klaster Mody i Tekstyliów" in html
    assert re.search(r">\s*Klastry\s*<", html)  # the seed article


def test_page_search_finds_a_word_typed_without_polish_letters(editor):
    html = editor.get("/admin/pages/search/", {"q": "lodzki"}).content.decode()
    assert "Łódzki Klaster Mody i Tekstyliów" in html


@pytest.mark.parametrize("typed", ["lodz", "w Łodzi", "lodzi"])
def test_company_list_search_finds_every_company_in_lodz_however_typed(editor, typed):
    in_lodz = Company.objects.filter(city="Łódź", locale__language_code="pl")
    assert in_lodz.count() > 1
    html = editor.get("/admin/snippets/registry/company/", {"q": typed}).content.decode()
    for company in in_lodz:
        assert company.name in html
    assert "Metalplast Bydgoszcz" not in html


def test_company_list_search_still_finds_a_name_by_its_beginning(editor):
    html = editor.get("/admin/snippets/registry/company/", {"q": "Metalpl"}).content.decode()
    assert "Metalplast Bydgoszcz" in html


def test_company_chooser_finds_a_name_by_an_inflected_word(editor):
    html = editor.get("/admin/snippets/choose/registry/company/results/", {"q": "klastra"}).content.decode()
    assert "Stowarzyszenie Bydgoski Klaster Przemysłowy" in html
    assert "Metalplast Bydgoszcz" not in html


def test_page_chooser_search_finds_clusters_for_an_inflected_word(editor):
    html = editor.get("/admin/choose-page/search/", {"q": "klastrów", "page_type": "clusters.clusterpage"}).content
    assert "Bydgoski Klaster Przemysłowy" in html.decode()


def test_normalising_a_query_twice_changes_nothing():
    once = normalise("Klastrów w Łodzi")
    assert repr(normalise(once)) == repr(once)
    assert isinstance(normalise(Term("klaster")), Term)


def test_the_site_search_and_a_typed_query_find_the_same_clusters(demo):
    published = ClusterPage.objects.published("pl")
    site = {page.pk for page in queries.search_queryset(published, "klastrów w toruniu", "pl")}
    typed = {page.pk for page in get_search_backend().search("klastrów w toruniu", published)}
    assert site and site == typed


def test_document_search_still_finds_a_title_typed_with_polish_letters(editor):
    document = get_document_model().objects.create(title="Raport z Łodzi", file=ContentFile(b"x", name="raport.txt"))
    html = editor.get("/admin/documents/", {"q": "Łodzi"}).content.decode()
    assert document.title in html
