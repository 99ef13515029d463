"""Search shows public content only, and the index follows every publish, unpublish and delete."""

import datetime
from unittest import mock

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from wagtail.models import Locale, PageViewRestriction
from wagtail.search.models import IndexEntry

import pytest

from articles.models import ArticlePage
from registry.models import Company, Offer, Sector
from search.queries import search_queryset, search_site, suggest
from tests.factories import CompanyFactory, OfferFactory, make_article

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def found(query, language="pl"):
    """Titles of everything the search page would list, and its count per kind."""
    results = search_site(query, Locale.objects.get(language_code=language))
    titles = {hit.item.title for hit in results[: len(results)]}
    return titles, {kind.slug: count for kind, count in results.counts.items()}


def counts_of(**counts):
    return {"news": 0, "clusters": 0, "companies": 0, "offers": 0, "services": 0, **counts}


def suggested(typed):
    return {hit.item.title for hit in suggest(typed, Locale.objects.get(language_code="pl"))}


def indexed(obj):
    content_type = ContentType.objects.get_for_model(type(obj))
    return IndexEntry.objects.filter(content_type=content_type, object_id=str(obj.pk)).exists()


def news(site_tree):
    return site_tree["sections"]["news"]["pl"]


# Only what readers may see


def test_draft_article_is_neither_found_nor_counted(site_tree):
    make_article(news(site_tree), title="Hydroponika w szklarniach", live=False)
    titles, counts = found("hydroponika")
    assert titles == set()
    assert sum(counts.values()) == 0
    assert suggested("hydropon") == set()


def test_unpublished_changes_to_a_live_article_are_not_found(site_tree):
    article = make_article(news(site_tree), title="Robotyka w przemyśle")
    article.title = "Drony w rolnictwie"
    article.save_revision()
    assert found("drony")[0] == set()
    assert found("robotyki")[0] == {"Robotyka w przemyśle"}


def test_private_article_is_neither_found_nor_counted(site_tree):
    article = make_article(news(site_tree), title="Hydroponika dla członków")
    PageViewRestriction.objects.create(page=article, restriction_type="password", password="tajne")
    titles, counts = found("hydroponika")
    assert titles == set()
    assert counts["news"] == 0
    assert suggested("hydropon") == set()


def test_a_page_made_private_after_it_was_searched_for_is_no_longer_found(site_tree):
    # Each kind's public items are kept between searches (search/public.py) until content changes.
    article = make_article(news(site_tree), title="Hydroponika dla członków")
    assert found("hydroponika")[0] == {"Hydroponika dla członków"}
    PageViewRestriction.objects.create(page=article, restriction_type="password", password="tajne")
    titles, counts = found("hydroponika")
    assert titles == set()
    assert counts["news"] == 0


def test_an_offer_valid_until_today_is_found_today_and_not_after_midnight(site_tree):
    today = timezone.localdate()
    OfferFactory(title="Hydroponika: ostatni dzień oferty", valid_until=today)
    assert found("hydroponika") == ({"Hydroponika: ostatni dzień oferty"}, counts_of(offers=1))
    # Midnight, with no publish in between: the next search is of the next day's public offers.
    with mock.patch("django.utils.timezone.localdate", return_value=today + datetime.timedelta(days=1)):
        assert found("hydroponika") == (set(), counts_of())


def test_expired_offer_is_neither_found_nor_counted(demo):
    titles, counts = found("wtryskarek")
    assert titles == set()
    assert sum(counts.values()) == 0


def test_counts_include_the_public_offer_and_not_the_expired_one(site_tree):
    OfferFactory(title="Anodowanie aluminium w Toruniu")
    OfferFactory(title="Anodowanie aluminium w Gdyni", valid_until=YESTERDAY)
    titles, counts = found("anodowanie")
    assert titles == {"Anodowanie aluminium w Toruniu"}
    assert counts["offers"] == 1
    assert suggested("anod") == {"Anodowanie aluminium w Toruniu"}


def test_draft_company_and_its_offers_are_not_found(site_tree):
    company = CompanyFactory(name="Hydrotech Szkic Sp. z o.o.", live=False)
    OfferFactory(title="Pompy hydrauliczne Hydrotech", company=company)
    titles, counts = found("hydrotech")
    assert titles == set()
    assert sum(counts.values()) == 0


