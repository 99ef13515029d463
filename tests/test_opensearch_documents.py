"""What OpenSearch (or Elasticsearch) would index for an article, a company and an offer, without a running server.

With OPENSEARCH_URL set, search moves to Wagtail's OpenSearch backend (cms/settings/base.py), whose
mapping class turns each item into a document. The readers' fields of cms/search_fields.py put the
same words there as in the database index (lemmas without diacritics, cms/text.py), so a search
finds the same items on either. The documents are built here by the backend's public mapping class
from real model instances, read as indexing reads them; the client library (opensearch-py) is not
needed for that, and where it is installed the OpenSearch mapping class is used itself.
"""

import json

from django.contrib.auth import get_user_model

import pytest

from articles.models import ArticlePage
from cms.search_fields import TITLE_BOOST, ReadersPrefixes, ReadersText, ReadersTitle
from cms.text import index_terms
from registry.models import Company, Offer
from tests.factories import CompanyFactory, OfferFactory, make_article

try:  # the class the configured backend (wagtail.search.backends.opensearch3) uses
    from wagtail.search.backends.opensearch3 import OpenSearch3Mapping as Mapping
except ImportError:  # opensearch-py not installed: the class it subclasses without a change
    from modelsearch.backends.elasticsearchbase import ElasticsearchBaseMapping as Mapping

pytestmark = pytest.mark.django_db

PRIVATE_EMAIL = "sekretariat.prywatny@example.com"
PRIVATE_PHONE = "+48 52 111 22 33"
SUBMITTER_EMAIL = "zglaszajaca@example.com"


def document(model, pk):
    """The document the backend would send for the item, read as indexing reads it (its prefetches too)."""
    item = model.get_indexed_objects().get(pk=pk)
    return Mapping(model).get_document(item)


def readers_words(model, doc):
    """The words of the document's readers' fields: title, other text and type-ahead prefixes."""
    mapping = Mapping(model)
    fields = {"title": [], "text": [], "prefixes": []}
    for field in model.get_search_fields():
        if isinstance(field, ReadersPrefixes):
            fields["prefixes"] += doc[mapping.get_field_column_name(field)].split()
        elif isinstance(field, ReadersTitle):
            fields["title"] += doc[mapping.get_field_column_name(field)].split()
        elif isinstance(field, ReadersText):
            fields["text"] += doc[mapping.get_field_column_name(field)].split()
    return fields


def company_with_private_contact(**fields):
    submitter = get_user_model().objects.create_user(SUBMITTER_EMAIL, SUBMITTER_EMAIL, "haslo-zglaszajacej-1")
    fields.setdefault("name", "Przedsiębiorstwo Łódzkie Sp. z o.o.")
    return CompanyFactory(
        city="Łódź",
        voivodeship="lodzkie",
        email=PRIVATE_EMAIL,
        phone=PRIVATE_PHONE,
        contact_public=False,
        submitted_by=submitter,
        **fields,
    )


def test_an_article_is_indexed_in_the_words_readers_search(site_tree):
    article = make_article(
        site_tree["sections"]["news"]["pl"],
        title="Klastry w Łodzi",
        lead="Współpraca przedsiębiorstw z Torunia i Bydgoszczy.",
    )

    words = readers_words(ArticlePage, document(ArticlePage, article.pk))

    # The same terms as the database index's: each word without diacritics, and its lemma.
    assert words["title"] == index_terms("Klastry w Łodzi", "pl")
    assert {"klaster", "lodz"} <= set(words["title"])
    assert {"wspolpraca", "przedsiebiorstwo", "torun", "bydgoszcz"} <= set(words["text"])
    assert {"klaster", "lodz"} <= set(words["prefixes"])
    assert not {"Łodzi", "łodzi", "Współpraca"} & set(words["title"] + words["text"] + words["prefixes"])


def test_a_company_is_indexed_with_its_city_and_kind_but_not_its_private_contact(demo):
    company = company_with_private_contact()

    doc = document(Company, company.pk)
    words = readers_words(Company, doc)

    assert words["title"] == index_terms(company.name, "pl")
    # "lodz przedsiebiorstwa" finds it: the city and the kind of item, lemmatised and folded.
    assert {"lodz", "przedsiebiorstwo"} <= set(words["text"])
    indexed = json.dumps(doc, ensure_ascii=False, default=str)
    assert PRIVATE_EMAIL not in indexed
    assert PRIVATE_PHONE not in indexed
    assert SUBMITTER_EMAIL not in indexed


def test_an_offer_is_indexed_with_its_company_but_not_its_submitter_or_contact(demo):
    company = company_with_private_contact(name="Metalplast Toruń")
    offer = OfferFactory(
        title="Oferta współpracy w Toruniu",
        summary="Szukamy partnerów do produkcji klastrów energii.",
        company=company,
        submitted_by=company.submitted_by,
    )

    doc = document(Offer, offer.pk)
    words = readers_words(Offer, doc)

    assert words["title"] == index_terms("Oferta współpracy w Toruniu", "pl")
    assert {"oferta", "wspolpraca", "torun"} <= set(words["title"])
    # Its summary, its company's name and city, in the index's words.
    assert {"partner", "klaster", "energia", "metalplast", "lodz"} <= set(words["text"])
    indexed = json.dumps(doc, ensure_ascii=False, default=str)
    assert SUBMITTER_EMAIL not in indexed
    assert PRIVATE_EMAIL not in indexed
    assert PRIVATE_PHONE not in indexed


@pytest.mark.parametrize("model", [ArticlePage, Company, Offer])
def test_a_title_weighs_more_than_the_rest_on_opensearch_too(model):
    properties = Mapping(model).get_mapping()["properties"]
    title = next(field for field in model.get_search_fields() if isinstance(field, ReadersTitle))
    text = next(
        field
        for field in model.get_search_fields()
        if isinstance(field, ReadersText) and not isinstance(field, ReadersTitle)
    )

    title_mapping = properties[Mapping(model).get_field_column_name(title)]
    text_mapping = properties[Mapping(model).get_field_column_name(text)]

    assert title_mapping["type"] == text_mapping["type"] == "text"
    # Copied into the field OpenSearch searches with the title's boost, the rest into plain text only.
    assert Mapping(model).get_boost_field_name(TITLE_BOOST) in title_mapping["copy_to"]
    assert text_mapping["copy_to"] == "_all_text"
