"""How words enter the index and queries, and the command that rebuilds the index."""

import io

from django.core.management import call_command

from wagtail.models import Locale
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

import pytest

from clusters.models import ClusterPage
from cms.text import alternatives, fold, index_terms
from search import queries
from search.hits import TermHits
from search.queries import InvalidQuery, parse, search_site
from search.scores import TermScore

pytestmark = pytest.mark.django_db


def test_folding_removes_every_polish_diacritic():
    assert fold("Zażółć gęślą jaźń ŁÓDŹ") == "zazolc gesla jazn lodz"


def test_index_terms_are_words_without_diacritics_and_their_lemmas():
    assert index_terms("Klastrów w Toruniu", "pl") == ["klastrow", "klaster", "toruniu", "torun"]
    assert index_terms("Clusters of companies", "en") == ["clusters", "cluster", "companies", "company"]


@pytest.mark.parametrize(
    ("typed", "terms"),
    [
        ("klastrów", {"klaster"}),
        ("klastrow", {"klaster"}),
        ("przedsiebiorstwa", {"przedsiebiorstwo"}),
        ("przedsiebiorstwom", {"przedsiebiorstwo"}),  # not in the dictionary, its lemma is
        ("lodz", {"lodz"}),
        ("Metalplast", {"metalplast"}),  # a name stands for itself
    ],
)
def test_a_typed_word_stands_for_its_lemma(typed, terms):
    assert terms <= alternatives(typed, "pl")


def test_query_without_searchable_words_is_invalid():
    with pytest.raises(InvalidQuery):
        parse("... !!! w i", "pl")


def test_rebuild_command_shows_progress_and_restores_the_index(demo):
    IndexEntry.objects.all().delete()
    TermScore.objects.all().delete()  # on PostgreSQL a one-word search reads these (search/scores.py)
    TermHits.objects.all().delete()  # and on SQLite these (search/hits.py)
    polish = Locale.objects.get(language_code="pl")
    assert len(search_site("klaster", polish)) == 0

    output = io.StringIO()
    call_command("rebuild_search_index", stdout=output)

    assert "clusters.ClusterPage: 100%" in output.getvalue()
    assert "items indexed" in output.getvalue()
    assert len(search_site("klaster", polish)) > 6


class _ListResults:
    """Search results as OpenSearch and Elasticsearch give them: a list, not a database query."""

    def __init__(self, results):
        self.results = results

    def annotate_score(self, name):
        return _ListResults(self.results.annotate_score(name))

    def __getitem__(self, window):
        return list(self.results[window])


class _ListBackend:
    def __init__(self, backend):
        self.backend = backend
        self.lower_scores_rank_first = getattr(backend, "lower_scores_rank_first", False)

    def search(self, *args, **kwargs):
        return _ListResults(self.backend.search(*args, **kwargs))


def test_backends_answering_with_a_list_rank_and_filter_alike(demo, monkeypatch):
    polish = Locale.objects.get(language_code="pl")
    expected = [
        page.title for page in queries.search_queryset(ClusterPage.objects.published(polish), "klaster", polish)
    ]
    monkeypatch.setattr(queries, "get_search_backend", lambda: _ListBackend(get_search_backend()))
    found = queries.search_queryset(ClusterPage.objects.published(polish), "klaster", polish)
    assert [page.title for page in found] == expected
    narrowed = queries.search_queryset(ClusterPage.objects.published("pl").filter(city="Toruń"), "klaster", "pl")
    assert [page.title for page in narrowed] == ["Toruński Klaster Technologii Medycznych"]