def test_the_api_search_keeps_to_the_public_queryset_it_is_given(site_tree):
    OfferFactory(title="Lakierowanie proszkowe", kind=Offer.Kind.SERVICE)
    OfferFactory(title="Lakierowanie na zlecenie", kind=Offer.Kind.BUSINESS_OFFER)
    OfferFactory(title="Lakierowanie archiwalne", valid_until=YESTERDAY)
    public_services = Offer.objects.published("pl").services()
    assert [offer.title for offer in search_queryset(public_services, "lakierowanie", "pl")] == [
        "Lakierowanie proszkowe"
    ]


# The index follows the editors


def test_published_article_is_found_at_once(site_tree):
    make_article(news(site_tree), title="Hydroponika w Toruniu", lead="Uprawy bez gleby w szklarniach.")
    assert found("hydroponiki w toruniu")[0] == {"Hydroponika w Toruniu"}
    assert found("szklarni")[0] == {"Hydroponika w Toruniu"}


def test_republished_article_is_found_by_its_new_words_only(site_tree):
    article = make_article(news(site_tree), title="Robotyka w przemyśle")
    article.title = "Drony w rolnictwie"
    article.save_revision().publish()
    assert found("drony")[0] == {"Drony w rolnictwie"}
    assert found("robotyka")[0] == set()


def test_unpublished_article_is_no_longer_found(site_tree):
    article = make_article(news(site_tree), title="Hydroponika w Toruniu")
    article.unpublish()
    assert found("hydroponika")[0] == set()


def test_deleted_article_leaves_the_index(site_tree):
    article = make_article(news(site_tree), title="Hydroponika w Toruniu")
    assert indexed(article)
    ArticlePage.objects.get(pk=article.pk).delete()
    assert not indexed(article)
    assert found("hydroponika")[0] == set()


def test_company_is_found_once_published_and_not_after_unpublishing(site_tree):
    company = CompanyFactory(name="Hydrotech Sp. z o.o.", live=False)
    assert found("hydrotech")[0] == set()
    company.save_revision().publish()
    assert found("hydrotech")[0] == {"Hydrotech Sp. z o.o."}
    Company.objects.get(pk=company.pk).unpublish()
    assert found("hydrotech")[0] == set()


def test_deleted_company_leaves_the_index(site_tree):
    company = CompanyFactory(name="Hydrotech Sp. z o.o.")
    assert indexed(company)
    Company.objects.get(pk=company.pk).delete()
    assert not indexed(company)
    assert found("hydrotech")[0] == set()


def test_sectors_chosen_before_publishing_are_searchable(site_tree):
    sector = Sector.objects.create(name="Hydroponika", slug="hydroponika", locale=Locale.get_default())
    company = CompanyFactory(name="Zielone Szklarnie Sp. z o.o.", live=False)
    company.sectors.set([sector])  # kept in memory until the company is saved, after Wagtail indexes it
    company.save_revision().publish()
    assert found("hydroponiki")[0] == {"Zielone Szklarnie Sp. z o.o."}


def test_offer_is_not_found_after_its_valid_until_date_is_moved_back(site_tree):
    offer = OfferFactory(title="Anodowanie aluminium")
    assert found("anodowanie")[0] == {"Anodowanie aluminium"}
    offer.valid_until = YESTERDAY
    offer.save_revision().publish()
    assert found("anodowanie")[0] == set()


def test_offers_are_found_by_their_company_s_new_name_and_city_once_it_is_published(site_tree):
    company = CompanyFactory(name="Hydrotech Sp. z o.o.", city="Toruń")
    OfferFactory(title="Uprawy bez gleby", company=company)
    assert "Uprawy bez gleby" in found("hydrotech")[0]

    company.name = "Ksylotech Sp. z o.o."
    company.city = "Wąchock"
    company.save_revision()
    assert "Uprawy bez gleby" not in found("ksylotech")[0]  # a draft changes nothing readers find

    company.save_revision().publish()
    assert found("ksylotech")[0] == {"Ksylotech Sp. z o.o.", "Uprawy bez gleby"}
    assert found("wąchock")[0] == {"Ksylotech Sp. z o.o.", "Uprawy bez gleby"}
    assert found("hydrotech")[0] == set()
